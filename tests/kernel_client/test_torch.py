"""TorchSharp in notebook cells, through the real kernel: in any cell, the session's first use or not, without
loading anything at start-up; with a #r of the pinned TorchSharp package; with a #r of another version; and with a
native load that cannot succeed, which says why and leaves the session running.

Every test gets a kernel of its own: what matters is what a session's *first* use of TorchSharp does.
"""

import os
import re
import tempfile
from pathlib import Path

from pyhelpers.kernel_fixture import execute, execute_ok, kernel_env, running_kernel, KERNEL_NAME

# libtorch loads in the cell that first uses torch: allow for a cold start on a busy machine.
TORCH_TIMEOUT = 300.0
# A #r restores from the package registry (or its cache) before the cell runs.
RESTORE_TIMEOUT = 600.0

ROOT = Path(__file__).resolve().parents[2]


def pinned_torchsharp_version() -> str:
    """The TorchSharp version the kernel ships, as Directory.Packages.props pins it."""
    props = (ROOT / "Directory.Packages.props").read_text()
    match = re.search(r'<PackageVersion Include="TorchSharp" Version="([^"]+)"', props)
    assert match, "Directory.Packages.props pins no TorchSharp version"
    return match.group(1)


def text(run) -> str:
    return (run.result or {}).get("text/plain", "")


def error_text(run) -> str:
    content = run.reply["content"]
    return "\n".join([content.get("evalue", "")] + content.get("traceback", []))


LOADED = ('AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "TorchSharp") + " " + '
          'System.IO.File.ReadAllText("/proc/self/maps").Contains("libtorch")')


def test_start_up_loads_neither_torchsharp_nor_libtorch_and_a_later_cell_uses_torch():
    with running_kernel(KERNEL_NAME) as (_, kc):
        assert text(execute_ok(kc, LOADED)) == "False False"
        run = execute_ok(kc, "var t = TorchSharp.torch.randn(64, 64); t", timeout=TORCH_TIMEOUT)
        assert text(run).startswith("tensor [64, 64] Float32 on cpu"), text(run)
        assert text(execute_ok(kc, LOADED)) == "True True"


def test_torchsharp_in_the_first_cell_of_a_session():
    with running_kernel(KERNEL_NAME) as (_, kc):
        run = execute_ok(kc, "var t = TorchSharp.torch.randn(64, 64);\nt.matmul(t.T).shape.Length + \" \" + t.shape[0]", timeout=TORCH_TIMEOUT)
        assert text(run) == "2 64"
        # The libraries Analysis.ML's own entry points prepare are the ones the cell got.
        info = text(execute_ok(kc, "Analysis.ML.Torch.TorchRuntime.EnsureLoaded()"))
        assert "TorchSharp native library" in info and "libtorch from" in info
        assert text(execute_ok(kc, "TorchSharp.torch.ones(3).sum().item<float>()")) == "3"


def test_r_nuget_torchsharp_of_the_pinned_version_works_as_the_first_cell():
    version = pinned_torchsharp_version()
    with running_kernel(KERNEL_NAME) as (_, kc):
        run = execute_ok(kc, f'#r "nuget: TorchSharp, {version}"\nTorchSharp.torch.ones(2, 3).sum().item<float>()', timeout=RESTORE_TIMEOUT)
        assert text(run) == "6"
        # The runtime keeps the kernel's copy: one TorchSharp in the process.
        count = 'AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == "TorchSharp")'
        assert text(execute_ok(kc, count)) == "1"
        assert text(execute_ok(kc, "TorchSharp.torch.zeros(4).numel()")) == "4"


def test_r_nuget_torchsharp_of_another_version_is_a_clear_error_and_torch_still_works():
    version = pinned_torchsharp_version()
    with running_kernel(KERNEL_NAME) as (_, kc):
        # Exactly another version: the registry serves only the pinned one, so the restore says it cannot find it.
        run = execute(kc, '#r "nuget: TorchSharp, [0.105.2]"\n1', timeout=RESTORE_TIMEOUT)
        assert run.status == "error"
        message = error_text(run)
        assert "NUGET002" in message or "NUGET003" in message, message
        assert "TorchSharp" in message and "0.105.2" in message, message
        # Nothing of it stayed: TorchSharp (the kernel's) works, and a #r of the pinned version still does.
        assert text(execute_ok(kc, "TorchSharp.torch.ones(5).sum().item<float>()", timeout=TORCH_TIMEOUT)) == "5"
        assert text(execute_ok(kc, f'#r "nuget: TorchSharp, {version}"\n1 + 1', timeout=RESTORE_TIMEOUT)) == "2"


def system_cpp_runtime_has(version: str) -> bool:
    """Whether the system's libstdc++ defines a symbol version (the patched copy of TorchSharp's library is needed when not)."""
    for path in ("/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6"):
        if os.path.exists(path):
            return version.encode() in Path(path).read_bytes()
    raise AssertionError("no libstdc++.so.6 found")


def test_a_load_that_cannot_succeed_says_why_and_later_cells_run():
    with tempfile.TemporaryDirectory(prefix="analysis-torch-") as tmp:
        # A cache folder that cannot be made (its parent is a file): where this system's C++ runtime lacks
        # GLIBCXX_3.4.32, the patched copy of TorchSharp's library has nowhere to go.
        blocker = Path(tmp, "not-a-folder")
        blocker.write_text("")
        env = kernel_env({"XDG_CACHE_HOME": str(blocker / "cache"),
                          # The kernel's own package cache stays writable: without one it refuses to start at all
                          # (KernelPreflight), and this test is about TorchSharp's cache only.
                          "ANALYSIS_KERNEL_NUGET_CACHE": str(Path(tmp, "nuget-cache")),
                          # TorchSharp's own fallback would copy libtorch (about 1 GB) out of the NuGet cache.
                          "NUGET_PACKAGES": str(Path(tmp, "no-packages"))})
        with running_kernel(KERNEL_NAME, env=env) as (_, kc):
            run = execute(kc, "TorchSharp.torch.randn(2, 2)", timeout=TORCH_TIMEOUT)
            if system_cpp_runtime_has("GLIBCXX_3.4.32"):
                # Nothing needs writing here: the package's own library loads, the cache is never touched.
                assert run.status == "ok", error_text(run)
            else:
                assert_explained(kc, run, blocker)
            # The session goes on: other cells, other libraries.
            assert text(execute_ok(kc, "1 + 1")) == "2"
            assert text(execute_ok(kc, "Moments.Of(new double[] { 1, 2, 6 }).Mean")) == "3"


def assert_explained(kc, run, blocker: Path):
    """The failed cell's output gives the reason; Analysis.ML's entry points throw it."""
    assert run.status == "error"
    reason = run.stream("stderr")
    assert "TorchSharp could not be loaded" in reason, reason
    assert "GLIBCXX_3.4.32" in reason and "XDG_CACHE_HOME" in reason and str(blocker) in reason, reason
    again = execute(kc, "Analysis.ML.Torch.TorchRuntime.EnsureLoaded()")
    assert again.status == "error"
    assert again.reply["content"]["ename"] == "TorchUnavailableException"
    assert "XDG_CACHE_HOME" in again.reply["content"]["evalue"]
