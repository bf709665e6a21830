using Analysis.ML.Torch;
using TorchSharp;

namespace Analysis.ML.Tests;

public sealed class TorchRuntimeTests
{
    private static string PackageLibrary() =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string LibTorch() => Path.Combine(Path.GetDirectoryName(PackageLibrary())!, "libtorch.so");

    [Fact]
    public void Loads_and_computes_on_this_machine()
    {
        var info = TorchRuntime.EnsureLoaded();
        Assert.Same(info, TorchRuntime.EnsureLoaded());
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var sum = a.sum();
        Assert.Equal(6f, sum.item<float>());
        // This machine's libstdc++ decides whether the patched copy must be the one loaded.
        Assert.Equal(!TorchRuntime.SystemCppVersions().Contains(TorchRuntime.MissingVersion), info.Patched);
    }

    [Fact]
    public void Concurrent_callers_get_one_load()
    {
        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => TorchRuntime.EnsureLoaded()).ToList();
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public void Patch_changes_only_the_version_flag_and_the_symbol_binding()
    {
        var original = ElfImage.Read(PackageLibrary());
        var result = WeakVersionPatch.Apply(original, TorchRuntime.MissingVersion);
        var patched = ElfImage.Parse(result.Bytes, "patched");

        Assert.Equal(original.Bytes.Length, result.Bytes.Length);
        var differing = Enumerable.Range(0, original.Bytes.Length).Where(i => original.Bytes[i] != result.Bytes[i]).Select(i => (long)i).ToList();
        Assert.Equal(result.ChangedOffsets.Order(), differing);

        // Parsed back, every version need is the same except the weak flag on GLIBCXX_3.4.32.
        var before = original.VersionNeeds();
        var after = patched.VersionNeeds();
        Assert.Equal(before.Count, after.Count);
        foreach (var (b, a) in before.Zip(after))
        {
            Assert.Equal((b.File, b.Name, b.Index), (a.File, a.Name, a.Index));
            Assert.Equal(b.Name == TorchRuntime.MissingVersion ? b.Flags | 2 : b.Flags, a.Flags);
        }
        var target = before.Single(n => n.Name == TorchRuntime.MissingVersion);
        Assert.Equal(0, target.Flags & 2);

        // Every dynamic symbol is the same except the undefined ones bound to that version, which become weak.
        var symbolsBefore = original.DynamicSymbols();
        var symbolsAfter = patched.DynamicSymbols();
        Assert.Equal(symbolsBefore.Count, symbolsAfter.Count);
        var weakened = new List<string>();
        foreach (var (b, a) in symbolsBefore.Zip(symbolsAfter))
        {
            Assert.Equal((b.Name, b.Type, b.Section, b.Version), (a.Name, a.Type, a.Section, a.Version));
            if (b.Binding != a.Binding)
            {
                Assert.Equal(target.Index, b.Version);
                Assert.Equal(2, a.Binding);
                weakened.Add(a.Name);
            }
        }
        Assert.Equal(["_ZSt21ios_base_library_initv"], weakened);
        Assert.Equal(weakened, result.Symbols);
        // Two changes: the vna_flags byte and the st_info byte.
        Assert.Equal(2, differing.Count);
    }

    [Fact]
    public void System_with_the_version_loads_the_original_and_writes_nothing()
    {
        var cache = Path.Combine(Path.GetTempPath(), "analysis-ml-tests", Guid.NewGuid().ToString("N"));
        var needed = ElfImage.Read(PackageLibrary()).VersionNeeds().Where(n => n.File.StartsWith("libstdc++")).Select(n => n.Name).ToHashSet();
        Assert.Contains(TorchRuntime.MissingVersion, needed);

        var plan = NativeLoadPlan.Prepare(PackageLibrary(), LibTorch(), needed, cache);

        Assert.False(plan.Patched);
        Assert.Equal(PackageLibrary(), plan.Library);
        Assert.False(Directory.Exists(cache));
    }

    [Fact]
    public void System_without_the_version_gets_a_cached_patched_copy_next_to_libtorch()
    {
        var cache = Path.Combine(Path.GetTempPath(), "analysis-ml-tests", Guid.NewGuid().ToString("N"));
        var old = ElfImage.Read(PackageLibrary()).VersionNeeds().Select(n => n.Name).Where(n => n != TorchRuntime.MissingVersion).ToHashSet();
        try
        {
            var plan = NativeLoadPlan.Prepare(PackageLibrary(), LibTorch(), old, cache);
            Assert.True(plan.Patched);
            Assert.StartsWith(cache, plan.Library);
            var needs = ElfImage.Read(plan.Library).VersionNeeds();
            Assert.Equal(2, needs.Single(n => n.Name == TorchRuntime.MissingVersion).Flags & 2);
            // The links lead to the very libtorch files this app's TorchSharp probing loads (two copies would abort libtorch).
            var link = new FileInfo(Path.Combine(Path.GetDirectoryName(plan.Library)!, "libtorch_cpu.so"));
            Assert.Equal(Path.Combine(Path.GetDirectoryName(LibTorch())!, "libtorch_cpu.so"), link.LinkTarget);
            Assert.True(link.Exists);
            // A second call reuses the cached copy.
            var stamp = File.GetLastWriteTimeUtc(plan.Library);
            Assert.Equal(plan, NativeLoadPlan.Prepare(PackageLibrary(), LibTorch(), old, cache));
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(plan.Library));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void Runtime_missing_other_versions_is_refused_with_the_reason()
    {
        var e = Assert.Throws<TorchUnavailableException>(() => NativeLoadPlan.Prepare(PackageLibrary(), LibTorch(), new HashSet<string>(), Path.GetTempPath()));
        Assert.Contains("GLIBCXX_3.4.30", e.Message);
    }

    [Fact]
    public void Non_elf_input_names_the_file_and_offset()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfImage.Parse("hello world, not an ELF file at all......................................."u8.ToArray(), "notes.txt"));
        Assert.Contains("notes.txt: byte offset 0", e.Message);
        var truncated = File.ReadAllBytes(PackageLibrary())[..200];
        var t = Assert.Throws<InvalidDataException>(() => ElfImage.Parse(truncated, "cut.so"));
        Assert.Contains("cut.so: byte offset", t.Message);
    }
}
