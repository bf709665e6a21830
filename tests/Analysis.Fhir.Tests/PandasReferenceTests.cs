using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Analysis.Node.Tests;
using Task = System.Threading.Tasks.Task;

namespace Analysis.Fhir.Tests;

/// <summary>The flattened rows against pandas' <c>json_normalize</c> of the same NDJSON files (Debian's Python; fails without it).</summary>
public sealed class PandasReferenceTests
{
    private const string Python = "/usr/bin/python3";

    // Written independently of FhirFlattener: pandas columns, first coding, components exploded after their observation.
    private const string Script = """
        import json, sys
        import pandas as pd
        folder = sys.argv[1]
        def load(name):
            with open(f"{folder}/{name}.ndjson") as f:
                return pd.json_normalize([json.loads(l) for l in f if l.strip()])
        def first(series, key):
            return [c[0].get(key) if isinstance(c, list) and c else None for c in series]
        def day(series):
            return [None if not isinstance(v, str) else v[:10] for v in series]
        p = load("Patient")
        deceased = p["deceasedDateTime"] if "deceasedDateTime" in p else [None] * len(p)
        patients = [dict(id=i, sex=g, birth=b, deceased=day([d])[0]) for i, g, b, d in zip(p["id"], p["gender"], p["birthDate"], deceased)]
        o = load("Observation")
        rows = []
        for _, r in o.iterrows():
            patient = r["subject.reference"].split("/")[-1]
            effective = r["effectiveDateTime"][:10]
            rows.append(dict(id=r["id"], parent=None, patient=patient, code=first([r["code.coding"]], "code")[0],
                             value=first([r["valueCodeableConcept.coding"]], "code")[0], date=effective))
            components = r["component"] if isinstance(r.get("component"), list) else []
            for n, c in enumerate(components, 1):
                rows.append(dict(id=f"{r['id']}#component{n}", parent=r["id"], patient=patient, code=c["code"]["coding"][0]["code"],
                                 value=c["valueCodeableConcept"]["coding"][0]["code"], date=effective))
        print(json.dumps(dict(patients=patients, observations=rows)))
        """;

    [Fact]
    public async Task Patient_and_observation_rows_equal_pandas_json_normalize()
    {
        var dir = SiteFixture.NewDirectory();
        try
        {
            SiteFixture.Write(dir, SiteFixture.Random(60, seed: 17));
            var reference = JsonDocument.Parse(await RunPandas(dir)).RootElement;
            var resources = (await FhirNdjson.ReadFileAsync(Path.Combine(dir, "Patient.ndjson"), "Patient"))
                .Concat(await FhirNdjson.ReadFileAsync(Path.Combine(dir, "Observation.ndjson"), "Observation"));
            var rows = FhirFlattener.Flatten(resources);

            Assert.Equal(
                reference.GetProperty("patients").EnumerateArray().Select(p => (Text(p, "id"), Text(p, "sex"), Text(p, "birth"), Text(p, "deceased"))),
                rows.Patients.Select(p => ((string?)p.Id, p.Sex, Day(p.BirthDate), Day(p.DeceasedDate))));
            Assert.Equal(
                reference.GetProperty("observations").EnumerateArray().Select(o => (Text(o, "id"), Text(o, "parent"), Text(o, "patient"), Text(o, "code"), Text(o, "value"), Text(o, "date"))),
                rows.Observations.Select(o => ((string?)o.Id, o.ParentId, o.PatientId, o.Code, o.ValueCode, Day(o.EffectiveDate))));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    private static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<string> RunPandas(string dir)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install python3-pandas (test.sh does)");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(dir);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pandas reference failed: {await error}");
        return await output;
    }
}
