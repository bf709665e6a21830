"""Fixtures of the deployment tests (tests/deploy): the published `analysis` command and one Slurm cluster shared by
the Slurm, Open OnDemand and hub tests for the whole session.

The `analysis` under test is the one the installed csharp-analysis kernelspec runs (test.sh publishes it with
scripts/publish-kernel.sh and installs the kernelspec); its folder is the published application.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy_support import published_analysis
from slurm_cluster import one_node_cluster


@pytest.fixture(scope="session")
def analysis(kernel_name) -> Path:
    return published_analysis(kernel_name)


@pytest.fixture(scope="session")
def slurm(tmp_path_factory):
    """One one-node cluster (partitions cpu, the default, and gpu) for the whole session."""
    with one_node_cluster(tmp_path_factory.mktemp("slurm"), ("cpu", "gpu")) as cluster:
        yield cluster
