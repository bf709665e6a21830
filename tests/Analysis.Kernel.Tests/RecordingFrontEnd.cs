using Analysis.Kernel.Display;

namespace Analysis.Kernel.Tests;

/// <summary>Records what cells ask of the front end; stands in for Jupyter in session-level tests.</summary>
public sealed class RecordingFrontEnd : IKernelFrontEnd
{
    public List<(MimeBundle Bundle, string? Id, bool Update)> Displays { get; } = [];
    public int Clears { get; private set; }
    public Queue<string> Inputs { get; } = new();

    public void Display(MimeBundle bundle, string? displayId, bool update) => Displays.Add((bundle, displayId, update));
    public void ClearOutput(bool wait) => Clears++;
    public string RequestInput(string prompt, bool password) =>
        Inputs.TryDequeue(out var line) ? line : throw new InvalidOperationException("no input queued");

    /// <summary>A fresh session wired to a new recording front end.</summary>
    public static (Analysis.Kernel.Execution.ScriptSession Session, RecordingFrontEnd FrontEnd) NewSession()
    {
        var frontEnd = new RecordingFrontEnd();
        return (new Analysis.Kernel.Execution.ScriptSession(new KernelGlobals(frontEnd, FormatterRegistry.Default)), frontEnd);
    }
}
