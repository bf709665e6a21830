using System.Text.Json;

namespace Analysis.Synthetic;

/// <summary>Writes <c>metadata.json</c>: how the cohort was made and the true survival model, so analyses can check what they recover.</summary>
public static class MetadataWriter
{
    /// <summary>Bumped whenever the same options would produce different files.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions ProfileJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the metadata of a finished cohort.</summary>
    /// <param name="path">File to create.</param>
    /// <param name="generator">The generator that made the cohort.</param>
    /// <param name="resourceCounts">Resources written per FHIR type.</param>
    /// <param name="mafRows">Variant rows in mutations.maf.</param>
    public static void Write(string path, CohortGenerator generator, IReadOnlyDictionary<string, int> resourceCounts, int mafRows)
    {
        var o = generator.Options;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" });
        w.WriteStartObject();
        w.WriteString("generator", "Analysis.Synthetic");
        w.WriteNumber("formatVersion", FormatVersion);
        w.WriteNumber("seed", o.Seed);
        w.WriteString("site", o.Site);
        w.WriteNumber("patients", o.Patients);
        w.WriteStartArray("cancers");
        foreach (var c in o.Cancers) w.WriteStringValue(c.Name());
        w.WriteEndArray();
        w.Date("diagnosisFrom", o.DiagnosisFrom);
        w.Date("diagnosisTo", o.DiagnosisTo);
        if (o.StudyEnd is { } end) w.Date("studyEnd", end);
        else w.WriteNull("studyEnd");
        w.WritePropertyName("profile");
        JsonSerializer.Serialize(w, generator.Profile, ProfileJson);

        w.WriteStartObject("survivalModel");
        w.WriteString("form", "h(t|x) = h0(t) * exp(sum(coefficient * x)); H0(t) = (t / scaleYears)^shape; t in years since diagnosis");
        w.WriteString("censoring", "administrative at studyEnd, plus exponential loss to follow-up at profile.lossToFollowUpPerYear");
        foreach (var cancer in o.Cancers) WriteModel(w, SurvivalModels.For(cancer));
        w.WriteEndObject();

        // Flat name → hazard ratio maps: what a recovery check compares its Cox estimates with.
        w.WriteStartObject("hazardRatios");
        foreach (var cancer in o.Cancers)
        {
            w.WriteStartObject(cancer.Name());
            foreach (var c in SurvivalModels.For(cancer).Covariates) w.WriteNumber(c.Name, c.HazardRatio);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartObject("resourceCounts");
        foreach (var (type, count) in resourceCounts) w.WriteNumber(type, count);
        w.WriteEndObject();
        w.WriteNumber("mafRows", mafRows);
        w.WriteEndObject();
        w.Flush();
        stream.Write("\n"u8);
    }

    private static void WriteModel(Utf8JsonWriter w, CancerSurvivalModel model)
    {
        w.WriteStartObject(model.Cancer.Name());
        w.WriteStartObject("baseline");
        w.WriteString("distribution", "weibull");
        w.WriteNumber("shape", model.Shape);
        w.WriteNumber("scaleYears", model.ScaleYears);
        w.WriteEndObject();
        w.WriteStartArray("covariates");
        foreach (var c in model.Covariates)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("definition", c.Definition);
            w.WriteNumber("coefficient", c.Coefficient);
            w.WriteNumber("hazardRatio", c.HazardRatio);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
