// Times our local Cox, logistic and Kaplan-Meier fits on a generated cohort against R (coxph, glm, survfit)
// on the same rows, written once to CSV, in the same run; prints medians and the ratio ours / R.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Analysis.Stats;
using Analysis.Stats.Tests;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
var patients = GeneratedCohort.Make(rows, seed: 11);
var csv = GeneratedCohort.WriteCsv(patients, Path.Combine(Path.GetTempPath(), $"stats-bench-{Environment.ProcessId}.csv"));
var table = GeneratedCohort.Table(patients);
string[] covariates = ["age", "sex", "stage", "marker"];

// Each timed run starts from the table (design matrix, sorting and fit), as a notebook call does. The first
// call of each (JIT included, what a notebook user feels once) is reported apart from the warm median.
var ours = new Dictionary<string, (double First, double Warm)>
{
    ["cox"] = Time(runs, () => CoxModel.Cox(table, "time", "died", covariates)),
    ["cox_strata"] = Time(runs, () => CoxModel.Cox(table, "time", "died", covariates, strata: "site")),
    ["logistic"] = Time(runs, () => LogisticRegression.Logistic(table, "response", covariates)),
    ["km"] = Time(runs, () => Survival.KaplanMeier(table, "time", "died", strata: "stage")),
};
var cox = CoxModel.Cox(table, "time", "died", covariates);

var script = Path.ChangeExtension(csv, ".R");
File.WriteAllText(script, $$"""
    suppressPackageStartupMessages(library(survival))
    d <- read.csv("{{csv}}")
    med <- function(f) { f(); median(vapply(1:{{runs}}, function(i) system.time(f())[["elapsed"]], 0)) * 1000 }
    cox <- med(function() coxph(Surv(time, died) ~ age + sex + stage + marker, data = d, ties = "efron"))
    coxs <- med(function() coxph(Surv(time, died) ~ age + sex + stage + marker + strata(site), data = d, ties = "efron"))
    glmt <- med(function() glm(response ~ age + sex + stage + marker, family = binomial, data = d))
    km <- med(function() survfit(Surv(time, died) ~ stage, data = d))
    fit <- coxph(Surv(time, died) ~ age + sex + stage + marker, data = d, ties = "efron")
    cat(sprintf('{"cox":%.6f,"cox_strata":%.6f,"logistic":%.6f,"km":%.6f,"coef":[%s]}\n', cox, coxs, glmt, km, paste(sprintf("%.17g", coef(fit)), collapse = ",")))
    """);
var r = Process.Start(new ProcessStartInfo("/usr/bin/Rscript", ["--vanilla", script]) { RedirectStandardOutput = true })!;
var output = r.StandardOutput.ReadToEnd();
r.WaitForExit();
File.Delete(csv);
File.Delete(script);
if (r.ExitCode != 0) throw new InvalidOperationException("Rscript failed: is r-cran-survival installed?");
var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;

var difference = json.GetProperty("coef").EnumerateArray().Select((c, i) => Math.Abs(c.GetDouble() - cox.Terms[i].Coefficient)).Max();
Console.WriteLine($"{rows:N0} rows, {cox.Events:N0} events, median of {runs} runs each; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine($"max |coef ours - coef R| (Cox) = {difference:G3}");
Console.WriteLine($"{"fit",-34} {"ours 1st",9} {"ours ms",9} {"R ms",9} {"ours/R",7}");
foreach (var (name, label) in new[] { ("cox", "Cox, 6 terms (coxph efron)"), ("cox_strata", "Cox + strata(site)"), ("logistic", "logistic, 7 terms (glm binomial)"), ("km", "Kaplan-Meier, 4 strata (survfit)") })
{
    var theirs = json.GetProperty(name).GetDouble();
    Console.WriteLine($"{label,-34} {ours[name].First,9:F1} {ours[name].Warm,9:F1} {theirs,9:F1} {ours[name].Warm / theirs,7:F2}");
}

static (double First, double Warm) Time(int runs, Func<object> fit)
{
    var first = Stopwatch.StartNew();
    fit();
    var firstMs = first.Elapsed.TotalMilliseconds;
    // Warm up as R's med() does once, plus a few more so tiered JIT has settled.
    for (var i = 0; i < 5; i++) fit();
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        fit();
        times[i] = clock.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    return (firstMs, times[runs / 2]);
}
