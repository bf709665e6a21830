using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Analysis.Node.Tests;

/// <summary>One synthetic patient with the facts the node must derive, computed here independently of the node.</summary>
public sealed record FixturePatient(
    string Id, string Sex, DateOnly Birth, string Snomed, string Icd10, DateOnly Diagnosis,
    string Stage, string T, string N, string M, string? Er, string? Pr, string? Her2,
    IReadOnlyDictionary<string, string> GeneStatus, DateOnly LastContact, bool Deceased, IReadOnlyList<string> MafGenes)
{
    public int Age => Diagnosis.Year - Birth.Year - ((Diagnosis.Month, Diagnosis.Day).CompareTo((Birth.Month, Birth.Day)) < 0 ? 1 : 0);
    public int FollowupDays => LastContact.DayNumber - Diagnosis.DayNumber;
    public int Event => Deceased ? 1 : 0;
}

/// <summary>Writes contract-shaped site folders (NDJSON + MAF) from <see cref="FixturePatient"/>s.</summary>
public static class SiteFixture
{
    public static readonly (string Snomed, string Icd10)[] Cancers = [("254837009", "C50.9"), ("363406005", "C18.9"), ("254637007", "C34.9")];
    public static readonly (string Symbol, string Hgnc)[] Genes = [("KRAS", "HGNC:6407"), ("EGFR", "HGNC:3236"), ("TP53", "HGNC:11998"), ("PIK3CA", "HGNC:8975")];
    private static readonly string[] Stages = ["I", "II", "III", "IV"];

    public static List<FixturePatient> Random(int count, int seed, string site = "test", int firstNumber = 1)
    {
        var rng = new Random(seed);
        var list = new List<FixturePatient>();
        for (var i = 0; i < count; i++)
        {
            var cancer = Cancers[rng.Next(Cancers.Length)];
            var breast = cancer.Snomed == "254837009";
            var sex = breast ? (rng.Next(100) == 0 ? "male" : "female") : rng.Next(2) == 0 ? "male" : "female";
            var birth = new DateOnly(1930, 1, 1).AddDays(rng.Next(60 * 365));
            var diagnosis = new DateOnly(2005, 1, 1).AddDays(rng.Next(15 * 365));
            var followup = rng.Next(0, 3000);
            string? Receptor() => breast ? (rng.Next(3) == 0 ? "negative" : "positive") : null;
            var genes = Genes.ToDictionary(g => g.Symbol, _ => rng.Next(4) == 0 ? "present" : "absent");
            var maf = Genes.Select(g => g.Symbol).Where(_ => rng.Next(5) == 0).ToList();
            list.Add(new FixturePatient($"{site}-{firstNumber + i:D6}", sex, birth, cancer.Snomed, cancer.Icd10, diagnosis,
                Stages[rng.Next(4)], $"T{rng.Next(1, 5)}", $"N{rng.Next(0, 3)}", $"M{rng.Next(0, 2)}", Receptor(), Receptor(), Receptor(),
                genes, diagnosis.AddDays(followup), rng.Next(3) == 0, maf));
        }
        return list;
    }

    /// <summary>A cohort of exactly the given number of patients per cancer (breast, colorectal, lung).</summary>
    public static List<FixturePatient> PerCancer(int breast, int colorectal, int lung)
    {
        var all = Random(breast + colorectal + lung, 7);
        var counts = new[] { breast, colorectal, lung };
        var result = new List<FixturePatient>();
        var k = 0;
        for (var c = 0; c < 3; c++)
            for (var j = 0; j < counts[c]; j++, k++)
                result.Add(all[k] with { Snomed = Cancers[c].Snomed, Icd10 = Cancers[c].Icd10 });
        return result;
    }

    public static string NewDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "analysis-node-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes the five NDJSON files and the MAF; <paramref name="suffix"/> lets a second batch go in new files.</summary>
    public static void Write(string dir, IReadOnlyList<FixturePatient> patients, string suffix = "")
    {
        File.WriteAllLines(Path.Combine(dir, $"Patient{suffix}.ndjson"), patients.Select(Patient));
        File.WriteAllLines(Path.Combine(dir, $"Condition{suffix}.ndjson"), patients.Select(Condition));
        File.WriteAllLines(Path.Combine(dir, $"Observation{suffix}.ndjson"), patients.SelectMany(Observations));
        File.WriteAllLines(Path.Combine(dir, $"Procedure{suffix}.ndjson"), patients.Select((p, i) => Json(new
        {
            resourceType = "Procedure", id = $"{p.Id}-procedure-{i}", status = "completed", subject = Ref(p),
            code = Concept("http://snomed.info/sct", "387713003", "Surgical procedure"), performedDateTime = Day(p.Diagnosis.AddDays(20)),
        })));
        File.WriteAllLines(Path.Combine(dir, $"MedicationRequest{suffix}.ndjson"), patients.Select((p, i) => Json(new
        {
            resourceType = "MedicationRequest", id = $"{p.Id}-med-{i}", status = "completed", intent = "order", subject = Ref(p),
            medicationCodeableConcept = Concept("http://www.nlm.nih.gov/research/umls/rxnorm", "2555", "cisplatin"), authoredOn = Day(p.Diagnosis.AddDays(30)),
        })));
        if (suffix.Length == 0) WriteMaf(Path.Combine(dir, "mutations.maf"), patients);
    }

