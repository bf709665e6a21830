using System.Text.Json;

namespace Analysis.Kernel.Packages;

/// <summary>
/// Reads the <c>obj/project.assets.json</c> restore writes: which files of which packages a
/// project compiles against, loads and needs natively, for one runtime identifier.
/// </summary>
public static class ProjectAssets
{
    // NuGet's marker for "this framework needs no file from the package".
    private const string EmptyFolderMarker = "_._";

    /// <summary>
    /// The packages of the assets file at <paramref name="path"/> for <paramref name="rid"/>.
    /// The target restored for that RID is used when present; otherwise RID-specific assets are
    /// chosen from <c>runtimeTargets</c> along <see cref="RuntimeIds.FallbackChain"/>.
    /// </summary>
    public static RestoreResult Read(string path, string rid)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var folders = root.TryGetProperty("packageFolders", out var f) ? f.EnumerateObject().Select(p => p.Name).ToArray() : [];
        var libraries = root.GetProperty("libraries");
        var target = SelectTarget(root.GetProperty("targets"), rid);
        var fallback = RuntimeIds.FallbackChain(rid);

        var packages = new List<RestoredPackage>();
        foreach (var entry in target.EnumerateObject())
        {
            if (Text(entry.Value, "type") != "package" || !libraries.TryGetProperty(entry.Name, out var library)) continue;
            var (id, version) = SplitName(entry.Name);
            string Absolute(string asset) => Locate(folders, Text(library, "path") ?? entry.Name.ToLowerInvariant(), asset);
            var runtime = ForRid(entry.Value, "runtime", fallback) ?? Assets(entry.Value, "runtime");
            var native = entry.Value.TryGetProperty("native", out _) ? Assets(entry.Value, "native") : ForRid(entry.Value, "native", fallback) ?? [];
            packages.Add(new RestoredPackage(
                id, version,
                entry.Value.TryGetProperty("dependencies", out var d) ? d.EnumerateObject().Select(p => p.Name).ToArray() : [],
                Assets(entry.Value, "compile").Select(Absolute).ToArray(),
                runtime.Select(Absolute).ToArray(),
                native.Select(Absolute).ToArray()));
        }
        return new RestoreResult(packages, path);
    }

    /// <summary>The errors restore logged in the assets file, e.g. <c>NU1101: Unable to find package X...</c>.</summary>
    public static IReadOnlyList<string> Errors(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!document.RootElement.TryGetProperty("logs", out var logs)) return [];
        return logs.EnumerateArray()
            .Where(log => string.Equals(Text(log, "level"), "Error", StringComparison.OrdinalIgnoreCase))
            .Select(log => $"{Text(log, "code")}: {Text(log, "message")}")
            .Distinct()
            .ToArray();
    }

    private static JsonElement SelectTarget(JsonElement targets, string rid)
    {
        JsonElement? portable = null;
        foreach (var target in targets.EnumerateObject())
        {
            if (target.Name.EndsWith("/" + rid, StringComparison.OrdinalIgnoreCase)) return target.Value;
            if (!target.Name.Contains('/')) portable ??= target.Value;
        }
        return portable ?? throw new InvalidDataException("The assets file has no target to read.");
    }

    private static IEnumerable<string> Assets(JsonElement package, string kind) =>
        package.TryGetProperty(kind, out var assets)
            ? assets.EnumerateObject().Select(a => a.Name).Where(a => Path.GetFileName(a) != EmptyFolderMarker)
            : [];

    /// <summary>The <c>runtimeTargets</c> assets of one kind for the most specific RID in the chain that has any, or null when none matches.</summary>
    private static string[]? ForRid(JsonElement package, string assetType, IReadOnlyList<string> fallback)
    {
        if (!package.TryGetProperty("runtimeTargets", out var targets)) return null;
        var byRid = targets.EnumerateObject()
            .Where(t => Text(t.Value, "assetType") == assetType)
            .ToLookup(t => Text(t.Value, "rid") ?? "", StringComparer.OrdinalIgnoreCase);
        var best = fallback.FirstOrDefault(byRid.Contains);
        return best is null ? null : byRid[best].Select(t => t.Name).Where(a => Path.GetFileName(a) != EmptyFolderMarker).ToArray();
    }

    private static string Locate(IReadOnlyList<string> folders, string libraryPath, string asset)
    {
        var relative = Path.Combine(libraryPath, asset).Replace('/', Path.DirectorySeparatorChar);
        // Fallback folders are listed after the global packages folder; the first that holds the file wins.
        var candidates = folders.Select(folder => Path.Combine(folder, relative));
        return candidates.FirstOrDefault(File.Exists) ?? candidates.FirstOrDefault() ?? relative;
    }

    private static (string Id, string Version) SplitName(string name)
    {
        int slash = name.IndexOf('/');
        return slash < 0 ? (name, "") : (name[..slash], name[(slash + 1)..]);
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
