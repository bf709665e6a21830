using Analysis.Synthetic;

namespace Analysis.Synthetic.Tests;

[Collection("cohort")]
public sealed class ClinicalTests(CohortFixture cohort)
{
    private readonly IReadOnlyCollection<PatientFacts> _patients = cohort.Folder.Patients.Values;

    [Fact]
    public void Stage_group_agrees_with_TNM_and_stage_IV_iff_M1()
    {
        foreach (var p in _patients)
        {
            var t = int.Parse(p.Tnm["21905-5"][1..]);
            var n = int.Parse(p.Tnm["21906-3"][1..]);
            var m = int.Parse(p.Tnm["21907-1"][1..]);
            Assert.Equal(p.Stage == 4, m == 1);
            // The documented rule, restated here rather than calling the generator's own Staging.StageOf.
            var expected = m == 1 ? 4 : n >= 2 || t == 4 ? 3 : n == 1 || t == 3 ? 2 : 1;
            Assert.Equal(expected, p.Stage);
        }
        // All four stages occur for every cancer.
        foreach (var cancer in _patients.GroupBy(p => p.Cancer))
            Assert.Equal([1, 2, 3, 4], cancer.Select(p => p.Stage).Distinct().Order());
    }

    [Fact]
    public void Dates_follow_the_contract_and_each_other()
    {
        foreach (var p in _patients)
        {
            Assert.InRange(p.Diagnosis, new DateOnly(2015, 1, 1), new DateOnly(2022, 12, 31));
            Assert.InRange(p.AgeAtDiagnosis, 25, 95);
            Assert.InRange(p.LastContact, p.Diagnosis, new DateOnly(2024, 12, 31));
            Assert.Equal(p.Event, p.DeceasedDate is not null);
            if (p.DeceasedDate is { } death) Assert.Equal(death, p.LastContact);
            Assert.All(p.Procedures, x => Assert.InRange(x.Date, p.Diagnosis, p.LastContact));
            Assert.All(p.Medications, x => Assert.InRange(x.Date, p.Diagnosis, p.LastContact));
            if (p.Event) Assert.DoesNotContain(p.Medications, x => x.Status == "active");
        }
        Assert.Contains(_patients, p => p.Event);
        Assert.Contains(_patients, p => !p.Event);
    }

    [Fact]
    public void Drugs_follow_cancer_stage_and_biomarkers()
    {
        foreach (var p in _patients)
        {
            foreach (var (drug, _, _) in p.Medications)
            {
                var allowed = drug switch
                {
                    "10324" => p.Cancer == "breast" && p.Receptors["85337-4"],
                    "224905" => p.Cancer == "breast" && p.Receptors["85319-2"],
                    "4492" or "32592" => p.Cancer == "colorectal" && p.Stage >= 3,
                    "2555" => p.Cancer == "lung" && p.Stage >= 2,
                    "1547545" => p.Cancer == "lung" && p.Stage == 4,
                    _ => false,
                };
                Assert.True(allowed, $"{p.Id} ({p.Cancer}, stage {p.Stage}) got RxNorm {drug}");
            }
        }
        Assert.Contains(_patients, p => p.Medications.Any(m => m.RxNorm == "224905"));
    }

    private static List<SyntheticPatient> Cohort(CancerType cancer, int size = 5000, SiteProfile? profile = null) =>
        new CohortGenerator(new GeneratorOptions { Site = "freq", Patients = size, Seed = 2024, Cancers = [cancer], Profile = profile })
            .Patients().ToList();

    private static void AssertRate(IReadOnlyCollection<SyntheticPatient> patients, Func<SyntheticPatient, bool> has, double expected, double tolerance, string what)
    {
        var rate = patients.Count(has) / (double)patients.Count;
        Assert.True(Math.Abs(rate - expected) <= tolerance, $"{what}: {rate:P1}, expected {expected:P1} ± {tolerance:P1}");
    }

    [Fact]
    public void Breast_receptor_rates_are_realistic()
    {
        var breast = Cohort(CancerType.Breast);
        AssertRate(breast, p => p.Receptors!.Value.ER, 0.75, 0.03, "ER+");
        AssertRate(breast, p => p.Receptors!.Value.PR, 0.64, 0.03, "PR+");
        AssertRate(breast, p => p.Receptors!.Value.HER2, 0.17, 0.025, "HER2+");
        AssertRate(breast, p => p.Female, 0.99, 0.01, "female");
        // PR without ER is rare.
        Assert.True(breast.Count(p => p.Receptors!.Value is { PR: true, ER: false }) < 0.05 * breast.Count);
    }

