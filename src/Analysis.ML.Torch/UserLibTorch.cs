using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Analysis.ML.Torch;

/// <summary>
/// A libtorch the user brings (a CUDA build: the package feed serves only the CPU one), named by
/// <see cref="Variable"/>: a PyTorch installation's <c>torch/lib</c> folder (or <c>torch/</c>), or an unpacked
/// LibTorch (<c>libtorch/</c> or its <c>lib/</c>), e.g. from a site module.
/// </summary>
/// <remarks>TorchSharp 0.107 is compiled against libtorch 2.10; another minor version fails with missing or mismatched
/// symbols deep inside a cell, so the version is checked from the installation's own record (LibTorch's
/// <c>build-version</c>, PyTorch's <c>version.py</c>) before anything is loaded.</remarks>
/// <param name="Directory">The folder holding <c>libtorch.so</c>.</param>
/// <param name="Version">The version the installation records, e.g. <c>2.10.0+cu128</c>.</param>
public sealed partial record UserLibTorch(string Directory, string Version)
{
    /// <summary>The environment variable naming the user's libtorch.</summary>
    public const string Variable = "ANALYSIS_LIBTORCH";

    /// <summary>The libtorch major.minor this build of TorchSharp needs.</summary>
    public const string RequiredVersion = "2.10";

    /// <summary>The files a CUDA libtorch must have, in the order they are loaded (dependencies first).</summary>
    public static readonly IReadOnlyList<string> Libraries = ["libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"];

    /// <summary>
    /// Reads <see cref="Variable"/> and checks what it names without loading anything: null when it is not set; else the
    /// installation, or a <see cref="TorchUnavailableException"/> naming what was found and what is needed.
    /// </summary>
    public static UserLibTorch? Discover() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? Inspect(path) : null;

    /// <summary>Checks the libtorch at <paramref name="path"/> (layout, version, CUDA libraries) without loading it.</summary>
    /// <exception cref="TorchUnavailableException">It is missing, of another version, or not a CUDA build.</exception>
    public static UserLibTorch Inspect(string path)
    {
        var full = Path.GetFullPath(path);
        if (!System.IO.Directory.Exists(full))
            throw new TorchUnavailableException($"{Variable}={path} is not a folder; it should name a CUDA libtorch {RequiredVersion} (a PyTorch {RequiredVersion} torch/lib folder or LibTorch {RequiredVersion}'s lib folder)");
        // Either the lib folder itself, or the installation's root with lib/ under it.
        var lib = File.Exists(Path.Combine(full, "libtorch.so")) ? full : Path.Combine(full, "lib");
        if (!File.Exists(Path.Combine(lib, "libtorch.so")))
            throw new TorchUnavailableException($"{Variable}={path} holds no libtorch.so (looked in {full} and {Path.Combine(full, "lib")}); it should name a CUDA libtorch {RequiredVersion}");
        var version = RecordedVersion(lib)
            ?? throw new TorchUnavailableException($"{Variable}={path}: the libtorch in {lib} records no version (no build-version beside it, no torch/version.py); a CUDA libtorch {RequiredVersion} is needed and its version must be checkable");
        if (!MajorMinor(version).Equals(RequiredVersion, StringComparison.Ordinal))
            throw new TorchUnavailableException($"{Variable}={path} holds libtorch {version}; this build (TorchSharp 0.107) needs libtorch {RequiredVersion}.x. Point {Variable} at a PyTorch {RequiredVersion} or LibTorch {RequiredVersion} installation");
        var missing = Libraries.Where(l => !File.Exists(Path.Combine(lib, l))).ToArray();
        if (missing.Length > 0)
            throw new TorchUnavailableException($"{Variable}={path} holds libtorch {version} without {string.Join(", ", missing)}: not a CUDA build; a CUDA libtorch {RequiredVersion} is needed (the CPU libtorch ships with Analysis)");
        return new UserLibTorch(lib, version);
    }

    /// <summary>
    /// Loads the libraries (dependencies first, by full path, so TorchSharp's later lookups by name find these) and returns
    /// their handles by file name; on failure frees what it loaded and throws, so the bundled CPU libtorch can still load.
    /// </summary>
    /// <exception cref="TorchUnavailableException">The loader refused a file; the message names it and the loader's reason.</exception>
    public IReadOnlyDictionary<string, IntPtr> Load()
    {
        var handles = new Dictionary<string, IntPtr>(StringComparer.Ordinal);
        foreach (var library in Libraries)
        {
            var file = Path.Combine(Directory, library);
            try
            {
                handles[library] = NativeLibrary.Load(file);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                // Later-loaded first: a library may hold a reference to an earlier one.
                foreach (var handle in handles.Values.Reverse()) NativeLibrary.Free(handle);
                throw new TorchUnavailableException($"{Variable}={Directory}: libtorch {Version} could not be loaded: {library}: {LoaderReason(e.Message)}", e);
            }
        }
        return handles;
    }

    /// <summary>The version an installation records: LibTorch's <c>build-version</c> beside <c>lib/</c>, or PyTorch's <c>torch/version.py</c>.</summary>
    internal static string? RecordedVersion(string lib)
    {
        var root = Path.GetDirectoryName(lib)!;
        var buildVersion = Path.Combine(root, "build-version");
        if (File.Exists(buildVersion) && File.ReadAllText(buildVersion).Trim() is { Length: > 0 } recorded) return recorded;
        var versionPy = Path.Combine(root, "version.py");
        if (File.Exists(versionPy) && PythonVersion().Match(File.ReadAllText(versionPy)) is { Success: true } match) return match.Groups[1].Value;
        return null;
    }

    private static string MajorMinor(string version)
    {
        var parts = version.Split('+')[0].Split('.');
        return parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : version;
    }

    // .NET puts advice first and the dynamic loader's own words (dlerror) on the last line.
    private static string LoaderReason(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];

    [GeneratedRegex("""^__version__\s*=\s*['"]([^'"]+)['"]""", RegexOptions.Multiline)]
    private static partial Regex PythonVersion();
}
