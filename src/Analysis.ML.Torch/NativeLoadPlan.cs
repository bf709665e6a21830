using System.Security.Cryptography;
using System.Text;

namespace Analysis.ML.Torch;

/// <summary>Which <c>libLibTorchSharp.so</c> to load: the original, or a cached copy patched for an older C++ runtime.</summary>
/// <param name="Library">The file to load.</param>
/// <param name="Patched">Whether it is the patched copy.</param>
internal sealed record NativeLoadPlan(string Library, bool Patched)
{
    /// <summary>Decides, and writes the patched copy into <paramref name="cacheRoot"/> when it is needed and not there yet.</summary>
    /// <param name="original">The package's <c>libLibTorchSharp.so</c>.</param>
    /// <param name="libtorch">The package's <c>libtorch.so</c>; every file of its folder is symlinked next to the copy.</param>
    /// <param name="systemVersions">The version names the system's <c>libstdc++.so.6</c> defines.</param>
    /// <param name="cacheRoot">Where patched copies live, one folder per hash of the original.</param>
    public static NativeLoadPlan Prepare(string original, string libtorch, IReadOnlySet<string> systemVersions, string cacheRoot)
    {
        var image = ElfImage.Read(original);
        var missing = image.VersionNeeds().Where(n => n.File.StartsWith("libstdc++", StringComparison.Ordinal) && !systemVersions.Contains(n.Name)).Select(n => n.Name).Distinct().ToList();
        if (missing.Count == 0) return new NativeLoadPlan(original, false);
        if (missing.Any(m => m != TorchRuntime.MissingVersion))
            throw new TorchUnavailableException(
                $"TorchSharp could not be loaded: {original} needs {string.Join(", ", missing)} from libstdc++.so.6, which this system's C++ runtime lacks; only {TorchRuntime.MissingVersion} can be made optional safely. Install a newer libstdc++ (GCC 13 or later).");
        // One folder per library and per libtorch folder: the symlinks must lead to the very files TorchSharp's own
        // probing loads, or libtorch would be mapped twice from two copies and abort on its duplicate registrations.
        var libtorchFolder = Path.GetFullPath(Path.GetDirectoryName(libtorch)!);
        var hash = Convert.ToHexStringLower(SHA256.HashData(image.Bytes))[..16] + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(libtorchFolder)))[..8];
        var folder = Path.Combine(cacheRoot, hash);
        var target = Path.Combine(folder, Path.GetFileName(original));
        Directory.CreateDirectory(folder);
        LinkSiblings(libtorchFolder, folder, target);
        LinkSiblings(Path.GetDirectoryName(original)!, folder, target);
        if (!File.Exists(target))
        {
            var patched = WeakVersionPatch.Apply(image, TorchRuntime.MissingVersion);
            // Written under a unique name then renamed, so a concurrent process never loads a half-written file.
            var temporary = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, patched.Bytes);
            File.Move(temporary, target, overwrite: true);
        }
        return new NativeLoadPlan(target, true);
    }

    private static void LinkSiblings(string source, string folder, string except)
    {
        // Only shared libraries: in a published app the natives sit in the app folder among its assemblies.
        foreach (var file in Directory.EnumerateFiles(source).Where(f => Path.GetFileName(f).Contains(".so", StringComparison.Ordinal)))
        {
            var link = Path.Combine(folder, Path.GetFileName(file));
            if (link == except) continue;
            var existing = new FileInfo(link);
            if (existing.LinkTarget == file) continue;
            // A link left dangling or pointing elsewhere (the build folder it named was rebuilt) is replaced.
            if (existing.LinkTarget is not null) existing.Delete();
            else if (existing.Exists) continue;
            try
            {
                File.CreateSymbolicLink(link, file);
            }
            catch (IOException) when (File.Exists(link))
            {
                // Another process linked it first.
            }
        }
    }
}