    [Theory]
    [InlineData(CancerType.Breast, MarkerGene.PIK3CA, 0.32)]
    [InlineData(CancerType.Breast, MarkerGene.TP53, 0.30)]
    [InlineData(CancerType.Colorectal, MarkerGene.KRAS, 0.40)]
    [InlineData(CancerType.Colorectal, MarkerGene.PIK3CA, 0.17)]
    [InlineData(CancerType.Colorectal, MarkerGene.TP53, 0.50)]
    [InlineData(CancerType.Lung, MarkerGene.KRAS, 0.27)]
    [InlineData(CancerType.Lung, MarkerGene.EGFR, 0.15)]
    [InlineData(CancerType.Lung, MarkerGene.TP53, 0.45)]
    public void Mutation_rates_are_realistic(CancerType cancer, MarkerGene gene, double expected)
    {
        AssertRate(Cohort(cancer), p => p.Has(gene), expected, 0.03, $"{gene} in {cancer}");
    }

    [Fact]
    public void EGFR_and_KRAS_drivers_exclude_each_other_in_lung()
    {
        Assert.DoesNotContain(Cohort(CancerType.Lung), p => p.Has(MarkerGene.EGFR) && p.Has(MarkerGene.KRAS));
    }

    [Fact]
    public void Two_sites_have_different_stage_mixes()
    {
        var academic = Cohort(CancerType.Colorectal, profile: SiteProfile.Academic);
        var rural = Cohort(CancerType.Colorectal, profile: SiteProfile.Rural);
        var a = Enumerable.Range(1, 4).Select(s => academic.Count(p => p.Tnm.Stage == s)).ToArray();
        var r = Enumerable.Range(1, 4).Select(s => rural.Count(p => p.Tnm.Stage == s)).ToArray();
        // Pearson chi-square on the 2×4 table; 16.27 is the 0.1% critical value with 3 degrees of freedom.
        var chi2 = 0.0;
        for (var s = 0; s < 4; s++)
        {
            var expected = (a[s] + r[s]) / 2.0;
            chi2 += Math.Pow(a[s] - expected, 2) / expected + Math.Pow(r[s] - expected, 2) / expected;
        }
        Assert.True(chi2 > 16.27, $"chi-square {chi2:F1}: stage mixes {string.Join('/', a)} vs {string.Join('/', r)}");
        Assert.True(r[3] > a[3], "the rural site should see more stage IV");
        Assert.True(rural.Average(p => p.AgeAtDiagnosis) > academic.Average(p => p.AgeAtDiagnosis) + 4);
    }

    [Fact]
    public void Site_names_derive_stable_distinct_profiles()
    {
        Assert.Equal(SiteProfile.ForSite("oslo"), SiteProfile.ForSite("oslo"));
        Assert.Equal(SiteProfile.ForSite("oslo"), SiteProfile.ForSite("OSLO"));
        var names = new[] { "oslo", "lyon", "bergen", "turin", "leiden", "porto" };
        var profiles = names.Select(SiteProfile.ForSite).ToList();
        Assert.Equal(names.Length, profiles.Distinct().Count());
        Assert.All(profiles, p => Assert.StartsWith("derived:", p.Name));
    }
}

[Collection("cohort")]
public sealed class ContractDerivationTests(CohortFixture cohort)
{
    [Fact]
    public void What_the_node_derives_from_the_files_equals_what_the_generator_drew()
    {
        // age_at_diagnosis, followup_days and event as the contract defines them, computed from the
        // files, against the generator's own record of each patient.
        var generated = new CohortGenerator(cohort.Options).Patients().ToDictionary(p => p.Id);
        Assert.Equal(generated.Count, cohort.Folder.Patients.Count);
        foreach (var facts in cohort.Folder.Patients.Values)
        {
            var p = generated[facts.Id];
            Assert.Equal(p.AgeAtDiagnosis, facts.AgeAtDiagnosis);
            Assert.Equal(p.FollowUpDays, facts.FollowUpDays);
            Assert.Equal(p.Deceased, facts.Event);
            Assert.Equal(p.Cancer.Name(), facts.Cancer);
            Assert.Equal(p.Tnm.StageCode, facts.Tnm["21908-9"]);
            foreach (var gene in MarkerGenes.All) Assert.Equal(p.Has(gene), facts.Genes[gene.ToString()]);
        }
    }
}
