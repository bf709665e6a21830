using Analysis.Kernel.Display;
using Analysis.Kernel.Magics;
using Microsoft.CodeAnalysis;

namespace Analysis.Kernel;

/// <summary>Settings for a kernel process.</summary>
public sealed record KernelOptions
{
    /// <summary>History file; null keeps history in memory. Defaults to <see cref="History.HistoryStore.DefaultPath"/>.</summary>
    public string? HistoryPath { get; init; } = History.HistoryStore.DefaultPath();

    /// <summary>Largest output (stream text per cell, or one display representation) in characters.</summary>
    public int MaxOutputCharacters { get; init; } = OutputLimits.DefaultMaxCharacters;

    /// <summary>How often buffered standard output is sent while a cell runs.</summary>
    public TimeSpan StreamFlushInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The formatter registry the kernel displays with.</summary>
    public FormatterRegistry Formatters { get; init; } = FormatterRegistry.Default;

    /// <summary>The magics the kernel understands.</summary>
    public MagicRegistry Magics { get; init; } = MagicRegistry.CreateDefault();

    /// <summary>
    /// Extensions loaded at start-up; null (the default) finds them beside the kernel
    /// (<see cref="Extensions.KernelExtensionLoader.Discover"/>). Use an empty list for none.
    /// </summary>
    public IReadOnlyList<Extensions.IKernelExtension>? Extensions { get; init; }

    /// <summary>Resolves <c>#r</c> directives; null uses the default (files, and NuGet packages).</summary>
    public MetadataReferenceResolver? MetadataResolver { get; init; }
}
