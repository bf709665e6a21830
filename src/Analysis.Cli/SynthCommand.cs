using System.CommandLine;
using System.Globalization;
using Analysis.Contracts;
using Analysis.Synthetic;

namespace Analysis.Cli;

/// <summary><c>analysis synth</c>: writes a synthetic site data folder.</summary>
internal static class SynthCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var site = new Option<string>("--site") { Description = "Site name, used in every id (letters, digits, '-', '.')." };
        // Numbers are read as text and checked here, so every bad argument gets the same clear
        // message style and exit code 2, rather than some being parse errors with exit code 1.
        var patients = new Option<string>("--patients") { Description = "Number of patients (at least 1)." };
        var seed = new Option<string>("--seed") { Description = "Random seed (0 to 18446744073709551615).", DefaultValueFactory = _ => "1" };
        var output = new Option<string>("--out") { Description = "Folder to write (created if missing; files in it are replaced)." };
        var cancers = new Option<string>("--cancers") { Description = "Comma-separated cancer types.", DefaultValueFactory = _ => "breast,colorectal,lung" };
        var profile = new Option<string?>("--profile") { Description = $"Site profile preset ({string.Join(", ", SiteProfile.Presets.Select(p => p.Name))}); default: derived from the site name." };

        var imaging = new Option<string>("--imaging") { Description = "Share of patients (0 to 1) with synthetic CT/MR series and tumour masks in imaging/.", DefaultValueFactory = _ => "0" };

        var command = new Command("synth", "Write a deterministic synthetic oncology cohort (FHIR R4 NDJSON, GDC MAF, metadata.json, and node.key derived from the public seed) for one site.")
        {
            site, patients, seed, output, cancers, profile, imaging,
        };
        command.SetAction(parse =>
        {
            GeneratorOptions options;
            string directory;
            try
            {
                options = Options(parse.GetValue(site), parse.GetValue(patients), parse.GetValue(seed), parse.GetValue(cancers), parse.GetValue(profile));
                var share = parse.GetValue(imaging);
                if (!double.TryParse(share, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || !(s is >= 0 and <= 1))
                    throw new ArgumentException($"--imaging must be a number from 0 to 1 (got '{share}')");
                options = options with { ImagingShare = s };
                directory = parse.GetValue(output) is { Length: > 0 } o ? Path.GetFullPath(o) : throw new ArgumentException("--out is required");
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            try
            {
                var summary = SiteDataWriter.Write(options, directory);
                Console.WriteLine($"Wrote {options.Patients} patients for site {options.Site} to {summary.Directory}: " +
                    string.Join(", ", summary.ResourceCounts.Select(kv => $"{kv.Value} {kv.Key}")) + $", {summary.MafRows} MAF rows" +
                    (summary.ImagingSeries > 0 ? $", {summary.ImagingSeries} imaging series" : ""));
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot write to '{directory}': {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static GeneratorOptions Options(string? site, string? patients, string? seed, string? cancers, string? profile)
    {
        if (string.IsNullOrWhiteSpace(site)) throw new ArgumentException("--site is required");
        if (string.IsNullOrWhiteSpace(patients)) throw new ArgumentException("--patients is required");
        if (!int.TryParse(patients, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < 1)
            throw new ArgumentException($"--patients must be a whole number of at least 1 (got '{patients}')");
        if (!ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            throw new ArgumentException($"--seed must be a whole number from 0 to {ulong.MaxValue} (got '{seed}')");

        var types = new List<CancerType>();
        foreach (var name in (cancers ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!CancerTypes.TryParse(name, out var type))
                throw new ArgumentException($"unknown cancer type '{name}' (known: {string.Join(", ", CancerTypes.All.Select(c => c.Name()))})");
            if (!types.Contains(type)) types.Add(type);
        }
        if (types.Count == 0) throw new ArgumentException("--cancers needs at least one cancer type");

        SiteProfile? chosen = null;
        if (profile is not null)
        {
            chosen = SiteProfile.Preset(profile)
                ?? throw new ArgumentException($"unknown profile '{profile}' (known: {string.Join(", ", SiteProfile.Presets.Select(p => p.Name))})");
        }
        return new GeneratorOptions { Site = site, Patients = n, Seed = s, Cancers = types, Profile = chosen };
    }
}
