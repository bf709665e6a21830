"""Fixtures shared by the Python test folders (conformance, kernel_client, notebooks).

Kernels are started by pyhelpers.kernel_fixture, the one place that knows how.
"""

import os

import pytest

from pyhelpers.kernel_fixture import KERNEL_NAME, analysis_binary, flush, history_directory, require_kernelspec, running_kernel


def pytest_configure(config):
    # Kernels started outside the helpers (nbconvert's, in tests/notebooks) inherit this, so
    # no test run writes to the user's own kernel history.
    os.environ.setdefault("ANALYSIS_KERNEL_HISTORY", os.path.join(history_directory(), "subprocess-history.jsonl"))


@pytest.fixture(scope="session")
def kernel_name() -> str:
    """The kernelspec under test (ANALYSIS_KERNEL_NAME, default csharp-analysis); fails fast when not installed."""
    require_kernelspec(KERNEL_NAME)
    return KERNEL_NAME


@pytest.fixture(scope="module")
def kernel(kernel_name):
    """One kernel shared by a module's tests: (KernelManager, BlockingKernelClient)."""
    with running_kernel(kernel_name) as (km, kc):
        yield km, kc


@pytest.fixture
def kc(kernel):
    """The shared kernel's client, with anything left over from the previous test drained."""
    _, client = kernel
    flush(client)
    return client


@pytest.fixture
def fresh_kernel(kernel_name):
    """A kernel of its own, for tests that stop, restart or may wreck it."""
    with running_kernel(kernel_name) as (km, kc):
        yield km, kc


@pytest.fixture(scope="session")
def local_federation(kernel_name, tmp_path_factory):
    """The lab's default federation (3 synthetic sites of 1,000 patients, seed 1), one real node process each.

    Its catalog is exported as ANALYSIS_FEDERATION, so kernels started afterwards (nbconvert's, the browser's
    Jupyter) find it through ``FederationClient.Local()`` exactly as under ``./lab.sh``.
    """
    import subprocess

    analysis = analysis_binary(kernel_name)
    sites = tmp_path_factory.mktemp("sites")
    up = subprocess.run([analysis, "sites", "up", "--sites", "3", "--patients", "1000", "--seed", "1", "--dir", str(sites)],
                        capture_output=True, text=True, timeout=600)
    assert up.returncode == 0, up.stdout + up.stderr
    previous = os.environ.get("ANALYSIS_FEDERATION")
    os.environ["ANALYSIS_FEDERATION"] = str(sites / "federation.json")
    try:
        yield sites / "federation.json"
    finally:
        subprocess.run([analysis, "sites", "down", "--dir", str(sites)], capture_output=True, text=True, timeout=120)
        if previous is None:
            os.environ.pop("ANALYSIS_FEDERATION", None)
        else:
            os.environ["ANALYSIS_FEDERATION"] = previous
