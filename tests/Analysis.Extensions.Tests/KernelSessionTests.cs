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
            display(new SiteAnswer<Count>("oslo", Count.Of(ReleasedCell.Suppressed(5)), null));
            display(Federated.Count([new("oslo", ReleasedCell.Shown(12), null), new("lyon", ReleasedCell.Suppressed(5), null)]));
            chart
            """, 1, CancellationToken.None);
        Assert.Null(outcome.Exception);
        Assert.Empty(outcome.CompileErrors);
        var bundle = formatters.Format(outcome.Value);
        Assert.Contains("Plotly.newPlot", bundle.Data[MimeTypes.Html].GetValue<string>());
        Assert.True(bundle.Data.ContainsKey(AnalysisFormatters.PlotlyMime));
        Assert.Equal(2, frontEnd.Displays.Count);
        Assert.Contains("class=\"suppressed\"", frontEnd.Displays[0].Bundle.Data[MimeTypes.Html].GetValue<string>());
        var count = frontEnd.Displays[1].Bundle.Data[MimeTypes.Html].GetValue<string>();
        Assert.Contains("class=\"suppressed\"", count);
        Assert.Contains("≥ 12", count);
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
        Assert.Contains("formatter  Federated<Count>: text/html", text);
        Assert.Matches(@"formatter  Frame<\w+, \w+>: text/html", text);
        Assert.Contains("magic      #!plotly", text);
        Assert.Contains("imports    Analysis.Viz, Analysis.Federation, Analysis.Contracts", text);
    }

    /// <summary>Runs <paramref name="test"/> with <c>FederationClient.Local()</c> finding a catalog of one site at <paramref name="url"/>.</summary>
    private static async Task WithLocalFederation(string url, Func<Task> test)
    {
        var dir = Directory.CreateTempSubdirectory("analysis-extension-tests").FullName;
        var before = Environment.GetEnvironmentVariable(Federation.FederationClient.CatalogVariable);
        try
        {
            var catalog = new Federation.FederationCatalog([new Federation.Site("fake", "XX", new Uri(url), "t", null, null)]);
            Environment.SetEnvironmentVariable(Federation.FederationClient.CatalogVariable, catalog.Write(Path.Combine(dir, Federation.FederationCatalog.FileName)));
            await test();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Federation.FederationClient.CatalogVariable, before);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_federation_made_in_a_cell_shows_its_progress_in_the_cell()
    {
        var (session, frontEnd, _, _, _) = Session();
        await using var site = Federation.Tests.FakeSite.Answering(200, "application/json", """{"count":{"value":42}}""");
        await WithLocalFederation(site.Url, async () =>
        {
            var outcome = await session.RunAsync("""
                var fed = FederationClient.Local();
                (await fed.Cohort().CountAsync()).Result.N
                """, 1, CancellationToken.None);
            Assert.Null(outcome.Exception);
            Assert.Equal(42L, outcome.Value);
        });
        var progress = Assert.Single(frontEnd.Displays).Bundle.PlainText;
        Assert.StartsWith("api/v1/count: 1/1 sites — fake answered (", progress);
    }

    [Fact]
    public async Task Interrupting_a_cell_cancels_the_federated_requests_it_started()
    {
        var (session, _, _, _, _) = Session();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var site = new Federation.Tests.FakeSite(async (_, stop) =>
        {
            received.TrySetResult();
            await Task.Delay(Timeout.Infinite, stop);
        });
        await WithLocalFederation(site.Url, async () =>
        {
            // The cell passes no token and uses the default options (a 10 s site timeout, after which a count that was not
            // cancelled would end as a result with a failed site, not as an interrupt).
            using var interrupt = new CancellationTokenSource();
            var cell = session.RunAsync("""
                var fed = FederationClient.Local();
                await fed.Cohort().CountAsync()
                """, 1, interrupt.Token);
            await received.Task;
            await interrupt.CancelAsync();
            var outcome = await cell;
            Assert.True(outcome.Interrupted, outcome.Exception?.ToString() ?? $"the cell ended with {outcome.Value}");
        });
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
