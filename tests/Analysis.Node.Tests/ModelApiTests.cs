using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Analysis.Stats;

namespace Analysis.Node.Tests;

/// <summary>Two real nodes with different patients, as two hospitals in a federated fit.</summary>
public sealed class TwoSites : IAsyncLifetime
{
    public RunningNode Oslo { get; private set; } = null!;
    public RunningNode Lyon { get; private set; } = null!;
    public IReadOnlyList<RunningNode> All => [Oslo, Lyon];

    public async Task InitializeAsync()
    {
        // Exact mode: these tests check the federated fit equals the pooled one (protected mode is ModelAttacks' and ProtectedModelTests').
        Oslo = await RunningNode.StartAsync(SiteFixture.Random(320, seed: 11, site: "oslo"), RunningNode.ExactConfig());
        Lyon = await RunningNode.StartAsync(SiteFixture.Random(260, seed: 12, site: "lyon"), RunningNode.ExactConfig());
    }

    public async Task DisposeAsync()
    {
        await Oslo.DisposeAsync();
        await Lyon.DisposeAsync();
    }
}

public sealed class ModelApiTests(TwoSites sites) : IClassFixture<TwoSites>
{
    private static readonly string[] Covariates = ["age_at_diagnosis", "sex", "stage_group"];
    private static readonly string[] Columns = ["age_at_diagnosis", "sex=male", "stage_group=II", "stage_group=III", "stage_group=IV"];
    private static readonly string[] LogisticColumns = ["(intercept)", .. Columns];

    private static bool Died(FixturePatient p) => p.Deceased;

    private static async Task<(ScoreStep Stats, JsonElement Body)> Fit(RunningNode node, string path, object body)
    {
        var (response, json) = await node.PostAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {json}");
        var score = json.GetProperty("score").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var info = json.GetProperty("information").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var cox = path.Contains("cox", StringComparison.Ordinal);
        var ll = json.GetProperty(cox ? "logPartialLikelihood" : "logLikelihood").GetDouble();
        // A logistic node does not send its outcome count; the fits below are told it.
        var events = cox ? json.GetProperty("events").GetInt64() : 0;
        return (new ScoreStep(score, info, ll, json.GetProperty("n").GetInt64(), events), json);
    }

    private static void Close(ScoreStep expected, ScoreStep actual, double tolerance = 1e-9)
    {
        static void Near(double e, double a, double tol, string what) =>
            Assert.True(Math.Abs(e - a) <= tol * Math.Max(1, Math.Abs(e)), $"{what}: expected {e}, got {a}");
        Near(expected.LogLikelihood, actual.LogLikelihood, tolerance, "log-likelihood");
        Assert.Equal(expected.Score.Length, actual.Score.Length);
        for (var a = 0; a < expected.Score.Length; a++)
        {
            Near(expected.Score[a], actual.Score[a], tolerance, $"score[{a}]");
            for (var b = 0; b < expected.Score.Length; b++) Near(expected.Information[a][b], actual.Information[a][b], tolerance, $"information[{a},{b}]");
        }
    }

    /// <summary>The deaths across both sites: the outcome count of the logistic fits and the event count of the Cox fits.</summary>
    private long PooledDeaths => sites.All.Sum(n => n.Patients.LongCount(Died));

