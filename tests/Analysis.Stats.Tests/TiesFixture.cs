using System.Text.Json;
using Deedle;

namespace Analysis.Stats.Tests;

/// <summary>
/// Data sets that tell Efron from Breslow, written by R as CSV and fitted by R's coxph with both ties once for the
/// test class: survival::veteran stratified by cell type, and survival::lung with its times rounded up to the nodes'
/// 30-day survival grid (almost every death tied). Also the log-likelihood, score and information at a non-zero
/// beta (<c>init = b, iter.max = 0</c>: R's loglik there, the summed score residuals, the inverse of vcov).
/// </summary>
public sealed class TiesFixture : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stats-ties-").FullName;

    /// <summary>The models, as name → (data set, formula terms, strata or null, beta for the evaluation at a point).</summary>
    public static readonly IReadOnlyDictionary<string, (string Data, string[] Covariates, string? Strata, double[] Beta)> Models =
        new Dictionary<string, (string, string[], string?, double[])>
        {
            ["veteran"] = ("veteran", ["karno", "age", "trt", "prior"], "celltype", [-0.03, 0.005, 0.2, 0.01]),
            ["lung30"] = ("lung30", ["age", "sex", "ph.ecog"], null, [0.01, -0.4, 0.3]),
            ["lung30s"] = ("lung30", ["age", "sex", "ph.ecog"], "inst", [0.02, -0.6, 0.5]),
            ["lung"] = ("lung", ["age", "sex", "ph.ecog"], null, [0.01, -0.4, 0.3]),
        };

    public TiesFixture()
    {
        var paths = new Dictionary<string, string>
        {
            ["veteran"] = Path.Combine(_folder, "veteran.csv"),
            ["lung30"] = Path.Combine(_folder, "lung30.csv"),
            ["lung"] = Path.Combine(_folder, "lung.csv"),
        };
        string Vector(double[] beta) => "c(" + string.Join(", ", beta.Select(b => b.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + ")";
        var fits = string.Join(",\n", Models.Select(m =>
        {
            var (data, covariates, strata, beta) = m.Value;
            var formula = $"Surv(time, status) ~ {string.Join(" + ", covariates)}{(strata is null ? "" : $" + strata({strata})")}";
            return $"  {m.Key} = both(function(ties, ...) coxph({formula}, data = {data}, ties = ties, ...), {Vector(beta)})";
        }));
        R = RScript.Run($$"""
            lung30 <- lung
            lung30$time <- ceiling(lung30$time / 30) * 30
            write.csv(veteran, {{RScript.Quote(paths["veteran"])}}, row.names = FALSE, na = "NA")
            write.csv(lung30, {{RScript.Quote(paths["lung30"])}}, row.names = FALSE, na = "NA")
            write.csv(lung, {{RScript.Quote(paths["lung"])}}, row.names = FALSE, na = "NA")
            one <- function(fit, ties, b) {
              f <- fit(ties, control = coxph.control(eps = 1e-12, iter.max = 100))
              a <- fit(ties, init = b, control = coxph.control(iter.max = 0))
              list(coef = unname(coef(f)), se = unname(sqrt(diag(vcov(f)))), loglik = f$loglik, n = f$n, events = f$nevent, iter = f$iter,
                   atLoglik = a$loglik[1], atScore = unname(colSums(residuals(a, type = "score"))), atInformation = as.vector(solve(vcov(a))))
            }
            both <- function(fit, b) list(efron = one(fit, "efron", b), breslow = one(fit, "breslow", b))
            r <- list(
            {{fits}}
            )
            emit(r)
            """);
        Frames = paths.ToDictionary(p => p.Key, p => Frame.ReadCsv(p.Value, inferRows: 1000, missingValues: ["NA"]));
    }

    /// <summary>R's results: model name, then <c>efron</c> or <c>breslow</c>.</summary>
    public JsonElement R { get; }

    /// <summary>The data sets as R wrote them, by name.</summary>
    public IReadOnlyDictionary<string, Frame<int, string>> Frames { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
