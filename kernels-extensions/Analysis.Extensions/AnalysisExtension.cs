using Analysis.Federation;
using Analysis.Kernel;
using Analysis.Kernel.Execution;
using Analysis.Kernel.Extensions;
using Analysis.Kernel.Magics;

[assembly: KernelExtension(typeof(Analysis.Extensions.AnalysisExtension))]

namespace Analysis.Extensions;

/// <summary>
/// The kernel extension for the Analysis libraries: their formatters, the <c>#!plotly</c>
/// magic, and references so cells use every Analysis library (federation, statistics, FHIR, genomics, imaging,
/// machine learning, charts), Plotly.NET, Deedle, Arrow, FHIR, ML.NET and TorchSharp types without <c>#r</c>.
/// </summary>
public sealed class AnalysisExtension : IKernelExtension
{
    /// <summary>Namespaces imported into every cell.</summary>
    /// <remarks>Only ours: each import costs compile time in every cell (see bench/viz/README.md).</remarks>
    public static readonly string[] DefaultImports = ["Analysis.Viz", "Analysis.Federation", "Analysis.Contracts", "Analysis.Contracts.Beacon", "Analysis.Stats"];

    /// <summary>Renders this session's charts (and remembers whether plotly.js was sent).</summary>
    public PlotlyHtml Plotly { get; } = new();

    /// <inheritdoc/>
    public string Name => "analysis";

    /// <inheritdoc/>
    public void Load(KernelExtensionContext context)
    {
        AnalysisFormatters.AddTo(context.Formatters, Plotly);
        DomainFormatters.AddWithoutTorch(context.Formatters);
        // TorchSharp in any cell, first or not, at no cost to start-up: its assembly is referenced by file, not loaded,
        // and when a cell first needs it the hook loads libtorch before TorchSharp's own loader can fail (see TorchSharpHook).
        TorchSharpHook.Install(context.Formatters);
        // Federations made in a cell (FederationClient.Local()) show their progress in the running cell, and
        // interrupting the cell cancels every request it started.
        if (context.Session?.Globals is KernelGlobals globals)
        {
            FederationOptions.Default = CellOptions(FederationOptions.Default, globals);
            // Seeds our libraries draw from go into the running cell's output, so a headless run's provenance lists them.
            Contracts.RandomSeeds.Used += globals.Results.Seed;
        }
        context.Magics.Register(new PlotlyMagic(Plotly));
        context.Reference(
                typeof(Viz.Charts).Assembly, typeof(FederationClient).Assembly, typeof(Contracts.Variable).Assembly, typeof(Stats.Survival).Assembly,
                typeof(Fhir.FhirSource).Assembly, typeof(Genomics.Maf.MafReader).Assembly, typeof(Imaging.Dicom.DicomFile).Assembly,
                typeof(ML.Datasets).Assembly, typeof(ML.Torch.TorchRuntime).Assembly, typeof(Microsoft.ML.MLContext).Assembly, typeof(Plotly.NET.GenericChart).Assembly,
                typeof(Microsoft.FSharp.Core.FSharpOption<>).Assembly, typeof(DynamicObj.DynamicObj).Assembly, typeof(Deedle.Frame).Assembly,
                typeof(Apache.Arrow.RecordBatch).Assembly, typeof(Hl7.Fhir.Model.Patient).Assembly, typeof(Hl7.Fhir.Model.Resource).Assembly)
            .ReferenceFiles(TorchSharpHook.AssemblyPath)
            .Import(DefaultImports);
    }

    /// <summary><paramref name="options"/> reporting progress in the running cell of <paramref name="globals"/>' session and obeying its interrupt.</summary>
    public static FederationOptions CellOptions(FederationOptions options, KernelGlobals globals) =>
        options with { Progress = new NotebookProgress(globals), Cancellation = () => Interruption.Token };
}

/// <summary><c>#!plotly</c>: the next chart carries plotly.js again (after clearing outputs or reopening a notebook).</summary>
public sealed class PlotlyMagic(PlotlyHtml plotly) : Magic
{
    /// <inheritdoc/>
    public override string Name => "plotly";

    /// <inheritdoc/>
    public override string Description => "Embed plotly.js again in this cell's first chart (after outputs were cleared).";

    /// <inheritdoc/>
    public override Task RunAsync(MagicContext context, string arguments, Func<Task> runCell)
    {
        plotly.EmbedAgain();
        return runCell();
    }
}
