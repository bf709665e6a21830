using System.Text.Json;
using Analysis.Synthetic;

namespace Analysis.Synthetic.Tests;

public sealed class SurvivalTests
{
    [Fact]
    public void Event_rate_ratio_of_a_single_binary_covariate_matches_its_hazard_ratio()
    {
        // The textbook check: exponential baseline, one binary covariate, no censoring, so
        // events / person-time estimates each group's hazard directly.
        var model = new CancerSurvivalModel(CancerType.Colorectal, 1.0, 5,
            [new Covariate("x", "binary", 1.7, p => p.Has(MarkerGene.KRAS) ? 1 : 0)]);
        var rng = new Xoshiro256(77);
        double Rate(bool exposed)
        {
            var p = new Presentation(CancerType.Colorectal, 60, true, 1, null, [exposed, false, false, false], false);
            var personTime = 0.0;
            const int n = 20_000;
            for (var i = 0; i < n; i++) personTime += model.SampleYears(p, rng);
            return n / personTime;
        }
        var ratio = Rate(true) / Rate(false);
        Assert.InRange(ratio, 1.7 * 0.9, 1.7 * 1.1);
    }

    /// <summary>Covariate values computed from the files alone, by the names metadata.json uses.</summary>
    private static double Value(string covariate, PatientFacts p) => covariate switch
    {
        "stage_II" => p.Stage == 2 ? 1 : 0,
        "stage_III" => p.Stage == 3 ? 1 : 0,
        "stage_IV" => p.Stage == 4 ? 1 : 0,
        "age_per_10y" => (p.AgeAtDiagnosis - 60) / 10.0,
        "er_negative" => p.Receptors["85337-4"] ? 0 : 1,
        "her2_positive_untreated" => p.Receptors["85319-2"] && !p.Medications.Any(m => m.RxNorm == "224905") ? 1 : 0,
        "kras_mutant" => p.Genes["KRAS"] ? 1 : 0,
        "egfr_mutant" => p.Genes["EGFR"] ? 1 : 0,
        "male" => p.Gender == "male" ? 1 : 0,
        _ => throw new InvalidDataException($"metadata names a covariate this test does not know: {covariate}"),
    };

    [Theory]
    [InlineData(CancerType.Colorectal, "kras_mutant")]
    [InlineData(CancerType.Lung, "egfr_mutant")]
    [InlineData(CancerType.Breast, "her2_positive_untreated")]
    public void Follow_up_in_the_files_recovers_the_hazard_ratio_in_metadata(CancerType cancer, string covariate)
    {
        // The full pipeline: generate files without administrative censoring or loss to follow-up,
        // read them back as a site node would (age, follow-up days, event), and take the model
        // only from metadata.json. Every other covariate is adjusted for through its known
        // coefficient, so events / Σ H0(t)·exp(β·x_other) estimates exp(β) of the covariate in each
        // group (this stays exact under the remaining independent censoring, e.g. the 150-year cap).
        var options = new GeneratorOptions
        {
            Site = "surv",
            Patients = 30_000,
            Seed = 31,
            Cancers = [cancer],
            Profile = SiteProfile.Rural with { LossToFollowUpPerYear = 0 },
            StudyEnd = null,
        };
        var dir = SiteFolder.Generate(options);
        try
        {
            var folder = new SiteFolder(dir);
            var model = folder.Metadata.RootElement.GetProperty("survivalModel").GetProperty(cancer.Name());
            var shape = model.GetProperty("baseline").GetProperty("shape").GetDouble();
            var scale = model.GetProperty("baseline").GetProperty("scaleYears").GetDouble();
            var others = model.GetProperty("covariates").EnumerateArray()
                .Select(c => (Name: c.GetProperty("name").GetString()!, Beta: c.GetProperty("coefficient").GetDouble()))
                .Where(c => c.Name != covariate).ToList();
            var hazardRatio = folder.Metadata.RootElement.GetProperty("hazardRatios").GetProperty(cancer.Name()).GetProperty(covariate).GetDouble();

            var events = new double[2];
            var expected = new double[2];
            foreach (var p in folder.Patients.Values)
            {
                var group = (int)Value(covariate, p);
                var years = (p.FollowUpDays + 0.5) / 365.25;
                expected[group] += Math.Pow(years / scale, shape) * Math.Exp(others.Sum(c => c.Beta * Value(c.Name, p)));
                if (p.Event) events[group]++;
            }
            Assert.True(events[1] > 500, $"only {events[1]} events in the exposed group");
            var ratio = events[1] / expected[1] / (events[0] / expected[0]);
            Assert.InRange(ratio, hazardRatio * 0.9, hazardRatio * 1.1);
            // And the baseline itself: unexposed events match what the model predicts for them.
            Assert.InRange(events[0] / expected[0], 0.9, 1.1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
