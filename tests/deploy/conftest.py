"""Fixtures of the deployment tests (tests/deploy): the published `analysis` command, one Slurm cluster shared by the
Slurm and Open OnDemand tests, and a Jupyter REST/websocket client for servers started by a batch job or a hub.

The `analysis` under test is the one the installed csharp-analysis kernelspec runs (test.sh publishes it with
scripts/publish-kernel.sh and installs the kernelspec); its folder is the published application.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from jupyter_client.kernelspec import KernelSpecManager

from slurm_cluster import one_node_cluster

REPO = Path(__file__).resolve().parents[2]
DOCKER = REPO / "docker"


def published_analysis(kernel_name: str) -> Path:
    """The published `analysis` binary the kernelspec's launcher execs."""
    launcher = Path(KernelSpecManager().get_kernel_spec(kernel_name).argv[0])
    text = launcher.read_text()
    match = re.search(r"^exec '([^']+)'", text, re.MULTILINE)
    binary = Path(match.group(1)) if match else launcher
    assert binary.name == "analysis" and binary.exists(), f"kernelspec launcher {launcher} does not exec an analysis binary:\n{text}"
    return binary


@pytest.fixture(scope="session")
def analysis(kernel_name) -> Path:
    return published_analysis(kernel_name)


@pytest.fixture(scope="session")
def slurm(tmp_path_factory):
    """One one-node cluster (partitions cpu, the default, and gpu) for the whole session."""
    with one_node_cluster(tmp_path_factory.mktemp("slurm"), ("cpu", "gpu")) as cluster:
        yield cluster


def figure(name: str, value: str) -> None:
    """Prints a measured figure (shown with -s or in the captured output of the test); never asserted on."""
    load = os.getloadavg()
    print(f"FIGURE {name}: {value} (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")
    path = os.environ.get("ANALYSIS_FIGURES")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps({"name": name, "value": value, "load": load}) + "\n")
