"""docker/slurm/ on a real one-node Slurm cluster: the batch script starts Jupyter with the C# kernel on the allocated
node and writes where to reach it; a C# cell runs through the server's REST API and websocket; scancel ends it all.
Bad input (unknown partition, bad time limit, a server that never comes up) ends with sbatch's error or the job log."""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

import pytest

from deploy_support import DOCKER, figure
from jupyter_rest import execute, processes_mentioning, reachable, start_kernel

SUBMIT = str(DOCKER / "slurm" / "submit.sh")


def job_env(**extra: str) -> dict[str, str]:
    """What the submitting shell exports: sbatch passes it to the job (JUPYTER_PATH finds the kernelspec)."""
    return {"ANALYSIS_JUPYTER": "/usr/bin/jupyter", "ANALYSIS_JUPYTER_IP": "127.0.0.1", "ANALYSIS_JUPYTER_HOST": "127.0.0.1", **extra}


def job_id(stderr: str) -> str:
    match = re.search(r"submitted job (\d+)", stderr)
    assert match, stderr
    return match.group(1)


def test_the_batch_script_serves_a_csharp_kernel_until_scancel(slurm, tmp_path):
    started = time.monotonic()
    submitted = slurm.run(SUBMIT, "--partition", "cpu", "--time", "0:15:00", "--mem", "1G", "--cpus-per-task", "1", cwd=tmp_path, env=job_env(), timeout=300)
    job = job_id(submitted.stderr)
    try:
        served(slurm, tmp_path, submitted, job, started)
    finally:
        slurm.run("scancel", job)
        slurm.wait_gone(job)


def served(slurm, tmp_path, submitted, job, started):
    assert submitted.returncode == 0, submitted.stderr
    url = submitted.stdout.strip()
    match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+)", url)
    assert match, url
    base, token = f"http://127.0.0.1:{match.group(1)}/", match.group(2)

    server_file = tmp_path / f"analysis-jupyter-{job}.json"
    assert stat.S_IMODE(server_file.stat().st_mode) == 0o600  # it holds the token
    assert slurm.job_state(job) == "RUNNING"

    kernel = start_kernel(base, token)
    outcome = execute(base, token, kernel, "var counts = new[] { 3, 4, 5 };\ncounts.Select(c => c * c).Sum()")
    assert outcome["reply"]["status"] == "ok", outcome
    assert outcome["results"][0]["text/plain"] == "50"
    figure("sbatch to the first C# cell's result on the local cluster", f"{time.monotonic() - started:.1f} s")
    assert processes_mentioning(kernel), "the kernel process should run while the job does"

    cancelled = slurm.run("scancel", job)
    assert cancelled.returncode == 0, cancelled.stderr
    slurm.wait_gone(job)
    deadline = time.monotonic() + 30
    while (reachable(base + "api/status", token) or processes_mentioning(kernel)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not reachable(base + "api/status", token), "the Jupyter server still answers after scancel"
    assert processes_mentioning(kernel) == [], "the kernel outlived its job"
    assert not server_file.exists(), "the server file should be removed when the job ends"


def test_an_unknown_partition_shows_sbatchs_error(slurm, tmp_path):
    run = slurm.run(SUBMIT, "--partition", "nosuch", cwd=tmp_path, env=job_env(), timeout=60)
    assert run.returncode != 0
    assert "invalid partition specified: nosuch" in run.stderr, run.stderr
    assert run.stdout == ""


def test_a_bad_time_limit_shows_sbatchs_error(slurm, tmp_path):
    run = slurm.run(SUBMIT, "--time", "1:2:3:4:5", cwd=tmp_path, env=job_env(), timeout=60)
    assert run.returncode != 0
    assert "Invalid --time specification" in run.stderr, run.stderr


def test_a_server_that_exits_ends_with_the_job_logs_tail(slurm, tmp_path):
    run = slurm.run(SUBMIT, "--time", "0:05:00", "--cpus-per-task", "1", cwd=tmp_path, env=job_env(ANALYSIS_JUPYTER="/bin/false"), timeout=300)
    assert run.returncode == 1
    job = job_id(run.stderr)
    assert f"job {job} ended" in run.stderr and "before its server file appeared" in run.stderr, run.stderr
    assert f"--- last lines of {tmp_path}/analysis-jupyter-{job}.log ---" in run.stderr, run.stderr
    assert "the Jupyter server exited with status 1 before it answered" in run.stderr, run.stderr


def test_a_server_file_that_never_appears_ends_with_the_job_logs_tail(slurm, tmp_path):
    stuck = tmp_path / "stuck-jupyter"
    stuck.write_text("#!/bin/sh\necho 'stuck-jupyter: pretending to start'\nexec sleep 600\n")
    stuck.chmod(0o755)
    run = slurm.run(SUBMIT, "--time", "0:05:00", "--cpus-per-task", "1", cwd=tmp_path, env=job_env(ANALYSIS_JUPYTER=str(stuck), ANALYSIS_WAIT="8"), timeout=300)
    assert run.returncode == 1
    job = job_id(run.stderr)
    assert f"job {job}: no server file after 8s" in run.stderr, run.stderr
    assert "stuck-jupyter: pretending to start" in run.stderr, run.stderr
    slurm.wait_gone(job)  # submit.sh cancelled it
