using Analysis.Kernel.Display;

namespace Analysis.Kernel;

/// <summary>What cells can ask of the front end that runs them; the kernel implements it.</summary>
public interface IKernelFrontEnd
{
    /// <summary>Sends a <c>display_data</c> (or <c>update_display_data</c> when <paramref name="update"/> is true).</summary>
    void Display(MimeBundle bundle, string? displayId, bool update);

    /// <summary>Sends <c>clear_output</c>; with <paramref name="wait"/> the front end clears when the next output arrives.</summary>
    void ClearOutput(bool wait);

    /// <summary>Asks the user for a line of input over the stdin channel.</summary>
    /// <exception cref="InvalidOperationException">The front end does not accept input.</exception>
    string RequestInput(string prompt, bool password);
}
