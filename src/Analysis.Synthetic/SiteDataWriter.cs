using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Analysis.Synthetic;

/// <summary>What one <see cref="SiteDataWriter.Write"/> produced.</summary>
/// <param name="Directory">The data folder.</param>
/// <param name="ResourceCounts">Resources per FHIR type.</param>
/// <param name="MafRows">Variant rows.</param>
public sealed record SiteDataSummary(string Directory, IReadOnlyDictionary<string, int> ResourceCounts, int MafRows)
{
    /// <summary>Imaging series written to <c>imaging/</c> (0 unless <see cref="GeneratorOptions.ImagingShare"/> is set).</summary>
    public int ImagingSeries { get; init; }
}

/// <summary>Generates a site's cohort and writes its whole data folder as the site data contract describes.</summary>
public static class SiteDataWriter
{
    /// <summary>The MAF file name.</summary>
    public const string MafFile = "mutations.maf";

    /// <summary>The metadata file name.</summary>
    public const string MetadataFile = "metadata.json";

    /// <summary>The site key file's name: the node reads its secret key from here (and creates a random one when it is missing).</summary>
    public const string SiteKeyFile = "node.key";

    /// <summary>Generates and writes the cohort into <paramref name="directory"/> (created if missing).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="IOException">The folder or a file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to write the folder.</exception>
    public static SiteDataSummary Write(GeneratorOptions options, string directory)
    {
        var generator = new CohortGenerator(options);
        Directory.CreateDirectory(directory);
        IReadOnlyDictionary<string, int> counts;
        int mafRows, series;
        using (var fhir = new FhirNdjsonWriter(directory, options.Site))
        using (var maf = new MafWriter(Path.Combine(directory, MafFile)))
        {
            var imaging = new ImagingWriter(options, directory);
            foreach (var patient in generator.Patients())
            {
                fhir.Write(patient);
                maf.Write(patient);
                imaging.Write(patient);
            }
            series = imaging.Series;
            counts = fhir.Counts;
            mafRows = maf.Count;
        }
        MetadataWriter.Write(Path.Combine(directory, MetadataFile), generator, counts, mafRows);
        WriteSiteKey(options, directory);
        return new SiteDataSummary(directory, counts, mafRows) { ImagingSeries = series };
    }

    /// <summary>The synthetic site's key: SHA-256 of a fixed label, the seed and the site name.</summary>
    /// <remarks>A real site's key is random and secret (the node creates it), because it keys the noise that protects
    /// every released number. A synthetic site's data are public (anyone can regenerate them from the seed), so nothing
    /// is lost by deriving its key from the same public seed, and it makes the protected numbers of a synthetic
    /// federation reproducible: fresh folders from the same seed give the same noise, so published numbers re-derive.</remarks>
    public static byte[] SiteKey(GeneratorOptions options)
    {
        var label = Encoding.UTF8.GetBytes("analysis synthetic site key v1\0");
        var site = Encoding.UTF8.GetBytes(options.Site);
        var input = new byte[label.Length + sizeof(ulong) + site.Length];
        label.CopyTo(input, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(label.Length), options.Seed);
        site.CopyTo(input, label.Length + sizeof(ulong));
        return SHA256.HashData(input);
    }

    private static void WriteSiteKey(GeneratorOptions options, string directory)
    {
        var path = Path.Combine(directory, SiteKeyFile);
        // Replaced, not kept: a folder regenerated from another seed or site must get that seed's key, or its
        // numbers would depend on what the folder held before.
        var stream = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) stream.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, stream)) file.Write(SiteKey(options));
        // The key protects nothing here, but the node keeps every key file owner-only and an existing file keeps its mode under FileMode.Create.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
