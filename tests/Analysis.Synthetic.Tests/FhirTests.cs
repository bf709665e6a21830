using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Analysis.Synthetic.Tests;

[Collection("cohort")]
public sealed class FhirTests(CohortFixture cohort)
{
    private const string Mcode = "http://hl7.org/fhir/us/mcode/StructureDefinition/";
    private readonly SiteFolder _folder = cohort.Folder;

    private IEnumerable<T> Parsed<T>(string type) where T : Resource
    {
        var parser = new FhirJsonDeserializer();
        var n = 0;
        foreach (var line in _folder.Lines(type))
        {
            n++;
            Resource resource;
            try
            {
                resource = parser.Deserialize<Resource>(line);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{type}.ndjson line {n} is not valid FHIR R4: {e.Message}\n{line}");
            }
            yield return Assert.IsType<T>(resource);
        }
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","id":"x-000001","gender":"feminine"}""")]
    [InlineData("""{"resourceType":"Patient","id":"x-000001","birthDate":"1970-13-45"}""")]
    [InlineData("""{"resourceType":"Observation","id":"x-observation-1","status":"final","code":{"coding":[]},"effectiveDate":"2020-01-01"}""")]
    public void The_parser_used_here_rejects_invalid_R4(string line)
    {
        // Guards the tests below: a parser that accepted anything would make them pass vacuously.
        Assert.ThrowsAny<Exception>(() => new FhirJsonDeserializer().Deserialize<Resource>(line));
    }

    [Fact]
    public void Patients_parse_and_follow_the_contract()
    {
        var ids = new HashSet<string>();
        foreach (var p in Parsed<Patient>("Patient"))
        {
            Assert.Matches(new Regex("^oslo-[0-9]{6}$"), p.Id);
            Assert.True(ids.Add(p.Id!));
            Assert.Equal([Mcode + "mcode-cancer-patient"], p.Meta!.Profile);
            Assert.Contains(p.Gender, (AdministrativeGender?[])[AdministrativeGender.Female, AdministrativeGender.Male]);
            Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}$"), p.BirthDate);
            if (p.Deceased is FhirDateTime d) Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}$"), d.Value);
            else Assert.Null(p.Deceased);
        }
        Assert.Equal(CohortFixture.Size, ids.Count);
    }

    [Fact]
    public void Conditions_parse_and_carry_the_contract_codes()
    {
        var pairs = new Dictionary<string, string> { ["254837009"] = "C50.9", ["363406005"] = "C18.9", ["254637007"] = "C34.9" };
        var n = 0;
        foreach (var c in Parsed<Condition>("Condition"))
        {
            n++;
            Assert.Equal($"oslo-condition-{n}", c.Id);
            Assert.Equal([Mcode + "mcode-primary-cancer-condition"], c.Meta!.Profile);
            Assert.Equal("problem-list-item", Assert.Single(Assert.Single(c.Category).Coding).Code);
            Assert.Equal(2, c.Code!.Coding.Count);
            Assert.Equal("http://snomed.info/sct", c.Code.Coding[0].System);
            Assert.Equal("http://hl7.org/fhir/sid/icd-10-cm", c.Code.Coding[1].System);
            Assert.Equal(pairs[c.Code.Coding[0].Code!], c.Code.Coding[1].Code);
            Assert.IsType<FhirDateTime>(c.Onset);
            Assert.StartsWith("Patient/oslo-", c.Subject.Reference);
        }
        Assert.Equal(CohortFixture.Size, n);
    }

    [Fact]
    public void Observations_parse_and_use_only_contract_codes()
    {
        var values = new Dictionary<string, string[]>
        {
            ["21905-5"] = ["T1", "T2", "T3", "T4"],
            ["21906-3"] = ["N0", "N1", "N2", "N3"],
            ["21907-1"] = ["M0", "M1"],
            ["21908-9"] = ["I", "II", "III", "IV"],
            ["85337-4"] = ["10828004", "260385009"],
            ["85339-0"] = ["10828004", "260385009"],
            ["85319-2"] = ["10828004", "260385009"],
            ["69548-6"] = ["LA9633-4", "LA9634-2"],
            ["75186-7"] = ["LA18976-3", "LA18977-1"],
        };
        var hgnc = new Dictionary<string, string> { ["KRAS"] = "HGNC:6407", ["EGFR"] = "HGNC:3236", ["TP53"] = "HGNC:11998", ["PIK3CA"] = "HGNC:8975" };
        foreach (var o in Parsed<Observation>("Observation"))
        {
            Assert.Equal(ObservationStatus.Final, o.Status);
            var code = Assert.Single(o.Code.Coding);
            Assert.Equal("http://loinc.org", code.System);
            Assert.IsType<FhirDateTime>(o.Effective);
            var value = Assert.IsType<CodeableConcept>(o.Value).Coding[0];
            Assert.Contains(value.Code, values[code.Code!]);
            if (code.Code!.StartsWith("2190", StringComparison.Ordinal)) Assert.Equal("http://cancerstaging.org", value.System);
            if (code.Code == "69548-6")
            {
                var component = Assert.Single(o.Component);
                Assert.Equal("48018-6", component.Code.Coding[0].Code);
                var gene = Assert.IsType<CodeableConcept>(component.Value).Coding[0];
                Assert.Equal("http://www.genenames.org/geneId", gene.System);
                Assert.Equal(hgnc[gene.Display!], gene.Code);
            }
        }
    }

    [Fact]
    public void Procedures_and_medication_requests_parse_and_use_contract_codes()
    {
        foreach (var p in Parsed<Procedure>("Procedure"))
        {
            Assert.Equal(EventStatus.Completed, p.Status);
            Assert.Contains(p.Code!.Coding[0].Code, (string[])["387713003", "108290001"]);
            Assert.IsType<FhirDateTime>(p.Performed);
        }
        string[] rxnorm = ["10324", "224905", "4492", "32592", "2555", "1547545"];
        var count = 0;
        foreach (var m in Parsed<MedicationRequest>("MedicationRequest"))
        {
            count++;
            Assert.Equal(MedicationRequest.MedicationRequestIntent.Order, m.Intent);
            Assert.Contains(m.Status, (MedicationRequest.MedicationrequestStatus?[])[MedicationRequest.MedicationrequestStatus.Active, MedicationRequest.MedicationrequestStatus.Completed]);
            var drug = Assert.IsType<CodeableConcept>(m.Medication).Coding[0];
            Assert.Equal("http://www.nlm.nih.gov/research/umls/rxnorm", drug.System);
            Assert.Contains(drug.Code, rxnorm);
            Assert.NotNull(m.AuthoredOn);
        }
        Assert.True(count > 0);
    }

    [Fact]
    public void Resource_counts_per_type_match_the_patients_and_the_metadata()
    {
        var patients = _folder.Patients.Values;
        Assert.All(patients, p => Assert.Equal(1, p.Conditions));
        // Every patient: 4 TNM, 4 gene statuses, 1 vital status; breast adds ER, PR and HER2.
        Assert.All(patients, p =>
        {
            Assert.Equal(4, p.Tnm.Count);
            Assert.Equal(4, p.Genes.Count);
            Assert.NotNull(p.VitalStatus);
            Assert.Equal(p.Cancer == "breast" ? 3 : 0, p.Receptors.Count);
        });
        var expectedObservations = patients.Sum(p => 9 + (p.Cancer == "breast" ? 3 : 0));
        var counts = _folder.Metadata.RootElement.GetProperty("resourceCounts");
        foreach (var type in (string[])["Patient", "Condition", "Observation", "Procedure", "MedicationRequest"])
        {
            Assert.Equal(_folder.Lines(type).Count(), counts.GetProperty(type).GetInt32());
        }
        Assert.Equal(CohortFixture.Size, counts.GetProperty("Patient").GetInt32());
        Assert.Equal(CohortFixture.Size, counts.GetProperty("Condition").GetInt32());
        Assert.Equal(expectedObservations, counts.GetProperty("Observation").GetInt32());
        Assert.Equal(patients.Sum(p => p.Procedures.Count), counts.GetProperty("Procedure").GetInt32());
    }
}
