using Analysis.Kernel.Display;

namespace Analysis.Kernel.Tests.LanguageServices;

/// <summary>A front end that records what cells ask of it; the tests are about language services, not display.</summary>
internal sealed class RecordingFrontEnd : IKernelFrontEnd
{
    public List<MimeBundle> Displayed { get; } = [];

    public void Display(MimeBundle bundle, string? displayId, bool update) => Displayed.Add(bundle);

    public void ClearOutput(bool wait) { }

    public string RequestInput(string prompt, bool password) => "";
}
