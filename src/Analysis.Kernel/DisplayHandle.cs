namespace Analysis.Kernel;

/// <summary>
/// A display that can be replaced in place, as IPython's <c>display(obj, display_id=...)</c>:
/// keep the handle and call <see cref="Update"/> to redraw the same output area.
/// </summary>
public sealed class DisplayHandle
{
    private readonly KernelGlobals _globals;

    internal DisplayHandle(KernelGlobals globals, string id)
    {
        _globals = globals;
        Id = id;
    }

    /// <summary>The display id front ends use to find the output.</summary>
    public string Id { get; }

    /// <summary>Replaces what this display shows.</summary>
    public void Update(object? value) => _globals.update_display(value, Id);

    /// <inheritdoc/>
    public override string ToString() => $"display {Id}";
}
