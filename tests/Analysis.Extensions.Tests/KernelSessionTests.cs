using Analysis.Kernel;
using Analysis.Kernel.Display;
using Analysis.Kernel.Execution;
using Analysis.Kernel.Extensions;
using Analysis.Kernel.Magics;
using Analysis.Kernel.Tests;

namespace Analysis.Extensions.Tests;

public class KernelSessionTests
{
    /// <summary>A script session with the extension loaded the way the kernel loads it: discovered beside the binaries.</summary>
    private static (ScriptSession Session, RecordingFrontEnd FrontEnd, FormatterRegistry Formatters, MagicRegistry Magics, IReadOnlyList<LoadedExtension> Loaded) Session()
    {
        var frontEnd = new RecordingFrontEnd();
        var formatters = DefaultFormatters.AddTo(new FormatterRegistry());
        var magics = MagicRegistry.CreateDefault();
        var session = new ScriptSession(new KernelGlobals(frontEnd, formatters));
        var loaded = KernelExtensionLoader.Load(KernelExtensionLoader.Discover(AppContext.BaseDirectory), () => new KernelExtensionContext(formatters, magics, session));
        return (session, frontEnd, formatters, magics, loaded);
    }

    [Fact]
    public async Task The_extension_is_discovered_beside_the_kernel_and_cells_use_the_libraries_without_r()
    {
        var (session, frontEnd, formatters, _, loaded) = Session();
        var extension = Assert.Single(loaded);
        Assert.Equal("analysis", extension.Name);
        Assert.Null(extension.Error);
        var outcome = await session.RunAsync("""
            var chart = Charts.KaplanMeier([new SurvivalSeries("all", [10.0, 20], [0.9, 0.8])]);
            display(new FederatedCount([new SiteCount("oslo", null, true, "<5", null)]));
            chart
            """, 1, CancellationToken.None);
        Assert.Null(outcome.Exception);
        Assert.Empty(outcome.CompileErrors);
        var bundle = formatters.Format(outcome.Value);
        Assert.Contains("Plotly.newPlot", bundle.Data[MimeTypes.Html].GetValue<string>());
        Assert.True(bundle.Data.ContainsKey(AnalysisFormatters.PlotlyMime));
        Assert.Contains("class=\"suppressed\"", Assert.Single(frontEnd.Displays).Bundle.Data[MimeTypes.Html].GetValue<string>());
    }

    [Fact]
    public async Task Cells_compile_against_the_networks_and_their_training_extensions_without_r()
    {
        // TabularMlp lives in Analysis.ML.Torch, Fit and ToFrame are Analysis.ML's extensions; nothing here loads libtorch.
        var (session, _, _, _, _) = Session();
        var outcome = await session.RunAsync("""
            using Analysis.ML.Torch;
            Func<TabularMlp, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TrainingResult> fit = (mlp, x, y) => mlp.Fit(x, y, new TrainingOptions { Epochs = 2 });
            Func<TrainingResult, Deedle.Frame<int, string>> history = result => result.ToFrame();
            typeof(TabularMlp).Assembly.GetName().Name
            """, 1, CancellationToken.None);
        Assert.Empty(outcome.CompileErrors);
        Assert.Null(outcome.Exception);
        Assert.Equal("Analysis.ML.Torch", outcome.Value);
    }

    [Fact]
    public async Task Extensions_magic_lists_formatters_per_type_and_mime_type_and_magics()
    {
        var (session, _, _, magics, _) = Session();
        Assert.True(magics.TryGet("extensions", out var magic));
        var output = new StringWriter();
        await magic.RunAsync(new MagicContext(session, output, magics), "", () => Task.CompletedTask);
        var text = output.ToString();
        Assert.Contains("analysis (Analysis.Extensions)", text);
        Assert.Contains("formatter  GenericChart: text/html, application/vnd.plotly.v1+json", text);
        Assert.Contains("formatter  FederatedCount: text/html", text);
        Assert.Matches(@"formatter  Frame<\w+, \w+>: text/html", text);
        Assert.Contains("magic      #!plotly", text);
        Assert.Contains("imports    Analysis.Viz, Analysis.Federation", text);
    }

    private sealed class Broken : IKernelExtension
    {
        public string Name => "broken";
        public void Load(KernelExtensionContext context) => throw new InvalidOperationException("no config");
    }

    [Fact]
    public void An_extension_that_throws_is_reported_and_the_others_still_load()
    {
        var formatters = new FormatterRegistry();
        var magics = new MagicRegistry();
        var loaded = KernelExtensionLoader.Load([new Broken(), new AnalysisExtension()], () => new KernelExtensionContext(formatters, magics, null));
        Assert.Equal("InvalidOperationException: no config", loaded[0].Error);
        Assert.Null(loaded[1].Error);
        Assert.NotEmpty(loaded[1].Formatters);
        Assert.True(magics.TryGet("extensions", out _));
    }
}
