using Analysis.Kernel.Display;
using Analysis.Kernel.Execution;

namespace Analysis.Kernel;

/// <summary>
/// Names every cell can use without qualification. The lower-case names follow IPython,
/// so notebooks read the same in both kernels.
/// </summary>
#pragma warning disable IDE1006 // IPython's names, on purpose.
public class KernelGlobals(IKernelFrontEnd frontEnd, FormatterRegistry formatters)
{
    /// <summary>The formatter registry: register how your types look in the notebook.</summary>
    public FormatterRegistry Formatters => formatters;

    /// <summary>The running cell's cancellation token; cancelled when the user interrupts.</summary>
    public CancellationToken Cancellation => Interruption.Token;

    /// <summary>Named results for headless runs: <c>Results.Record("median_os", value)</c> keeps the value in the output
    /// notebook, where <c>analysis verify</c> compares it with the published one.</summary>
    public ResultRecorder Results { get; } = new(frontEnd);

    /// <summary>Shows a value in the output area using the richest formatter available.</summary>
    public void display(object? value) => frontEnd.Display(formatters.Format(value), null, update: false);

    /// <summary>Shows a value under a display id and returns a handle to update it in place later.</summary>
    public DisplayHandle display(object? value, string displayId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayId);
        frontEnd.Display(formatters.Format(value), displayId, update: false);
        return new DisplayHandle(this, displayId);
    }

    /// <summary>Replaces the output shown under <paramref name="displayId"/>, wherever it is in the notebook.</summary>
    public void update_display(object? value, string displayId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayId);
        frontEnd.Display(formatters.Format(value), displayId, update: true);
    }

    /// <summary>Clears the cell's output; with <paramref name="wait"/>, only when new output arrives (no flicker).</summary>
    public void clear_output(bool wait = false) => frontEnd.ClearOutput(wait);

    /// <summary>Asks the user for a line of text, showing <paramref name="prompt"/>.</summary>
    public string input(string prompt = "") => frontEnd.RequestInput(prompt, password: false);

    /// <summary>Asks the user for a secret; the front end hides what is typed.</summary>
    public string getpass(string prompt = "Password: ") => frontEnd.RequestInput(prompt, password: true);
}
#pragma warning restore IDE1006
