"""docker/jupyterhub/jupyterhub_config.py with Debian's JupyterHub and configurable-http-proxy: a user's server spawned
through the hub's REST API (local process spawner, a test authenticator) runs a C# cell through the hub's proxied URL.
The Slurm profiles of docker/slurm/batchspawner_config.py are rendered as batchspawner renders them and checked by
the session's Slurm (batchspawner itself is not in the package registries these machines reach)."""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from pathlib import Path

import pytest

from deploy_support import DOCKER, figure
from jupyter_rest import processes_mentioning, reachable, request, run_cell
from slurm_cluster import free_port

USER = "root" if os.getuid() == 0 else os.environ.get("USER", "")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    state = tmp_path_factory.mktemp("hub")
    token = secrets.token_hex(24)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    # The test's own settings on top of the shipped file: a test authenticator, a service token to drive the
    # REST API, free ports, and the test's kernelspec folder for the spawned server.
    (state / "test_config.py").write_text(f"""
c = get_config()
load_subconfig({str(DOCKER / 'jupyterhub' / 'jupyterhub_config.py')!r})
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.services = [{{"name": "analysis-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "analysis-test", "services": ["analysis-test"],
                             "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}}]
c.Spawner.environment = {{"JUPYTER_PATH": {os.environ.get('JUPYTER_PATH', '')!r},
                          "ANALYSIS_KERNEL_HISTORY": {str(state / 'history.jsonl')!r}}}
c.Spawner.args = ["--allow-root"] if {os.getuid() == 0} else []
""")
    env = {**os.environ, "ANALYSIS_HUB_SPAWNER": "local", "ANALYSIS_HUB_URL": f"http://127.0.0.1:{port}", "ANALYSIS_HUB_STATE": str(state)}
    log = open(state / "hub.log", "w")
    process = subprocess.Popen(["/usr/bin/python3", "-m", "jupyterhub", "-f", str(state / "test_config.py")], cwd=state, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{port}/hub/api/"
    try:
        deadline = time.monotonic() + 120
        while not reachable(api, token):
            assert process.poll() is None, (state / "hub.log").read_text()[-3000:]
            assert time.monotonic() < deadline, (state / "hub.log").read_text()[-3000:]
            time.sleep(0.5)
        yield {"url": f"http://127.0.0.1:{port}/", "api": api, "token": token, "state": state}
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_a_spawned_users_server_runs_a_csharp_cell_through_the_hubs_proxy(hub):
    api, token = hub["api"], hub["token"]
    request(api + f"users/{USER}", "POST", token=token)
    started = time.monotonic()
    request(api + f"users/{USER}/server", "POST", token=token)
    deadline = time.monotonic() + 180
    while True:
        user = request(api + f"users/{USER}", token=token)
        server = user.get("servers", {}).get("")
        if server and server.get("ready"):
            break
        assert time.monotonic() < deadline, f"the server did not become ready: {user}\n" + (hub["state"] / "hub.log").read_text()[-3000:]
        time.sleep(0.5)
    assert server["url"] == f"/user/{USER}/"
    outcome = run_cell(hub["url"] + f"user/{USER}/", token, 'System.Linq.Enumerable.Range(1, 10).Sum()')
    assert outcome["reply"]["status"] == "ok", outcome
    assert outcome["results"][0]["text/plain"] == "55"
    figure("JupyterHub: spawn request to the first C# cell's result (local spawner)", f"{time.monotonic() - started:.1f} s")

    request(api + f"users/{USER}/server", "DELETE", token=token)
    deadline = time.monotonic() + 60
    while request(api + f"users/{USER}", token=token).get("servers"):
        assert time.monotonic() < deadline, "the server did not stop"
        time.sleep(0.5)
    # The server and its kernel carry the environment the hub gave them; none is left.
    deadline = time.monotonic() + 30
    while processes_mentioning(str(hub["state"] / "history.jsonl"), where="environ") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert processes_mentioning(str(hub["state"] / "history.jsonl"), where="environ") == []


def batchspawner_profiles() -> tuple[str, list]:
    """The shipped batchspawner settings, loaded as JupyterHub loads a config file."""
    from traitlets.config import Config
    config = Config()
    namespace = {"get_config": lambda: config, "__file__": str(DOCKER / "slurm" / "batchspawner_config.py")}
    exec(compile((DOCKER / "slurm" / "batchspawner_config.py").read_text(), "batchspawner_config.py", "exec"), namespace)
    return config.SlurmSpawner.batch_script, config.ProfilesSpawner.profiles


def render_profile(script: str, settings: dict, home: Path) -> str:
    """The job script batchspawner would submit for a profile (it renders batch_script with Jinja2 and req_* values)."""
    import jinja2
    values = {key.removeprefix("req_"): value for key, value in settings.items()}
    subvars = {"homedir": str(home), "keepvars": "PATH,LANG,JUPYTERHUB_API_TOKEN", "username": USER, "prologue": values.pop("prologue", ""),
               "epilogue": "", "cmd": "batchspawner-singleuser jupyterhub-singleuser", "options": "", "partition": "", "runtime": "",
               "memory": "", "nprocs": "", "gres": "", **values}
    return jinja2.Template(script).render(**subvars)


def test_the_slurm_profiles_ask_for_partition_time_memory_and_gpus(tmp_path):
    script, profiles = batchspawner_profiles()
    by_key = {key: settings for _, key, _, settings in profiles}
    assert set(by_key) == {"cpu", "cpu-large", "gpu"}
    gpu = render_profile(script, by_key["gpu"], tmp_path)
    for line in ("#SBATCH --partition=gpu", "#SBATCH --time=4:00:00", "#SBATCH --mem=64G", "#SBATCH --cpus-per-task=8", "#SBATCH --gres=gpu:1"):
        assert line in gpu.splitlines(), gpu
    assert "export ANALYSIS_LIBTORCH=" in gpu
    assert "--gres" not in render_profile(script, by_key["cpu"], tmp_path)


def test_the_cpu_profiles_job_script_is_accepted_by_slurm(slurm, tmp_path):
    script, profiles = batchspawner_profiles()
    cpu = next(settings for _, key, _, settings in profiles if key == "cpu")
    job = tmp_path / "job.sh"
    job.write_text(render_profile(script, cpu, tmp_path))
    run = slurm.run("sbatch", "--test-only", str(job), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "to start at" in run.stderr, run.stderr
