namespace Analysis.Federation.Tests;

public sealed class CohortTests
{
    [Fact]
    public void Compiles_to_the_node_filter()
    {
        var cohort = new Cohort().Diagnosis(Snomed.BreastCancer).AgeAtDiagnosis(40, 70).Sex(Sex.Female)
            .Stage(StageGroup.II, StageGroup.III).Biomarker(Er.Positive).Mutation("pik3ca");
        Assert.Equal("""{"diagnosis":"254837009","ageMin":40,"ageMax":70,"sex":"female","stage":["II","III"],"biomarkers":{"ER":"positive"},"mutations":["PIK3CA"]}""",
            System.Text.Json.JsonSerializer.Serialize(cohort.ToFilter(), ContractJson.Default.CohortFilter));
        var filter = cohort.ToFilter();
        Assert.Equal(["II", "III"], filter.Stage);
        Assert.Equal("positive", filter.Biomarkers!["ER"]);
    }

    [Fact]
    public void Is_immutable_so_a_base_cohort_can_be_refined_twice()
    {
        var breast = new Cohort().Diagnosis(Snomed.BreastCancer);
        var young = breast.AgeAtDiagnosis(0, 39);
        var positive = breast.Biomarker(Er.Positive, Gene.Present("kras"));
        Assert.Equal("""{"diagnosis":"254837009"}""", breast.ToString());
        Assert.Equal("""{"diagnosis":"254837009","ageMin":0,"ageMax":39}""", young.ToString());
        Assert.Equal("""{"diagnosis":"254837009","biomarkers":{"ER":"positive","KRAS":"present"}}""", positive.ToString());
        Assert.Equal(breast, new Cohort().Diagnosis(Snomed.BreastCancer));
    }

    [Fact]
    public void Any_code_can_be_used_and_an_empty_cohort_has_an_empty_filter()
    {
        Assert.Equal("""{"diagnosis":"C18.9"}""", new Cohort().Diagnosis(Icd10.Of("C18.9")).ToString());
        Assert.Equal("{}", new Cohort().ToString());
        Assert.Equal("363406005", Snomed.ColonCancer.Value);
        Assert.Equal("254637007", Snomed.NonSmallCellLungCancer.Value);
        Assert.Equal("85337-4", Loinc.EstrogenReceptor.Value);
    }

    [Fact]
    public void Rejects_an_empty_age_range_at_once()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Cohort().AgeAtDiagnosis(70, 40));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Cohort().AgeAtDiagnosis(-1, 40));
    }

    [Fact]
    public async Task An_unbound_cohort_cannot_be_counted()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => new Cohort().CountAsync());
    }
}