    public static void WriteMaf(string path, IEnumerable<FixturePatient> patients)
    {
        var text = new StringBuilder("#version gdc-1.0.0\n");
        text.Append("Hugo_Symbol\tEntrez_Gene_Id\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tHGVSp_Short\n");
        foreach (var p in patients)
            foreach (var g in p.MafGenes)
                text.Append($"{g}\t0\tchr12\t25245350\t25245350\tMissense_Mutation\tSNP\tC\tA\t{p.Id}\tp.G12V\n");
        File.WriteAllText(path, text.ToString());
    }

    public static int LineCount(string path) => File.ReadLines(path).Count(l => l.Length > 0);

    private static string Patient(FixturePatient p) => Json(new Dictionary<string, object?>
    {
        ["resourceType"] = "Patient", ["id"] = p.Id,
        ["meta"] = new { profile = new[] { "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-patient" } },
        ["gender"] = p.Sex, ["birthDate"] = Day(p.Birth),
        ["deceasedDateTime"] = p.Deceased ? Day(p.LastContact) : null,
    });

    private static string Condition(FixturePatient p) => Json(new
    {
        resourceType = "Condition", id = $"{p.Id}-condition-1", subject = Ref(p), onsetDateTime = Day(p.Diagnosis),
        code = new { coding = new object[] { new { system = "http://snomed.info/sct", code = p.Snomed }, new { system = "http://hl7.org/fhir/sid/icd-10-cm", code = p.Icd10 } } },
    });

    private static IEnumerable<string> Observations(FixturePatient p)
    {
        var n = 0;
        string Obs(string loinc, object value, object? component = null, DateOnly? when = null) => Json(new Dictionary<string, object?>
        {
            ["resourceType"] = "Observation", ["id"] = $"{p.Id}-observation-{++n}", ["status"] = "final", ["subject"] = Ref(p),
            ["effectiveDateTime"] = Day(when ?? p.Diagnosis), ["code"] = Concept("http://loinc.org", loinc, null),
            ["valueCodeableConcept"] = value, ["component"] = component,
        });
        object Stage(string code) => Concept("http://cancerstaging.org", code, null);
        yield return Obs("21905-5", Stage(p.T));
        yield return Obs("21906-3", Stage(p.N));
        yield return Obs("21907-1", Stage(p.M));
        yield return Obs("21908-9", Stage(p.Stage));
        foreach (var (loinc, state) in new[] { ("85337-4", p.Er), ("85339-0", p.Pr), ("85319-2", p.Her2) })
            if (state is not null)
                yield return Obs(loinc, Concept("http://snomed.info/sct", state == "positive" ? "10828004" : "260385009", state));
        foreach (var (symbol, hgnc) in Genes)
            yield return Obs("69548-6", Concept("http://loinc.org", p.GeneStatus[symbol] == "present" ? "LA9633-4" : "LA9634-2", null),
                new[] { new { code = Concept("http://loinc.org", "48018-6", "Gene studied"), valueCodeableConcept = Concept("http://www.genenames.org/geneId", hgnc, symbol) } });
        yield return Obs("75186-7", Concept("http://loinc.org", p.Deceased ? "LA18977-1" : "LA18976-3", null), when: p.LastContact);
    }

    private static object Ref(FixturePatient p) => new { reference = $"Patient/{p.Id}" };

    private static object Concept(string system, string code, string? display) =>
        new { coding = new[] { display is null ? new Dictionary<string, string> { ["system"] = system, ["code"] = code }
            : new Dictionary<string, string> { ["system"] = system, ["code"] = code, ["display"] = display } } };

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // WhenWritingNull does not apply to dictionary entries, and a JSON null is invalid FHIR, so absent members are dropped here.
    private static string Json(object value) => JsonSerializer.Serialize(
        value is Dictionary<string, object?> members ? members.Where(m => m.Value is not null).ToDictionary() : value,
        new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
}
