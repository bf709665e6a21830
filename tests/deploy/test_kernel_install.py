"""`analysis kernel install` for shared systems and the kernel's fail-fast start, on the published command.

The kernelspec must carry what a kernel needs in its own env (spawners start kernels without login shells or
modules), and a kernel that cannot work must exit at once with one line on stderr, so a batch job never looks
pending while its kernel is dead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest


def install(analysis: Path, prefix: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    run = subprocess.run([str(analysis), "kernel", "install", "--prefix", str(prefix), *args],
                         env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads((prefix / "share/jupyter/kernels/csharp-analysis/kernel.json").read_text())


def start(spec: dict, tmp_path: Path, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Runs the kernelspec's argv as Jupyter does (its env over ours) and waits for it to exit."""
    connection = tmp_path / "connection.json"
    connection.write_text(json.dumps({"transport": "tcp", "ip": "127.0.0.1", "shell_port": 0, "iopub_port": 0, "stdin_port": 0,
                                      "control_port": 0, "hb_port": 0, "key": "k", "signature_scheme": "hmac-sha256"}))
    argv = [a.replace("{connection_file}", str(connection)) for a in spec["argv"]]
    return subprocess.run(argv, env={**os.environ, **(env or {}), **spec["env"]}, capture_output=True, text=True, timeout=timeout)


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{stderr}"
    return lines[0]


def test_kernel_json_pins_dotnet_root_the_package_settings_and_the_federation(analysis, tmp_path):
    spec = install(analysis, tmp_path / "prefix", "--env", "OMP_NUM_THREADS=4", env={
        "ANALYSIS_FEDERATION": "/shared/federation.json",
        "ANALYSIS_KERNEL_NUGET_CACHE": "/scratch/nuget-cache",
        "ANALYSIS_KERNEL_NUGET_CONFIG": "/opt/analysis/nuget/nuget.config",
    })
    env = spec["env"]
    assert Path(env["DOTNET_ROOT"], "shared", "Microsoft.NETCore.App").is_dir(), env
    assert env["ANALYSIS_FEDERATION"] == "/shared/federation.json"
    assert env["ANALYSIS_KERNEL_NUGET_CACHE"] == "/scratch/nuget-cache"
    assert env["ANALYSIS_KERNEL_NUGET_CONFIG"] == "/opt/analysis/nuget/nuget.config"
    assert env["OMP_NUM_THREADS"] == "4"
    # The launcher is the argv's program and runs the published command.
    launcher = Path(spec["argv"][0])
    assert launcher.parent == tmp_path / "prefix/share/jupyter/kernels/csharp-analysis" and os.access(launcher, os.X_OK)
    assert f"exec '{analysis}'" in launcher.read_text()


def test_unset_settings_are_not_pinned_and_a_bad_env_pair_is_refused(analysis, tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in ("ANALYSIS_FEDERATION", "ANALYSIS_KERNEL_NUGET_CACHE", "ANALYSIS_KERNEL_NUGET_CONFIG", "ANALYSIS_LIBTORCH", "NUGET_PACKAGES")}
    run = subprocess.run([str(analysis), "kernel", "install", "--prefix", str(tmp_path / "p")], env=clean, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    env = json.loads((tmp_path / "p/share/jupyter/kernels/csharp-analysis/kernel.json").read_text())["env"]
    assert set(env) == {"DOTNET_ROOT", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO"}
    bad = subprocess.run([str(analysis), "kernel", "install", "--prefix", str(tmp_path / "q"), "--env", "NOEQUALS"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--env 'NOEQUALS' is not NAME=VALUE" in bad.stderr


def test_without_its_dotnet_runtime_the_kernel_exits_at_once_with_one_line(analysis, tmp_path):
    spec = install(analysis, tmp_path / "prefix")
    empty = tmp_path / "no-dotnet"
    empty.mkdir()
    spec["env"]["DOTNET_ROOT"] = str(empty)  # as on a node where the runtime the spec names is not mounted
    run = start(spec, tmp_path)
    assert run.returncode == 127
    line = one_line(run.stderr)
    assert line.startswith("analysis kernel: the .NET 10 runtime (Microsoft.NETCore.App) is not installed under " + str(empty)), line


def test_an_unwritable_history_file_stops_the_kernel_with_one_line(analysis, tmp_path):
    spec = install(analysis, tmp_path / "prefix")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    history = blocker / "history.jsonl"  # its folder cannot be created, whoever runs the test (root included)
    run = start(spec, tmp_path, env={"ANALYSIS_KERNEL_HISTORY": str(history)})
    assert run.returncode == 3
    line = one_line(run.stderr)
    assert f"the kernel history file {history} cannot be written" in line and "ANALYSIS_KERNEL_HISTORY" in line, line


def test_an_unwritable_package_cache_stops_the_kernel_with_one_line(analysis, tmp_path):
    spec = install(analysis, tmp_path / "prefix")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    run = start(spec, tmp_path, env={"ANALYSIS_KERNEL_HISTORY": str(tmp_path / "h.jsonl"), "ANALYSIS_KERNEL_NUGET_CACHE": str(blocker / "cache")})
    assert run.returncode == 3
    line = one_line(run.stderr)
    assert f"the package cache {blocker / 'cache'} cannot be written" in line and "ANALYSIS_KERNEL_NUGET_CACHE" in line, line


def test_a_missing_native_library_stops_the_kernel_with_one_line(analysis, tmp_path):
    # A hard-linked copy of the published folder (no disk cost) with DuckDB's native library taken out.
    copy = tmp_path / "app"
    subprocess.run(["cp", "-al", str(analysis.parent), str(copy)], check=True)
    (copy / "libduckdb.so").unlink()
    try:
        spec = install(copy / "analysis", tmp_path / "prefix")
        run = start(spec, tmp_path, env={"ANALYSIS_KERNEL_HISTORY": str(tmp_path / "h.jsonl")})
    finally:
        shutil.rmtree(copy)
    assert run.returncode == 3
    line = one_line(run.stderr)
    assert f"the native library libduckdb.so is missing from {copy}" in line, line
