using Analysis.ML.Torch;

namespace Analysis.ML.Tests;

/// <summary>
/// Discovery and refusal of a user-supplied CUDA libtorch (ANALYSIS_LIBTORCH) on real folders laid out as PyTorch and
/// LibTorch lay them out. No CUDA libtorch exists on these machines, so the accepted path is checked up to loading and
/// the load itself is checked against files the loader must refuse.
/// </summary>
public sealed class UserLibTorchTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("userlibtorch-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(params string[] parts)
    {
        var path = Path.Combine([_root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static void Libraries(string lib, IEnumerable<string> names, string content = "not an ELF file")
    {
        foreach (var name in names) File.WriteAllText(Path.Combine(lib, name), content);
    }

    [Fact]
    public void A_pytorch_lib_folder_of_another_version_is_refused_naming_found_and_needed()
    {
        var lib = Folder("site-packages", "torch", "lib");
        Libraries(lib, UserLibTorch.Libraries);
        File.WriteAllText(Path.Combine(_root, "site-packages", "torch", "version.py"), "from typing import Optional\n__version__ = '2.9.1+cu121'\ncuda: Optional[str] = '12.1'\n");
        var e = Assert.Throws<TorchUnavailableException>(() => UserLibTorch.Inspect(lib));
        Assert.Contains("libtorch 2.9.1+cu121", e.Message);
        Assert.Contains("needs libtorch 2.10.x", e.Message);
        Assert.Contains(UserLibTorch.Variable, e.Message);
    }

    [Fact]
    public void A_libtorch_root_with_the_right_version_is_found_through_its_lib_folder()
    {
        var root = Folder("libtorch");
        var lib = Folder("libtorch", "lib");
        Libraries(lib, UserLibTorch.Libraries);
        File.WriteAllText(Path.Combine(root, "build-version"), "2.10.0+cu128\n");
        var found = UserLibTorch.Inspect(root);
        Assert.Equal(lib, found.Directory);
        Assert.Equal("2.10.0+cu128", found.Version);
    }

    [Fact]
    public void A_cpu_build_of_the_right_version_is_refused_as_not_cuda()
    {
        var root = Folder("libtorch");
        var lib = Folder("libtorch", "lib");
        Libraries(lib, UserLibTorch.Libraries.Where(l => !l.Contains("cuda")));
        File.WriteAllText(Path.Combine(root, "build-version"), "2.10.0+cpu");
        var e = Assert.Throws<TorchUnavailableException>(() => UserLibTorch.Inspect(lib));
        Assert.Contains("libtorch 2.10.0+cpu without libc10_cuda.so, libtorch_cuda.so: not a CUDA build", e.Message);
    }

    [Fact]
    public void A_libtorch_without_a_version_record_is_refused()
    {
        var lib = Folder("somewhere", "lib");
        Libraries(lib, UserLibTorch.Libraries);
        var e = Assert.Throws<TorchUnavailableException>(() => UserLibTorch.Inspect(lib));
        Assert.Contains("records no version", e.Message);
        Assert.Contains(lib, e.Message);
    }

    [Fact]
    public void A_folder_without_libtorch_or_a_missing_folder_is_refused()
    {
        var empty = Folder("empty");
        Assert.Contains("holds no libtorch.so", Assert.Throws<TorchUnavailableException>(() => UserLibTorch.Inspect(empty)).Message);
        var missing = Path.Combine(_root, "missing");
        Assert.Contains("is not a folder", Assert.Throws<TorchUnavailableException>(() => UserLibTorch.Inspect(missing)).Message);
    }

    [Fact]
    public void Broken_libraries_of_the_right_version_pass_inspection_and_are_refused_by_the_loader_with_its_reason()
    {
        var root = Folder("torch");
        var lib = Folder("torch", "lib");
        Libraries(lib, UserLibTorch.Libraries);
        File.WriteAllText(Path.Combine(root, "version.py"), "__version__ = '2.10.0+cu128'\n");
        var found = UserLibTorch.Inspect(lib);
        var e = Assert.Throws<TorchUnavailableException>(() => found.Load());
        Assert.Contains($"libtorch 2.10.0+cu128 could not be loaded: {UserLibTorch.Libraries[0]}", e.Message);
        // The dynamic loader's own reason for a text file (glibc says "invalid ELF header" or "file too short").
        Assert.Matches("invalid ELF header|file too short", e.Message);
    }
}
