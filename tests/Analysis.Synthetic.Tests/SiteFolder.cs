using System.Text.Json;
using Analysis.Synthetic;

namespace Analysis.Synthetic.Tests;

/// <summary>What a site node would derive for one patient, read back from the files only.</summary>
public sealed class PatientFacts
{
    public required string Id { get; init; }
    public string Gender { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public DateOnly? DeceasedDate { get; set; }
    public string? CancerSnomed { get; set; }
    public string? CancerIcd10 { get; set; }
    public DateOnly Diagnosis { get; set; }
    public int Conditions { get; set; }
    public Dictionary<string, string> Tnm { get; } = [];
    public Dictionary<string, bool> Receptors { get; } = [];
    public Dictionary<string, bool> Genes { get; } = [];
    public string? VitalStatus { get; set; }
    public DateOnly LastContact { get; set; }
    public List<(string Code, DateOnly Date)> Procedures { get; } = [];
    public List<(string RxNorm, DateOnly Date, string Status)> Medications { get; } = [];

    // The derivations the data contract defines.
    public int AgeAtDiagnosis
    {
        get
        {
            var age = Diagnosis.Year - BirthDate.Year;
            if (Diagnosis < BirthDate.AddYears(age)) age--;
            return age;
        }
    }
    public int FollowUpDays => LastContact.DayNumber - Diagnosis.DayNumber;
    public bool Event => VitalStatus == "LA18977-1";
    public string Cancer => CancerSnomed switch
    {
        "254837009" => "breast",
        "363406005" => "colorectal",
        "254637007" => "lung",
        _ => "?",
    };
    public int Stage => Tnm["21908-9"] switch { "I" => 1, "II" => 2, "III" => 3, "IV" => 4, var s => throw new InvalidDataException(s) };
}

/// <summary>Reads a generated site folder back with plain JSON, independently of the generator's types.</summary>
public sealed class SiteFolder
{
    public string Directory { get; }
    public Dictionary<string, PatientFacts> Patients { get; } = new(StringComparer.Ordinal);
    public JsonDocument Metadata { get; }

    public SiteFolder(string directory)
    {
        Directory = directory;
        foreach (var line in Lines("Patient"))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var p = new PatientFacts { Id = r.GetProperty("id").GetString()! };
            p.Gender = r.GetProperty("gender").GetString()!;
            p.BirthDate = DateOnly.Parse(r.GetProperty("birthDate").GetString()!);
            if (r.TryGetProperty("deceasedDateTime", out var d)) p.DeceasedDate = DateOnly.Parse(d.GetString()!);
            Patients.Add(p.Id, p);
        }
        foreach (var line in Lines("Condition"))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var p = Subject(r);
            p.Conditions++;
            foreach (var c in r.GetProperty("code").GetProperty("coding").EnumerateArray())
            {
                if (c.GetProperty("system").GetString() == "http://snomed.info/sct") p.CancerSnomed = c.GetProperty("code").GetString();
                else p.CancerIcd10 = c.GetProperty("code").GetString();
            }
            p.Diagnosis = DateOnly.Parse(r.GetProperty("onsetDateTime").GetString()!);
        }
        foreach (var line in Lines("Observation"))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var p = Subject(r);
            var code = r.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString()!;
            var value = r.GetProperty("valueCodeableConcept").GetProperty("coding")[0].GetProperty("code").GetString()!;
            var effective = DateOnly.Parse(r.GetProperty("effectiveDateTime").GetString()!);
            switch (code)
            {
                case "21905-5" or "21906-3" or "21907-1" or "21908-9":
                    p.Tnm.Add(code, value);
                    break;
                case "85337-4" or "85339-0" or "85319-2":
                    p.Receptors.Add(code, value == "10828004");
                    break;
                case "69548-6":
                    var gene = r.GetProperty("component")[0].GetProperty("valueCodeableConcept").GetProperty("coding")[0].GetProperty("display").GetString()!;
                    p.Genes.Add(gene, value == "LA9633-4");
                    break;
                case "75186-7":
                    p.VitalStatus = value;
                    p.LastContact = effective;
                    break;
                default:
                    throw new InvalidDataException($"unexpected observation code {code}");
            }
        }
        foreach (var line in Lines("Procedure"))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            Subject(r).Procedures.Add((r.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString()!,
                DateOnly.Parse(r.GetProperty("performedDateTime").GetString()!)));
        }
        foreach (var line in Lines("MedicationRequest"))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            Subject(r).Medications.Add((r.GetProperty("medicationCodeableConcept").GetProperty("coding")[0].GetProperty("code").GetString()!,
                DateOnly.Parse(r.GetProperty("authoredOn").GetString()!), r.GetProperty("status").GetString()!));
        }
        Metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "metadata.json")));
    }

    public IEnumerable<string> Lines(string resourceType) => File.ReadLines(Path.Combine(Directory, $"{resourceType}.ndjson"));

    private PatientFacts Subject(JsonElement resource)
    {
        var reference = resource.GetProperty("subject").GetProperty("reference").GetString()!;
        Assert.StartsWith("Patient/", reference);
        return Patients[reference["Patient/".Length..]];
    }

    /// <summary>Writes a cohort into a fresh temporary folder.</summary>
    public static string Generate(GeneratorOptions options)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"synth-test-{Guid.NewGuid():N}");
        SiteDataWriter.Write(options, dir);
        return dir;
    }
}

/// <summary>One 5,000-patient cohort shared by the tests that only read it.</summary>
public sealed class CohortFixture : IDisposable
{
    public const int Size = 5000;
    public GeneratorOptions Options { get; } = new() { Site = "oslo", Patients = Size, Seed = 42 };
    public SiteFolder Folder { get; }

    public CohortFixture() => Folder = new SiteFolder(SiteFolder.Generate(Options));

    public void Dispose() => Directory.Delete(Folder.Directory, recursive: true);
}

[CollectionDefinition("cohort")]
public sealed class CohortCollection : ICollectionFixture<CohortFixture>;
