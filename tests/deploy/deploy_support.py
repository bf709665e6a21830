"""Shared by the deployment tests: where the docker/ files are, the published `analysis`, and measured figures."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pyhelpers.kernel_fixture import analysis_binary

REPO = Path(__file__).resolve().parents[2]
DOCKER = REPO / "docker"


def published_analysis(kernel_name: str) -> Path:
    """The published `analysis` binary the kernelspec's launcher execs."""
    return Path(analysis_binary(kernel_name))


def figure(name: str, value: str) -> None:
    """Prints a measured figure (shown with -s, and appended to ANALYSIS_FIGURES when set); never asserted on."""
    load = os.getloadavg()
    print(f"FIGURE {name}: {value} (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")
    path = os.environ.get("ANALYSIS_FIGURES")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps({"name": name, "value": value, "load": load}) + "\n")
