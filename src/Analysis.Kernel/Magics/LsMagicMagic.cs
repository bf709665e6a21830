namespace Analysis.Kernel.Magics;

/// <summary><c>#!lsmagic</c>: lists the magics this kernel knows.</summary>
public sealed class LsMagicMagic : Magic
{
    /// <inheritdoc/>
    public override string Name => "lsmagic";

    /// <inheritdoc/>
    public override string Description => "List the available magics.";

    /// <inheritdoc/>
    public override Task RunAsync(MagicContext context, string arguments, Func<Task> runCell)
    {
        context.Out.WriteLine("Cell magics (write them on the first lines of a cell):");
        foreach (var magic in context.Magics.All) context.Out.WriteLine($"  #!{magic.Name,-10} {magic.Description}");
        context.Out.WriteLine("Directives:");
        context.Out.WriteLine("  #r \"path/to/library.dll\"       Reference an assembly.");
        context.Out.WriteLine("  #r \"nuget: Package, 1.2.3\"     Restore a NuGet package (and its dependencies) and reference it.");
        return runCell();
    }
}
