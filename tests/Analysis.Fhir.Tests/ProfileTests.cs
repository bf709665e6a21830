using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Analysis.Fhir.Tests;

/// <summary>One reading of dates, references and codes; a <see cref="FhirProfile"/> changes only what is required and whether a partial date is read.</summary>
public sealed class ProfileTests
{
    private static readonly FhirJsonDeserializer Parser = new();

    private static readonly FhirProfile Strict = new()
    {
        PartialDates = PartialDates.Refuse,
        Required = new HashSet<string> { "Condition.subject", "Condition.onset[x]", "Observation.status", "MedicationRequest.medication[x]" },
    };

    private static Condition Condition(string members) => Parser.Deserialize<Condition>(
        $$"""{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"254837009"}]}{{members}}}""");

    private static DateOnly? Onset(string written, FhirProfile? profile = null) =>
        FhirFlattener.Row(Condition($$""","onsetDateTime":"{{written}}" """), profile).OnsetDate;

    [Theory]
    [InlineData("2019-03", "2019-03-01")]
    [InlineData("2019", "2019-01-01")]
    public void A_partial_date_takes_its_first_day_or_is_refused_as_the_profile_says(string written, string day)
    {
        Assert.Equal(DateOnly.Parse(day), Onset(written));
        var e = Assert.Throws<FormatException>(() => Onset(written, Strict));
        Assert.Equal($"Condition/c1: onsetDateTime '{written}' is a partial date; a full date (YYYY-MM-DD) is required", e.Message);
    }

    [Theory]
    [InlineData("2019-03-17", "2019-03-17")]
    [InlineData("2019-03-17T23:30:00-05:00", "2019-03-17")]
    public void A_full_date_keeps_its_written_day_under_any_profile(string written, string day) =>
        Assert.Equal((DateOnly.Parse(day), DateOnly.Parse(day)), (Onset(written), Onset(written, Strict)));

    [Fact]
    public void A_required_element_missing_is_named_with_what_would_do()
    {
        var noOnset = Condition("");
        Assert.Null(FhirFlattener.Row(noOnset).OnsetDate);
        Assert.Equal("Condition/c1: onset[x] is required (onsetDateTime or onsetPeriod.start)",
            Assert.Throws<FormatException>(() => FhirFlattener.Row(noOnset, Strict)).Message);

        var group = Parser.Deserialize<Condition>("""{"resourceType":"Condition","id":"c2","subject":{"reference":"Group/g1"},"onsetDateTime":"2020-01-02"}""");
        Assert.Null(FhirFlattener.Row(group).PatientId);
        Assert.Equal("Condition/c2: subject 'Group/g1' is not a Patient reference (Patient/{id})",
            Assert.Throws<FormatException>(() => FhirFlattener.Row(group, Strict)).Message);

        var byReference = Parser.Deserialize<MedicationRequest>(
            """{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","subject":{"reference":"Patient/p1"},"medicationReference":{"reference":"Medication/x"}}""");
        Assert.Equal(("p1", (string?)null, "active", "order"), (FhirFlattener.Row(byReference).PatientId, FhirFlattener.Row(byReference).Code, FhirFlattener.Row(byReference).Status, FhirFlattener.Row(byReference).Intent));
        Assert.Contains("medication[x] is required", Assert.Throws<FormatException>(() => FhirFlattener.Row(byReference, Strict)).Message);
    }

    [Fact]
    public void A_profile_can_only_require_elements_the_flattener_reads()
    {
        var e = Assert.Throws<ArgumentException>(() => new FhirProfile { Required = new HashSet<string> { "Condition.onset[x]", "Condition.onsetDateTime" } });
        Assert.Contains("does not read Condition.onsetDateTime", e.Message);
        Assert.Contains("Condition.onset[x]", e.Message[e.Message.IndexOf(';')..]);
        Assert.All(FhirProfile.Elements, element => Assert.True(new FhirProfile { Required = new HashSet<string> { element } }.Requires(element)));
    }

    [Fact]
    public void Codes_are_picked_by_exact_system_and_statuses_are_kept()
    {
        var condition = Parser.Deserialize<Condition>("""
            {"resourceType":"Condition","id":"c3","subject":{"reference":"Patient/p1"},
             "code":{"coding":[{"system":"HTTP://SNOMED.INFO/SCT","code":"1"},{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"C18.9"},{"system":"http://snomed.info/sct","code":"363406005"}]}}
            """);
        Assert.Equal("363406005", FhirFlattener.CodeIn(condition.Code, "http://snomed.info/sct"));
        Assert.Equal("C18.9", FhirFlattener.CodeIn(condition.Code, "http://hl7.org/fhir/sid/icd-10-cm"));
        Assert.Null(FhirFlattener.CodeIn(condition.Code, "http://loinc.org"));
        // The row's code is the first coding's, whatever its system.
        Assert.Equal(("HTTP://SNOMED.INFO/SCT", "1"), (FhirFlattener.Row(condition).CodeSystem, FhirFlattener.Row(condition).Code));

        var observation = Parser.Deserialize<Observation>(
            """{"resourceType":"Observation","id":"o1","status":"amended","code":{"text":"x"},"component":[{"code":{"text":"y"},"valueString":"z"}]}""");
        Assert.All(FhirFlattener.Rows(observation, Strict), r => Assert.Equal("amended", r.Status));
        var procedure = Parser.Deserialize<Procedure>("""{"resourceType":"Procedure","id":"p","status":"completed","subject":{"reference":"Patient/p1"}}""");
        Assert.Equal("completed", FhirFlattener.Row(procedure).Status);
    }

    [Fact]
    public void A_file_is_read_with_line_numbers_and_types_not_asked_for_are_skipped_unparsed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fhir-lines-{Guid.NewGuid():N}.ndjson");
        try
        {
            File.WriteAllLines(path,
            [
                """{"resourceType":"Encounter","id":"e1"}""",
                "",
                """{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1960-05-02"}""",
            ]);
            var line = Assert.Single(FhirNdjson.ReadLines(path, new HashSet<string> { "Patient" }));
            Assert.Equal((3, "p1"), (line.Number, line.Resource.Id));
            Assert.StartsWith("""{"resourceType":"Patient","id":"p1",""", line.Text);

            // Read for every type, the Encounter (no class, no status) is invalid FHIR R4, named by its line.
            var e = Assert.Throws<FhirSourceException>(() => FhirNdjson.ReadLines(path).ToList());
            Assert.Equal(1, e.Line);
            Assert.StartsWith("not a FHIR R4 resource:", e.Reason);
            Assert.Equal($"{new Uri(path)} line 1: {e.Reason}", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
