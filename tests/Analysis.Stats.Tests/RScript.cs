using System.Diagnostics;
using System.Text.Json;

namespace Analysis.Stats.Tests;

/// <summary>
/// Runs R (Debian's /usr/bin/Rscript with r-cran-survival, installed by test.sh) as the independent reference.
/// The script ends with <c>emit(list(...))</c>, which prints the list as JSON with full precision (NA as null).
/// A missing R fails the test: it is a required peer, not an optional one.
/// </summary>
internal static class RScript
{
    private const string Rscript = "/usr/bin/Rscript";

    // jsonlite is not among the Debian packages we rely on, so a few lines of R write the JSON.
    private const string Prelude = """
        suppressPackageStartupMessages(library(survival))
        num <- function(x) { x <- as.numeric(x); ifelse(is.na(x) | is.nan(x), "null", ifelse(is.infinite(x), ifelse(x > 0, "1e999", "-1e999"), sprintf("%.17g", x))) }
        js <- function(x) {
          if (is.list(x)) return(paste0("{", paste0('"', names(x), '":', vapply(x, js, ""), collapse = ","), "}"))
          if (is.character(x)) return(paste0("[", paste0('"', x, '"', collapse = ","), "]"))
          paste0("[", paste0(num(x), collapse = ","), "]")
        }
        emit <- function(x) cat(js(x), "\n", sep = "")
        """;

    public static JsonElement Run(string script, TimeSpan? timeout = null)
    {
        Assert.True(File.Exists(Rscript), $"{Rscript} is missing: install r-base-core and r-cran-survival (test.sh does).");
        var file = Path.Combine(Path.GetTempPath(), $"stats-test-{Guid.NewGuid():N}.R");
        File.WriteAllText(file, Prelude + "\n" + script);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Rscript, ["--vanilla", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
            {
                process.Kill();
                Assert.Fail("Rscript timed out.");
            }
            Assert.True(process.ExitCode == 0, $"Rscript failed ({process.ExitCode}): {stderr.Result}");
            var lastLine = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
            return JsonDocument.Parse(lastLine).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Quotes a path for an R string literal.</summary>
    public static string Quote(string path) => "\"" + path.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

/// <summary>Reading R's JSON numbers (null = NA = NaN; 1e999 = Inf).</summary>
internal static class JsonNumbers
{
    public static double[] Numbers(this JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray();

    public static double Number(this JsonElement e, string name) => e.Numbers(name).Single();

    public static string[] Strings(this JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(v => v.GetString()!).ToArray();
}
