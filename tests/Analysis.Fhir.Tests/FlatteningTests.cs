using Analysis.Node.Tests;
using Apache.Arrow;
using Apache.Arrow.Types;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace Analysis.Fhir.Tests;

/// <summary>Rows flattened from an export of the fixture, checked against the fixture's own patients.</summary>
public sealed class FlatteningTests(OpenNode site) : IClassFixture<OpenNode>
{
    private static FhirRows? rows;

    private async Task<FhirRows> Rows()
    {
        if (rows is not null) return rows;
        using var fhir = site.Source(new FhirSourceOptions { PollInitialDelay = TimeSpan.FromMilliseconds(50) });
        return rows = (await fhir.ExportAsync()).Rows();
    }

    [Fact]
    public async Task Patient_rows_hold_the_fixture_patients()
    {
        var patients = (await Rows()).Patients.ToDictionary(p => p.Id);
        Assert.Equal(site.Node.Patients.Count, patients.Count);
        foreach (var p in site.Node.Patients)
        {
            var row = patients[p.Id];
            Assert.Equal(p.Sex, row.Sex);
            Assert.Equal(p.Birth, row.BirthDate);
            // The fixture writes deceasedDateTime for the dead and nothing for the living.
            Assert.Equal(p.Deceased ? true : null, row.Deceased);
            Assert.Equal(p.Deceased ? p.LastContact : null, row.DeceasedDate);
        }
    }

    [Fact]
    public async Task Condition_and_procedure_rows_take_the_first_coding_and_the_dates()
    {
        var flat = await Rows();
        var byId = site.Node.Patients.ToDictionary(p => p.Id);
        Assert.Equal(site.Node.Patients.Count, flat.Conditions.Count);
        foreach (var c in flat.Conditions)
        {
            var p = byId[c.PatientId!];
            Assert.Equal(("http://snomed.info/sct", p.Snomed, p.Diagnosis), (c.CodeSystem, c.Code, c.OnsetDate!.Value));
        }
        Assert.All(flat.Procedures, r => Assert.Equal(("387713003", "Surgical procedure", byId[r.PatientId!].Diagnosis.AddDays(20)), (r.Code, r.Display, r.PerformedDate!.Value)));
    }

    [Fact]
    public async Task Observation_components_become_rows_after_their_observation()
    {
        var flat = await Rows();
        var p = site.Node.Patients[0];
        var mine = flat.Observations.Where(o => o.PatientId == p.Id).ToList();
        var genes = mine.Where(o => o.Code == "69548-6" && o.ParentId is null).ToList();
        Assert.Equal(SiteFixture.Genes.Length, genes.Count);
        foreach (var (symbol, hgnc) in SiteFixture.Genes)
        {
            var component = Assert.Single(mine, o => o.ParentId is not null && o.ValueCode == hgnc);
            Assert.Equal(("48018-6", "Gene studied", symbol, "http://www.genenames.org/geneId"), (component.Code, component.Display, component.ValueDisplay, component.ValueSystem));
            Assert.EndsWith("#component1", component.Id);
            var parent = Assert.Single(genes, g => g.Id == component.ParentId);
            Assert.Equal(p.GeneStatus[symbol] == "present" ? "LA9633-4" : "LA9634-2", parent.ValueCode);
            Assert.Equal(mine.IndexOf(parent) + 1, mine.IndexOf(component));
            Assert.Equal(parent.EffectiveDate, component.EffectiveDate);
        }
        var stage = Assert.Single(mine, o => o.Code == "21908-9");
        Assert.Equal((p.Stage, p.Diagnosis, (double?)null), (stage.ValueCode, stage.EffectiveDate!.Value, stage.ValueNumber));
        // Per patient: T, N, M, stage, the receptors it has, one per gene with a component each, vital status.
        var expected = site.Node.Patients.Sum(x => 4 + new[] { x.Er, x.Pr, x.Her2 }.Count(r => r is not null) + 2 * SiteFixture.Genes.Length + 1);
        Assert.Equal(expected, flat.Observations.Count);
    }

    [Fact]
    public async Task Medication_requests_become_rows_with_their_code_date_status_and_intent()
    {
        var flat = await Rows();
        var byId = site.Node.Patients.ToDictionary(p => p.Id);
        Assert.Equal(site.Node.Patients.Count, flat.MedicationRequests.Count);
        Assert.All(flat.MedicationRequests, r => Assert.Equal(
            ("http://www.nlm.nih.gov/research/umls/rxnorm", "2555", "cisplatin", byId[r.PatientId!].Diagnosis.AddDays(30), "completed", "order"),
            (r.CodeSystem, r.Code, r.Display, r.AuthoredOn!.Value, r.Status, r.Intent)));
        Assert.Equal(flat.MedicationRequests.Count, flat.ToArrow()["medication_request"].Length);
        Assert.All(flat.Observations, o => Assert.Equal("final", o.Status));
    }

