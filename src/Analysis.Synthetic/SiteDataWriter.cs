namespace Analysis.Synthetic;

/// <summary>What one <see cref="SiteDataWriter.Write"/> produced.</summary>
/// <param name="Directory">The data folder.</param>
/// <param name="ResourceCounts">Resources per FHIR type.</param>
/// <param name="MafRows">Variant rows.</param>
public sealed record SiteDataSummary(string Directory, IReadOnlyDictionary<string, int> ResourceCounts, int MafRows);

/// <summary>Generates a site's cohort and writes its whole data folder as the site data contract describes.</summary>
public static class SiteDataWriter
{
    /// <summary>The MAF file name.</summary>
    public const string MafFile = "mutations.maf";

    /// <summary>The metadata file name.</summary>
    public const string MetadataFile = "metadata.json";

    /// <summary>Generates and writes the cohort into <paramref name="directory"/> (created if missing).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="IOException">The folder or a file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to write the folder.</exception>
    public static SiteDataSummary Write(GeneratorOptions options, string directory)
    {
        var generator = new CohortGenerator(options);
        Directory.CreateDirectory(directory);
        IReadOnlyDictionary<string, int> counts;
        int mafRows;
        using (var fhir = new FhirNdjsonWriter(directory, options.Site))
        using (var maf = new MafWriter(Path.Combine(directory, MafFile)))
        {
            foreach (var patient in generator.Patients())
            {
                fhir.Write(patient);
                maf.Write(patient);
            }
            counts = fhir.Counts;
            mafRows = maf.Count;
        }
        MetadataWriter.Write(Path.Combine(directory, MetadataFile), generator, counts, mafRows);
        return new SiteDataSummary(directory, counts, mafRows);
    }
}
