using System.Text.Json;
using Analysis.Tests.Shared;

namespace Analysis.Node.Tests.Imaging;

/// <summary>One search in plain terms, as the reference evaluates it (lower-case sex, SNOMED diagnosis, DICOM terms).</summary>
public sealed record PlainSearch(string? Sex = null, string? Diagnosis = null, string? Modality = null, string? BodyPart = null, string? Manufacturer = null);

/// <summary>
/// The pooled truth for imaging searches: pydicom reads every DICOM header under the sites' <c>imaging/</c> folders and
/// Python joins them with the patients' sex and diagnosis from the NDJSON, then counts subjects and distinct studies.
/// </summary>
public static class ImagingReference
{
    /// <summary>(subjects, studies) per search, pooled over <paramref name="dirs"/>.</summary>
    public static List<(long Subjects, long Studies)> Counts(IEnumerable<string> dirs, IReadOnlyList<PlainSearch> searches)
    {
        var output = ReferencePeer.Python($$"""
            import json, os, pydicom
            dirs = {{JsonSerializer.Serialize(dirs.ToList())}}
            searches = json.loads({{JsonSerializer.Serialize(JsonSerializer.Serialize(searches))}})
            patients, series = {}, []
            for d in dirs:
                for line in open(os.path.join(d, "Patient.ndjson")):
                    if line.strip():
                        r = json.loads(line); patients[r["id"]] = {"sex": r["gender"]}
                for line in open(os.path.join(d, "Condition.ndjson")):
                    if line.strip():
                        r = json.loads(line); pid = r["subject"]["reference"].split("/")[1]
                        patients[pid]["dx"] = [c["code"] for c in r["code"]["coding"] if c["system"] == "http://snomed.info/sct"][0]
                for root, _, files in os.walk(os.path.join(d, "imaging")):
                    for f in files:
                        if not f.endswith(".dcm"): continue
                        ds = pydicom.dcmread(os.path.join(root, f), stop_before_pixels=True)
                        series.append((ds.PatientID, ds.StudyInstanceUID, ds.Modality, str(ds.get("BodyPartExamined", "")).upper(), str(ds.get("Manufacturer", "")).lower()))
            out = []
            for s in searches:
                hits = [x for x in series if x[0] in patients
                        and (s["Sex"] is None or patients[x[0]]["sex"] == s["Sex"])
                        and (s["Diagnosis"] is None or patients[x[0]].get("dx") == s["Diagnosis"])
                        and (s["Modality"] is None or x[2] == s["Modality"])
                        and (s["BodyPart"] is None or x[3] == s["BodyPart"])
                        and (s["Manufacturer"] is None or x[4] == s["Manufacturer"].lower())]
                out.append([len({x[0] for x in hits}), len({x[1] for x in hits})])
            print(json.dumps(out))
            """);
        return [.. JsonDocument.Parse(output).RootElement.EnumerateArray().Select(e => (e[0].GetInt64(), e[1].GetInt64()))];
    }
}
