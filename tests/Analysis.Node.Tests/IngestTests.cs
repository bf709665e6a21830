using Analysis.Node.Ingest;

namespace Analysis.Node.Tests;

public sealed class IngestTests : IDisposable
{
    private readonly string _dir = SiteFixture.NewDirectory();
    private readonly List<FixturePatient> _patients = SiteFixture.Random(120, seed: 11);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private long Scalar(string sql)
    {
        using var connection = new SiteDatabase(_dir).Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private Dictionary<string, long> TableCounts() =>
        new[] { "patient", "condition", "observation", "procedure", "medication_request", "mutations", "patients" }
            .ToDictionary(t => t, t => Scalar($"SELECT count(*) FROM {t}"));

    [Fact]
    public void Ingest_keeps_each_resource_original_json()
    {
        SiteFixture.Write(_dir, _patients);
        Assert.True(new SiteIngestor(_dir).Ingest().Succeeded);

        foreach (var (file, table) in new[] { ("Patient", "patient"), ("Observation", "observation"), ("MedicationRequest", "medication_request") })
        {
            var lines = File.ReadAllLines(Path.Combine(_dir, $"{file}.ndjson")).Order(StringComparer.Ordinal).ToList();
            using var connection = new SiteDatabase(_dir).Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT resource FROM {table} ORDER BY resource COLLATE \"C\"";
            using var reader = command.ExecuteReader();
            var stored = new List<string>();
            while (reader.Read()) stored.Add(reader.GetString(0));
            Assert.Equal(lines, stored.Order(StringComparer.Ordinal).ToList());
        }
    }

    [Fact]
    public void A_database_without_the_resource_column_is_rebuilt_and_stays_idempotent()
    {
        SiteFixture.Write(_dir, _patients);
        Assert.True(new SiteIngestor(_dir).Ingest().Succeeded);
        var before = TableCounts();
        using (var connection = new SiteDatabase(_dir).Open())
        using (var command = connection.CreateCommand())
        {
            // Simulates a database written before the original JSON was kept.
            command.CommandText = "ALTER TABLE patient DROP COLUMN resource";
            command.ExecuteNonQuery();
        }

        var report = new SiteIngestor(_dir).Ingest();

        Assert.True(report.Succeeded);
        Assert.Contains("Patient.ndjson", report.Ingested.Keys);
        Assert.Equal(before, TableCounts());
        Assert.Equal(0, Scalar("SELECT count(*) FROM patient WHERE resource IS NULL"));
        Assert.Empty(new SiteIngestor(_dir).Ingest().Ingested);
    }

    [Fact]
    public void Ingest_stores_one_row_per_ndjson_line_and_maf_variant()
    {
        SiteFixture.Write(_dir, _patients);
        var report = new SiteIngestor(_dir).Ingest();

        Assert.True(report.Succeeded);
        var counts = TableCounts();
        Assert.Equal(SiteFixture.LineCount(Path.Combine(_dir, "Patient.ndjson")), counts["patient"]);
        Assert.Equal(SiteFixture.LineCount(Path.Combine(_dir, "Condition.ndjson")), counts["condition"]);
        Assert.Equal(SiteFixture.LineCount(Path.Combine(_dir, "Observation.ndjson")), counts["observation"]);
        Assert.Equal(SiteFixture.LineCount(Path.Combine(_dir, "Procedure.ndjson")), counts["procedure"]);
        Assert.Equal(SiteFixture.LineCount(Path.Combine(_dir, "MedicationRequest.ndjson")), counts["medication_request"]);
        Assert.Equal(_patients.Sum(p => p.MafGenes.Count), counts["mutations"]);
        Assert.Equal(_patients.Count, counts["patients"]);
    }

    [Fact]
    public void Derived_patient_facts_match_the_contract_definitions()
    {
        SiteFixture.Write(_dir, _patients);
        new SiteIngestor(_dir).Ingest();

        using var connection = new SiteDatabase(_dir).Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, sex, diagnosis_snomed, diagnosis_icd10, age_at_diagnosis, stage_group, t, n, m, er, pr, her2, kras, egfr, tp53, pik3ca, followup_days, event FROM patients";
        using var reader = command.ExecuteReader();
        var seen = 0;
        var byId = _patients.ToDictionary(p => p.Id);
        while (reader.Read())
        {
            var p = byId[reader.GetString(0)];
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            Assert.Equal((p.Sex, p.Snomed, p.Icd10, p.Age, p.Stage, p.T, p.N, p.M, p.Er, p.Pr, p.Her2),
                (S(1), S(2), S(3), reader.GetInt32(4), S(5), S(6), S(7), S(8), S(9), S(10), S(11)));
            Assert.Equal(new[] { p.GeneStatus["KRAS"], p.GeneStatus["EGFR"], p.GeneStatus["TP53"], p.GeneStatus["PIK3CA"] }, new[] { S(12), S(13), S(14), S(15) });
            Assert.Equal((p.FollowupDays, p.Event), (reader.GetInt32(16), reader.GetInt32(17)));
            seen++;
        }
        Assert.Equal(_patients.Count, seen);
    }

    [Fact]
    public void Reingesting_the_same_files_adds_nothing_and_a_new_file_is_added()
    {
        SiteFixture.Write(_dir, _patients);
        new SiteIngestor(_dir).Ingest();
        var before = TableCounts();

        var again = new SiteIngestor(_dir).Ingest();
        Assert.Empty(again.Ingested);
        Assert.Equal(6, again.Unchanged.Count);
        Assert.Equal(before, TableCounts());

        var more = SiteFixture.Random(7, seed: 99, firstNumber: 5000);
        SiteFixture.Write(_dir, more, suffix: "-batch2");
        var third = new SiteIngestor(_dir).Ingest();
        Assert.Equal(5, third.Ingested.Count);
        Assert.Equal(before["patients"] + 7, TableCounts()["patients"]);
        Assert.Equal(3 + 5 + 5, Scalar("SELECT count(*) FROM ingest_log") + 2);
    }

    [Fact]
    public void A_corrupt_line_fails_its_file_naming_file_and_line_and_loses_nothing()
    {
        SiteFixture.Write(_dir, _patients);
        new SiteIngestor(_dir).Ingest();
        var before = TableCounts();

        // A new file whose third line is not JSON: none of its lines may be kept.
        var extra = SiteFixture.Random(3, seed: 5, firstNumber: 9000);
        SiteFixture.Write(_dir, extra, suffix: "-bad");
        var bad = Path.Combine(_dir, "Patient-bad.ndjson");
        var lines = File.ReadAllLines(bad).ToList();
        lines[2] = "{\"resourceType\": \"Patient\", \"id\": ";
        File.WriteAllLines(bad, lines);
        // A changed existing file whose line 5 lacks a required field: its earlier rows must survive.
        var patientFile = Path.Combine(_dir, "Condition.ndjson");
        var conditions = File.ReadAllLines(patientFile).ToList();
        conditions[4] = conditions[4].Replace("\"onsetDateTime\"", "\"notOnset\"");
        File.WriteAllLines(patientFile, conditions);

        var report = new SiteIngestor(_dir).Ingest();

        Assert.False(report.Succeeded);
        Assert.Contains(report.Errors, e => e.File == "Patient-bad.ndjson" && e.Line == 3 && e.Message.StartsWith("Patient-bad.ndjson line 3:"));
        Assert.Contains(report.Errors, e => e.File == "Condition.ndjson" && e.Line == 5 && e.Message.Contains("onsetDateTime"));
        var after = TableCounts();
        Assert.Equal(_patients.Count, Scalar("SELECT count(*) FROM condition WHERE source_file = 'Condition.ndjson'"));
        Assert.Equal(before["condition"] + extra.Count, after["condition"]);
        // The other -bad files are fine and were added; the corrupt Patient file added no patient.
        Assert.Equal(before["patient"], after["patient"]);
        Assert.Equal(before["patients"], after["patients"]);
        Assert.Equal(0, Scalar("SELECT count(*) FROM ingest_log WHERE file_name = 'Patient-bad.ndjson'"));
    }

    [Fact]
    public void Unknown_resource_types_and_uncoded_observations_are_accepted()
    {
        SiteFixture.Write(_dir, _patients);
        File.WriteAllLines(Path.Combine(_dir, "Extra.ndjson"),
        [
            """{"resourceType":"Encounter","id":"e1"}""",
            $$$"""{"resourceType":"Observation","id":"q1","subject":{"reference":"Patient/{{{_patients[0].Id}}}"},"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2020-01-01","valueQuantity":{"value":70,"unit":"kg"}}""",
        ]);
        var report = new SiteIngestor(_dir).Ingest();
        Assert.True(report.Succeeded, string.Join("; ", report.Errors.Select(e => e.Message)));
        Assert.Equal(1, report.Ingested["Extra.ndjson"]);
        Assert.Equal(_patients.Count, Scalar("SELECT count(*) FROM patients"));
    }

    [Fact]
    public void A_bad_maf_row_names_its_line()
    {
        SiteFixture.Write(_dir, _patients);
        File.AppendAllText(Path.Combine(_dir, "mutations.maf"), "KRAS\t0\tchr12\tnot-a-number\n");
        var report = new SiteIngestor(_dir).Ingest();
        var error = Assert.Single(report.Errors);
        Assert.Equal("mutations.maf", error.File);
        Assert.Equal(SiteFixture.LineCount(Path.Combine(_dir, "mutations.maf")), error.Line);
        Assert.Equal(0, Scalar("SELECT count(*) FROM mutations"));
    }

    [Fact]
    public void Data_survives_a_new_ingestor_on_the_same_folder()
    {
        SiteFixture.Write(_dir, _patients);
        new SiteIngestor(_dir).Ingest();
        var before = TableCounts();
        Assert.True(File.Exists(Path.Combine(_dir, SiteDatabase.FileName)));

        var report = new SiteIngestor(_dir).Ingest();
        Assert.Empty(report.Ingested);
        Assert.Equal(before, TableCounts());
    }
}