    private static void Equal(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - actual[j]) <= tolerance * Math.Max(1, Math.Abs(expected[j])), $"coefficient {j}: expected {expected[j]}, got {actual[j]}");
    }

    private static string[] Names(JsonElement body) => body.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();

    [Fact]
    public async Task Logistic_score_and_information_match_the_reference_at_nonzero_beta()
    {
        var node = sites.Oslo;
        double[] beta = [-0.8, 0.01, 0.2, -0.1, 0.3, 0.05];
        var (stats, body) = await Fit(node, "api/v1/glm/logistic", new { outcome = "event", covariates = Covariates, beta });
        Assert.Equal(LogisticColumns, Names(body));
        Assert.Equal(node.Patients.Count, body.GetProperty("n").GetInt32());
        Close(ModelReference.Logistic(node.Patients, LogisticColumns, Died, beta), stats);
    }

    [Fact]
    public async Task Logistic_with_a_filter_and_a_named_positive_level_matches_the_reference()
    {
        var node = sites.Lyon;
        string[] columns = ["(intercept)", "age_at_diagnosis", "m=M1"];
        double[] beta = [0.5, -0.02, 0.4];
        var (stats, body) = await Fit(node, "api/v1/glm/logistic", new
        {
            filter = new { diagnosis = "254637007" }, outcome = "stage_group", positive = "IV", covariates = new[] { "age_at_diagnosis", "m" }, beta,
        });
        Assert.Equal(columns, Names(body));
        var cohort = node.Patients.Where(p => p.Snomed == "254637007").ToList();
        Assert.Equal(cohort.Count, body.GetProperty("n").GetInt32());
        Close(ModelReference.Logistic(cohort, columns, p => p.Stage == "IV", beta), stats);
    }

    [Theory]
    [InlineData("breslow", CoxTies.Breslow)]
    [InlineData("efron", CoxTies.Efron)]
    [InlineData(null, CoxTies.Efron)]
    [InlineData("Efron", CoxTies.Efron)]
    public async Task Cox_score_and_information_match_the_reference_on_the_survival_grid(string? ties, CoxTies expected)
    {
        var node = sites.Oslo;
        double[] beta = [0.02, -0.3, 0.1, 0.4, 0.7];
        var (stats, body) = await Fit(node, "api/v1/cox/score", ties is null ? new { covariates = Covariates, beta } : new { covariates = Covariates, beta, ties });
        Assert.Equal(Columns, Names(body));
        Assert.Equal(node.Patients.Count(Died), body.GetProperty("events").GetInt32());
        Close(ModelReference.Cox([node.Patients], Columns, beta, expected), stats);
        // On the grid deaths tie, so the other handling of ties would not match: the node used the one asked for.
        var other = ModelReference.Cox([node.Patients], Columns, beta, expected == CoxTies.Efron ? CoxTies.Breslow : CoxTies.Efron);
        Assert.True(Math.Abs(other.LogLikelihood - stats.LogLikelihood) > 1e-3, $"Efron and Breslow give {other.LogLikelihood} and {stats.LogLikelihood}");
    }

    [Fact]
    public async Task Federated_logistic_equals_the_pooled_fit()
    {
        var federated = await ModelReference.NewtonRaphson(LogisticColumns, PooledDeaths, beta => Sum("api/v1/glm/logistic", new { outcome = "event", covariates = Covariates, beta }));
        var pooled = sites.All.SelectMany(n => n.Patients).ToList();
        var reference = await ModelReference.NewtonRaphson(LogisticColumns, PooledDeaths, beta => Task.FromResult(ModelReference.Logistic(pooled, LogisticColumns, Died, beta)));
        Equal(reference, federated, 1e-6);
    }

    [Theory]
    [InlineData(CoxTies.Efron)]
    [InlineData(CoxTies.Breslow)]
    public async Task Federated_cox_equals_the_site_stratified_pooled_fit(CoxTies ties)
    {
        var name = ties.ToString().ToLowerInvariant();
        var federated = await ModelReference.NewtonRaphson(Columns, PooledDeaths, beta => Sum("api/v1/cox/score", new { covariates = Covariates, beta, ties = name }));
        var reference = await ModelReference.NewtonRaphson(Columns, PooledDeaths, beta => Task.FromResult(ModelReference.Cox(sites.All.Select(n => n.Patients).ToList(), Columns, beta, ties)));
        Equal(reference, federated, 1e-7);
    }

    private async Task<ScoreStep> Sum(string path, object body)
    {
        var parts = await Task.WhenAll(sites.All.Select(n => Fit(n, path, body)));
        var columns = Names(parts[0].Body);
        Assert.All(parts, p => Assert.Equal(columns, Names(p.Body)));
        return ScoreStep.Sum(parts.Select(p => p.Stats));
    }

    [Fact]
    public async Task Federated_fits_agree_with_R_glm_and_coxph()
    {
        // Never a silent pass: ./test.sh installs R, so a machine without it fails here and says why.
        Assert.True(RAvailable(), "R with the survival package is needed: apt-get install r-base-core r-cran-survival (./test.sh installs them)");
        var csv = Path.Combine(SiteFixture.NewDirectory(), "pooled.csv");
        var text = new StringBuilder("site,time,event,age,sex,stage\n");
        foreach (var node in sites.All)
            foreach (var q in node.Patients)
                text.Append(CultureInfo.InvariantCulture, $"{q.Id[..4]},{ModelReference.GridTime(q)},{q.Event},{q.Age},{q.Sex},{q.Stage}\n");
        File.WriteAllText(csv, text.ToString());
        const string script = """
            library(survival)
            d <- read.csv(commandArgs(TRUE)[1], colClasses = c(site = "character", sex = "character", stage = "character"))
            d$sex <- factor(d$sex, levels = c("female", "male")); d$stage <- factor(d$stage, levels = c("I", "II", "III", "IV"))
            g <- glm(event ~ age + sex + stage, family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
            cx <- coxph(Surv(time, event) ~ age + sex + stage + strata(site), data = d, ties = "breslow", control = coxph.control(eps = 1e-12, iter.max = 100))
            ce <- coxph(Surv(time, event) ~ age + sex + stage + strata(site), data = d, control = coxph.control(eps = 1e-12, iter.max = 100))
            cat(sprintf("%.17g", coef(g)), "\n"); cat(sprintf("%.17g", coef(cx)), "\n"); cat(sprintf("%.17g", coef(ce)), "\n")
            """;
        var scriptPath = Path.ChangeExtension(csv, ".R");
        File.WriteAllText(scriptPath, script);
        var lines = Run("/usr/bin/Rscript", scriptPath, csv).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        double[] Parse(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        var logistic = await ModelReference.NewtonRaphson(LogisticColumns, PooledDeaths, beta => Sum("api/v1/glm/logistic", new { outcome = "event", covariates = Covariates, beta }));
        var breslow = await ModelReference.NewtonRaphson(Columns, PooledDeaths, beta => Sum("api/v1/cox/score", new { covariates = Covariates, beta, ties = "breslow" }));
        var efron = await ModelReference.NewtonRaphson(Columns, PooledDeaths, beta => Sum("api/v1/cox/score", new { covariates = Covariates, beta }));
        Equal(Parse(lines[0]), logistic, 1e-6);
        Equal(Parse(lines[1]), breslow, 1e-7);
        Equal(Parse(lines[2]), efron, 1e-7);
    }

    private static bool RAvailable() =>
        File.Exists("/usr/bin/Rscript") && Run("/usr/bin/Rscript", "-e", "cat(requireNamespace('survival', quietly = TRUE))").Trim() == "TRUE";

    private static string Run(string file, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {stderr.Result}");
        return output;
    }
}
