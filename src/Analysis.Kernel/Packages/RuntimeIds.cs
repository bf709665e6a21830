using System.Runtime.InteropServices;

namespace Analysis.Kernel.Packages;

/// <summary>Runtime identifiers (RIDs): which platform-specific assets of a package suit this process.</summary>
public static class RuntimeIds
{
    // The portable RID graph NuGet uses since .NET 8 knows these operating systems, each with its parent.
    private static readonly Dictionary<string, string?> Parents = new(StringComparer.Ordinal)
    {
        ["linux-musl"] = "linux", ["linux-bionic"] = "linux", ["android"] = "linux-bionic", ["linux"] = "unix",
        ["osx"] = "unix", ["maccatalyst"] = "ios", ["ios"] = "unix", ["iossimulator"] = "ios", ["tvos"] = "unix",
        ["freebsd"] = "unix", ["illumos"] = "unix", ["solaris"] = "unix", ["haiku"] = "unix",
        ["unix"] = null, ["win"] = null, ["browser"] = null, ["wasi"] = null,
    };

    /// <summary>This process's RID in the portable form restore understands, e.g. <c>linux-x64</c>.</summary>
    public static string Current { get; } = Portable(RuntimeInformation.RuntimeIdentifier);

    /// <summary>
    /// Maps a distribution-specific RID (<c>fedora.39-x64</c>, from source-built SDKs) to the portable
    /// one (<c>linux-x64</c>): restore rejects RIDs missing from its graph.
    /// </summary>
    public static string Portable(string rid)
    {
        var (os, arch) = Split(rid);
        if (Parents.ContainsKey(os)) return rid;
        var portableOs = os.StartsWith("alpine", StringComparison.Ordinal) ? "linux-musl"
            : OperatingSystem.IsMacOS() ? "osx"
            : OperatingSystem.IsWindows() ? "win"
            : OperatingSystem.IsFreeBSD() ? "freebsd"
            : "linux";
        return $"{portableOs}-{arch}";
    }

    /// <summary>
    /// The RIDs whose assets can serve <paramref name="rid"/>, most specific first:
    /// <c>linux-x64</c> gives linux-x64, linux, unix-x64, unix, any.
    /// </summary>
    public static IReadOnlyList<string> FallbackChain(string rid)
    {
        var (os, arch) = Split(rid);
        var chain = new List<string>();
        for (string? current = os; current is not null; current = Parents.GetValueOrDefault(current))
        {
            if (arch.Length > 0) chain.Add($"{current}-{arch}");
            chain.Add(current);
        }
        chain.Add("any");
        return chain;
    }

    private static (string Os, string Arch) Split(string rid)
    {
        int dash = rid.LastIndexOf('-');
        return dash < 0 ? (rid, "") : (rid[..dash], rid[(dash + 1)..]);
    }
}
