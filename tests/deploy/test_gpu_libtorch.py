"""A user-supplied CUDA libtorch (ANALYSIS_LIBTORCH) in a real kernel: a mismatched one is refused with what was found
and what is needed, and the CPU stays usable in the same kernel. (No CUDA libtorch exists on these machines; the
accepted path runs wherever there is one, see docker/README.md.)"""

from __future__ import annotations

from pyhelpers.kernel_fixture import execute, execute_ok, kernel_env, running_kernel

import pytest


@pytest.fixture(scope="module")
def mismatched_libtorch(tmp_path_factory):
    """A PyTorch 2.9 installation's layout: torch/version.py and torch/lib with the CUDA library names."""
    torch = tmp_path_factory.mktemp("site-packages") / "torch"
    (torch / "lib").mkdir(parents=True)
    (torch / "version.py").write_text("__version__ = '2.9.1+cu126'\ncuda = '12.6'\n")
    for name in ("libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"):
        (torch / "lib" / name).write_bytes(b"\x7fELF not really")
    return torch / "lib"


def test_a_mismatched_cuda_libtorch_is_refused_and_the_cpu_keeps_working(kernel_name, mismatched_libtorch):
    with running_kernel(kernel_name, env=kernel_env({"ANALYSIS_LIBTORCH": str(mismatched_libtorch)})) as (_, kc):
        info = execute_ok(kc, "Analysis.ML.Torch.TorchRuntime.EnsureLoaded().ToString()", timeout=120)
        text = info.result["text/plain"]
        assert f"ANALYSIS_LIBTORCH={mismatched_libtorch} holds libtorch 2.9.1+cu126" in text, text
        assert "needs libtorch 2.10.x" in text and "the bundled CPU libtorch is used" in text, text

        # Device.Auto trains on the CPU; the same network's loss is finite.
        trained = execute_ok(kc, """
using Analysis.ML.Torch;
var x = TorchSharp.torch.rand(40, 3, generator: new TorchSharp.torch.Generator(7));
var y = (x.sum(1) > 1.5).to(TorchSharp.torch.float32).reshape(40, 1);
var mlp = TabularMlp.Create(inputs: 3, hidden: [4], seed: 1);
var fit = mlp.Fit(x, y, new TrainingOptions { Epochs = 3, LearningRate = 1e-2, Device = Device.Auto, Seed = 1 });
(fit.Device, double.IsFinite(fit.FinalLoss))
""", timeout=120)
        assert trained.result["text/plain"] == "(cpu, True)", trained.result

        # Asking for CUDA explicitly fails with the reason, naming what was found and what is needed.
        cuda = execute(kc, "mlp.Fit(x, y, new TrainingOptions { Epochs = 1, Device = Device.Cuda });", timeout=120)
        assert cuda.status == "error"
        message = cuda.reply["content"]["evalue"]
        assert "Device.Cuda was asked for but libtorch sees no CUDA device" in message, message
        assert "holds libtorch 2.9.1+cu126" in message and "needs libtorch 2.10.x" in message, message
