using System.Globalization;
using System.Text;

namespace Analysis.Stats.Tests;

/// <summary>One generated patient: site, covariates, survival and a binary outcome.</summary>
internal sealed record Patient(string Site, double Age, string Sex, string Stage, double Marker, double Time, bool Died, bool Response);

/// <summary>
/// A deterministic synthetic cohort split over three sites, with proportional hazards in age, sex, stage and
/// a marker, and a logistic outcome in the same covariates. Written as CSV for R.
/// </summary>
internal static class GeneratedCohort
{
    public static readonly string[] Sites = ["oslo", "lyon", "porto"];

    public static List<Patient> Make(int n, int seed = 7)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var stages = new[] { "I", "II", "III", "IV" };
        var patients = new List<Patient>(n);
        for (var i = 0; i < n; i++)
        {
            var site = Sites[i % 3];
            var age = Math.Round(62 + 10 * Normal() + (site == "porto" ? 3 : 0));
            var sex = random.NextDouble() < 0.55 ? "female" : "male";
            var stage = stages[random.Next(4)];
            var marker = Math.Round(Normal(), 3);
            var eta = 0.03 * (age - 62) + (sex == "male" ? 0.3 : 0) + 0.4 * Array.IndexOf(stages, stage) + 0.5 * marker;
            var siteHazard = site switch { "oslo" => 1.0 / 900, "lyon" => 1.0 / 700, _ => 1.0 / 1100 };
            // Whole days, so tied event times exercise the Breslow handling.
            var eventTime = Math.Ceiling(-Math.Log(1 - random.NextDouble()) / (siteHazard * Math.Exp(eta)));
            var censorTime = Math.Ceiling(200 + 1500 * random.NextDouble());
            var logit = -0.5 + 0.02 * (age - 62) + (sex == "male" ? 0.4 : 0) - 0.3 * Array.IndexOf(stages, stage) + 0.8 * marker;
            var response = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            patients.Add(new Patient(site, age, sex, stage, marker, Math.Min(eventTime, censorTime), eventTime <= censorTime, response));
        }
        return patients;
    }

    public static ColumnSource Table(IEnumerable<Patient> patients)
    {
        var list = patients.ToList();
        return ColumnSource.FromColumns(new Dictionary<string, IReadOnlyList<object?>>
        {
            ["site"] = list.Select(p => (object?)p.Site).ToList(),
            ["age"] = list.Select(p => (object?)p.Age).ToList(),
            ["sex"] = list.Select(p => (object?)p.Sex).ToList(),
            ["stage"] = list.Select(p => (object?)p.Stage).ToList(),
            ["marker"] = list.Select(p => (object?)p.Marker).ToList(),
            ["time"] = list.Select(p => (object?)p.Time).ToList(),
            ["died"] = list.Select(p => (object?)p.Died).ToList(),
            ["response"] = list.Select(p => (object?)(p.Response ? 1 : 0)).ToList(),
        });
    }

    public static string WriteCsv(IEnumerable<Patient> patients, string path)
    {
        var csv = new StringBuilder("site,age,sex,stage,marker,time,died,response\n");
        foreach (var p in patients)
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Site},{p.Age:R},{p.Sex},{p.Stage},{p.Marker:R},{p.Time:R},{(p.Died ? 1 : 0)},{(p.Response ? 1 : 0)}"));
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
