"""docker/ood/analysis-jupyter, the Open OnDemand batch-connect app: its templates rendered with Ruby's erb and a
sample form, and the rendered job run under the session's Slurm cluster with a C# cell through the server it starts."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from deploy_support import DOCKER, figure
from jupyter_rest import reachable, run_cell

APP = DOCKER / "ood" / "analysis-jupyter"
HERE = Path(__file__).parent


def render(tmp_path: Path, form: dict, view: dict | None = None) -> subprocess.CompletedProcess:
    (tmp_path / "context.json").write_text(json.dumps(form))
    args = ["ruby", str(HERE / "render_ood.rb"), str(APP), str(tmp_path / "staged"), str(tmp_path / "context.json")]
    if view:
        (tmp_path / "view.json").write_text(json.dumps(view))
        args.append(str(tmp_path / "view.json"))
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def native(staged: Path) -> list[str]:
    return yaml.safe_load((staged / "submit.yml").read_text())["script"]["native"]


def test_the_form_renders_to_slurm_options_modules_and_gpus(tmp_path):
    rendered = render(tmp_path, {"modules": "jupyter/3 analysis/1", "partition": "gpu", "bc_num_hours": "3", "cores": "4", "gpus": "2"},
                      {"host": "node7", "port": 41234, "password": "s3cret"})
    assert rendered.returncode == 0, rendered.stderr
    staged = tmp_path / "staged"
    assert yaml.safe_load((staged / "submit.yml").read_text())["batch_connect"]["template"] == "basic"
    assert native(staged) == ["--partition=gpu", "--time=3:00:00", "--nodes=1", "--ntasks=1", "--cpus-per-task=4", "--gres=gpu:2"]
    script = (staged / "script.sh").read_text()
    assert "module load jupyter/3 analysis/1 ||" in script
    assert "CUDA libtorch: ${ANALYSIS_LIBTORCH:-" in script
    view = (staged / "view.html").read_text()
    assert 'action="/node/node7/41234/login"' in view and 'value="s3cret"' in view
    subprocess.run(["bash", "-n", str(staged / "script.sh")], check=True)
    subprocess.run(["bash", "-n", str(staged / "before.sh")], check=True)


def test_no_gpus_and_no_modules_leave_their_lines_out(tmp_path):
    assert render(tmp_path, {"modules": " ", "partition": "cpu", "bc_num_hours": 1, "cores": 1, "gpus": 0}).returncode == 0
    staged = tmp_path / "staged"
    assert not any(o.startswith("--gres") for o in native(staged))
    script = (staged / "script.sh").read_text()
    assert "module" not in script and "libtorch" not in script


def test_a_bad_number_of_hours_fails_the_form_with_its_value(tmp_path):
    rendered = render(tmp_path, {"modules": "", "partition": "cpu", "bc_num_hours": "two", "cores": 1, "gpus": 0})
    assert rendered.returncode != 0
    assert 'hours must be a whole number, got "two"' in rendered.stderr


def test_gpus_on_a_cluster_without_them_show_sbatchs_error(slurm, tmp_path):
    assert render(tmp_path, {"modules": "", "partition": "gpu", "bc_num_hours": 1, "cores": 1, "gpus": 1}).returncode == 0
    staged = tmp_path / "staged"
    shutil.copy(HERE / "ood_job.sh", staged / "job.sh")
    run = slurm.run("sbatch", *native(staged), "job.sh", cwd=staged)
    assert run.returncode != 0
    assert "Invalid generic resource (gres) specification" in run.stderr, run.stderr


def test_the_rendered_job_serves_a_csharp_kernel_under_slurm(slurm, tmp_path):
    assert render(tmp_path, {"modules": "", "partition": "cpu", "bc_num_hours": 1, "cores": 1, "gpus": 0}).returncode == 0
    staged = tmp_path / "staged"
    shutil.copy(HERE / "ood_job.sh", staged / "job.sh")
    started = time.monotonic()
    submitted = slurm.run("sbatch", "--parsable", *native(staged), "--output", "output.log", "job.sh", cwd=staged, env={"OOD_TEST_HOST": "127.0.0.1"})
    assert submitted.returncode == 0, submitted.stderr
    job = submitted.stdout.strip().split(";")[0]
    try:
        connection = staged / "connection.yml"
        deadline = time.monotonic() + 240
        while not connection.exists():
            log = (staged / "output.log").read_text() if (staged / "output.log").exists() else ""
            assert slurm.job_state(job), f"job {job} ended without connection.yml:\n{log[-2000:]}"
            assert time.monotonic() < deadline, f"no connection.yml after 240 s:\n{log[-2000:]}"
            time.sleep(0.5)
        conn = yaml.safe_load(connection.read_text())
        base = f"http://{conn['host']}:{conn['port']}/node/{conn['host']}/{conn['port']}/"
        outcome = run_cell(base, str(conn["password"]), 'string.Join(",", Enumerable.Range(1, 4).Select(i => i * i))')
        assert outcome["reply"]["status"] == "ok", outcome
        assert outcome["results"][0]["text/plain"] == "1,4,9,16"
        figure("Open OnDemand job: sbatch to the first C# cell's result", f"{time.monotonic() - started:.1f} s")
    finally:
        slurm.run("scancel", job)
        slurm.wait_gone(job)
    assert not reachable(base + "api/status", str(conn["password"]))