    [Fact]
    public void Quantities_strings_periods_and_partial_dates_are_flattened()
    {
        var parser = new FhirJsonDeserializer();
        var weight = parser.Deserialize<Observation>("""
            {"resourceType":"Observation","id":"w","status":"final","subject":{"reference":"http://x/fhir/Patient/p9/_history/2"},
             "code":{"text":"Body weight"},"valueQuantity":{"value":71.5,"unit":"kg"},"effectivePeriod":{"start":"2021-03"}}
            """);
        var note = parser.Deserialize<Observation>("""{"resourceType":"Observation","id":"n","status":"final","code":{"text":"n"},"valueString":"ok","effectiveDateTime":"2020-02-03T10:00:00+01:00"}""");
        var w = Assert.Single(FhirFlattener.Rows(weight));
        Assert.Equal(("p9", 71.5, "kg", (string?)null, "Body weight", new DateOnly(2021, 3, 1)), (w.PatientId, w.ValueNumber!.Value, w.ValueUnit, w.Code, w.Display, w.EffectiveDate!.Value));
        var n = Assert.Single(FhirFlattener.Rows(note));
        Assert.Equal(("ok", new DateOnly(2020, 2, 3), (string?)null), (n.ValueString, n.EffectiveDate!.Value, n.PatientId));
    }

    [Fact]
    public void A_bad_date_names_the_resource_and_element()
    {
        var patient = new Patient { Id = "p1", BirthDate = "1970-13-40" };
        var e = Assert.Throws<FormatException>(() => FhirFlattener.Row(patient));
        Assert.Contains("Patient/p1: birthDate '1970-13-40'", e.Message);
    }

    [Fact]
    public async Task Arrow_batches_have_typed_nullable_columns_and_every_row()
    {
        var flat = await Rows();
        var batches = flat.ToArrow();
        var patients = batches["patient"];
        Assert.Equal(flat.Patients.Count, patients.Length);
        Assert.Equal(["id", "sex", "birth_date", "deceased", "deceased_date"], patients.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal([ArrowTypeId.String, ArrowTypeId.String, ArrowTypeId.Date32, ArrowTypeId.Boolean, ArrowTypeId.Date32],
            patients.Schema.FieldsList.Select(f => f.DataType.TypeId));
        var births = (Date32Array)patients.Column("birth_date");
        var dead = (BooleanArray)patients.Column("deceased");
        var ids = (StringArray)patients.Column("id");
        for (var i = 0; i < patients.Length; i++)
        {
            var row = flat.Patients[i];
            Assert.Equal(row.Id, ids.GetString(i));
            Assert.Equal(row.BirthDate, births.GetDateOnly(i));
            Assert.Equal(row.Deceased, dead.GetValue(i));
        }
        Assert.Equal(flat.Patients.Count(p => p.Deceased is null), dead.NullCount);

        var observations = batches["observation"];
        Assert.Equal(flat.Observations.Count, observations.Length);
        Assert.Equal(ArrowTypeId.Double, observations.Schema.GetFieldByName("value_number").DataType.TypeId);
        Assert.Equal(observations.Length, observations.Column("value_number").NullCount);
        Assert.Equal(flat.Observations.Count(o => o.ParentId is null), observations.Column("parent_id").NullCount);
        Assert.Equal(flat.Conditions.Count, batches["condition"].Length);
        Assert.Equal(flat.Procedures.Count, batches["procedure"].Length);
    }

    [Fact]
    public async Task Deedle_frames_have_the_same_columns_with_missing_values_for_nulls()
    {
        var flat = await Rows();
        var frame = flat.Patients.ToFrame();
        Assert.Equal(flat.Patients.Count, frame.RowCount);
        Assert.Equal(["id", "sex", "birth_date", "deceased", "deceased_date"], frame.ColumnKeys);
        var sex = frame.GetColumn<string>("sex");
        var deceased = frame.GetColumn<DateOnly>("deceased_date");
        for (var i = 0; i < flat.Patients.Count; i++)
        {
            Assert.Equal(flat.Patients[i].Sex, sex[i]);
            Assert.Equal(flat.Patients[i].DeceasedDate, deceased.TryGet(i).HasValue ? deceased[i] : null);
        }
        Assert.Equal(0, new List<ConditionRow>().ToFrame().RowCount);
        Assert.Equal(flat.Observations.Count, flat.ToFrames()["observation"].RowCount);
    }

    private sealed record Sparse(string? Name, double? Value);

    [Fact]
    public void A_row_with_every_value_missing_keeps_its_place_in_frames_and_batches()
    {
        IReadOnlyList<Sparse> rows = [new("a", 1), new(null, null), new("c", null)];
        var frame = rows.ToFrame();
        Assert.Equal([0, 1, 2], frame.RowKeys);
        Assert.False(frame.GetColumn<string>("name").TryGet(1).HasValue);
        Assert.Equal("c", frame.GetColumn<string>("name")[2]);
        var batch = rows.ToArrow();
        Assert.Equal(3, batch.Length);
        Assert.Equal([1.0, null, null], ((DoubleArray)batch.Column("value")).ToArray());
    }
}
