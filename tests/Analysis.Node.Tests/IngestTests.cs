using System.Text.RegularExpressions;
using Analysis.Contracts;
using Analysis.Fhir;
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

    private List<T> Query<T>(string sql, Func<System.Data.IDataRecord, T> row)
    {
        using var connection = new SiteDatabase(_dir).Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(row(reader));
        return rows;
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
        var withoutOnset = Regex.Replace(conditions[4], "\"onsetDateTime\":\"[^\"]*\",?", "");
        Assert.NotEqual(conditions[4], withoutOnset);
        conditions[4] = withoutOnset;
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
            $$$"""{"resourceType":"Observation","id":"q1","status":"final","subject":{"reference":"Patient/{{{_patients[0].Id}}}"},"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2020-01-01","valueQuantity":{"value":70,"unit":"kg"}}""",
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
    public void A_partial_date_is_refused_naming_file_line_and_element_where_the_fhir_library_reads_its_first_day()
    {
        SiteFixture.Write(_dir, _patients);
        var path = Path.Combine(_dir, "Condition.ndjson");
        var lines = File.ReadAllLines(path);
        var day = Day(_patients[2].Diagnosis);
        lines[2] = lines[2].Replace($"\"onsetDateTime\":\"{day}\"", $"\"onsetDateTime\":\"{day[..7]}\"");
        File.WriteAllLines(path, lines);

        var error = Assert.Single(new SiteIngestor(_dir).Ingest().Errors);

        Assert.Equal(("Condition.ndjson", 3), (error.File, error.Line));
        Assert.Contains($"onsetDateTime '{day[..7]}' is a partial date", error.Message);
        Assert.Equal(0, Scalar("SELECT count(*) FROM condition"));
        // The same file through the FHIR library's default profile: one reading of dates, the first day of the month.
        var rows = FhirFlattener.Flatten(FhirNdjson.ReadLines(path).Select(l => l.Resource));
        Assert.Equal(new DateOnly(_patients[2].Diagnosis.Year, _patients[2].Diagnosis.Month, 1), rows.Conditions[2].OnsetDate);
    }

    [Fact]
    public void A_resource_the_fhir_library_refuses_is_refused_on_the_same_line()
    {
        SiteFixture.Write(_dir, _patients);
        var path = Path.Combine(_dir, "Observation.ndjson");
        var lines = File.ReadAllLines(path);
        lines[6] = lines[6].Replace("\"status\":\"final\",", "");
        File.WriteAllLines(path, lines);

        var error = Assert.Single(new SiteIngestor(_dir).Ingest().Errors);
        var library = Assert.Throws<FhirSourceException>(() => FhirNdjson.ReadLines(path).ToList());

        Assert.Equal(("Observation.ndjson", 7), (error.File, error.Line));
        Assert.Equal(7, library.Line);
        Assert.Contains("status", error.Message);
        Assert.EndsWith(library.Reason, error.Message);
    }

    [Fact]
    public void Icd10_codes_and_marker_genes_are_read_in_any_case_and_by_hgnc_id()
    {
        SiteFixture.Write(_dir, _patients);
        var p = _patients[0];
        var conditions = Path.Combine(_dir, "Condition.ndjson");
        var lines = File.ReadAllLines(conditions);
        lines[0] = lines[0].Replace($"\"code\":\"{p.Icd10}\"", $"\"code\":\"{p.Icd10.ToLowerInvariant()}\"");
        File.WriteAllLines(conditions, lines);
        Assert.Contains($"\"code\":\"{p.Icd10.ToLowerInvariant()}\"", lines[0]);
        // The KRAS assessments name the gene only by its HGNC id; the one of TP53 by a lower-case symbol.
        var kras = MarkerGene.KRAS.Code();
        var tp53 = MarkerGene.TP53.Code();
        var observations = Path.Combine(_dir, "Observation.ndjson");
        File.WriteAllLines(observations, File.ReadAllLines(observations).Select(l => l
            .Replace($"\"code\":\"{kras.Value}\",\"display\":\"{kras.Display}\"", $"\"code\":\"{kras.Value}\"")
            .Replace($"\"code\":\"{tp53.Value}\",\"display\":\"{tp53.Display}\"", $"\"display\":\"tp53\"")));
        Assert.DoesNotContain("\"display\":\"KRAS\"", File.ReadAllText(observations));

        Assert.True(new SiteIngestor(_dir).Ingest().Succeeded);

        var expected = _patients.Select(x => (x.Id, x.Icd10, x.GeneStatus["KRAS"], x.GeneStatus["TP53"])).Order().ToList();
        Assert.Equal(expected, Query("SELECT id, diagnosis_icd10, kras, tp53 FROM patients", r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3))).Order().ToList());
    }

    [Fact]
    public void A_maf_header_spelled_as_maftools_example_is_ingested_and_one_without_a_required_column_is_refused()
    {
        SiteFixture.Write(_dir, _patients);
        var maf = Path.Combine(_dir, "mutations.maf");
        var lines = File.ReadAllLines(maf);
        // maftools' TCGA LAML example spells End_position; validateMaf matches the columns ignoring case.
        lines[1] = lines[1].Replace("End_Position", "End_position").Replace("Tumor_Sample_Barcode", "tumor_sample_barcode");
        File.WriteAllLines(maf, lines);

        Assert.True(new SiteIngestor(_dir).Ingest().Succeeded);
        Assert.Equal(_patients.Sum(x => x.MafGenes.Count), Scalar("SELECT count(*) FROM mutations"));
        Assert.Equal(_patients.Sum(x => x.MafGenes.Count), Scalar("SELECT count(*) FROM mutations WHERE end_position = 25245350"));

        lines[1] = lines[1].Replace("\tVariant_Type", "\tKind");
        File.WriteAllLines(maf, lines);
        var error = Assert.Single(new SiteIngestor(_dir).Ingest().Errors);
        Assert.Equal(("mutations.maf", 2), (error.File, error.Line));
        Assert.Contains("Variant_Type", error.Message);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

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
