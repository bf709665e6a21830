using Analysis.Kernel.Display;
using Analysis.Kernel.Magics;

namespace Analysis.Kernel.Extensions;

/// <summary><c>#!extensions</c>: lists the loaded kernel extensions and what each registered.</summary>
public sealed class ExtensionsMagic(IReadOnlyList<LoadedExtension> loaded) : Magic
{
    /// <inheritdoc/>
    public override string Name => "extensions";

    /// <inheritdoc/>
    public override string Description => "List the loaded extensions: formatters per type and MIME type, magics, assemblies.";

    /// <summary>The extensions the kernel loaded at start-up.</summary>
    public IReadOnlyList<LoadedExtension> Loaded => loaded;

    /// <inheritdoc/>
    public override Task RunAsync(MagicContext context, string arguments, Func<Task> runCell)
    {
        var o = context.Out;
        if (loaded.Count == 0) o.WriteLine("No extensions loaded.");
        foreach (var e in loaded)
        {
            o.WriteLine($"{e.Name} ({e.Assembly}), loaded in {TimeMagic.Format(e.LoadTime)}{(e.Error is null ? "" : $" FAILED: {e.Error}")}");
            foreach (var group in e.Formatters.GroupBy(f => TypeNames.Display(f.Type)))
                o.WriteLine($"  formatter  {group.Key}: {string.Join(", ", group.Select(f => f.MimeType).Distinct())}");
            foreach (var m in e.Magics) o.WriteLine($"  magic      #!{m}");
            if (e.Assemblies.Count > 0) o.WriteLine($"  assemblies {string.Join(", ", e.Assemblies)}");
            if (e.Imports.Count > 0) o.WriteLine($"  imports    {string.Join(", ", e.Imports)}");
        }
        return runCell();
    }
}
