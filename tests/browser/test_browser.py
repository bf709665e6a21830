"""A real browser: Debian's Jupyter Notebook 6 with our kernel, driven by Debian's headless
Chromium through playwright-core (npm). Opens a notebook, runs all cells, checks that the
Kaplan-Meier chart rendered (a plotly SVG in the DOM) with no request leaving 127.0.0.1, and
saves a screenshot under TestResults/browser/.

The notebook is the quickstart (notebooks/01-quickstart.ipynb, against the lab's default federation,
started by the local_federation fixture) unless ANALYSIS_BROWSER_NOTEBOOK names another (a path
relative to the repository root, e.g. tests/browser/chart.ipynb, which needs no sites).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NOTEBOOK = ROOT / os.environ.get("ANALYSIS_BROWSER_NOTEBOOK", "notebooks/01-quickstart.ipynb")
SCREENSHOTS = ROOT / "TestResults" / "browser"
TIMEOUT = float(os.environ.get("ANALYSIS_BROWSER_TIMEOUT", "180"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def notebook_server(kernel_name, local_federation):
    """Jupyter Notebook on 127.0.0.1 serving a scratch copy of the notebook, with private config and runtime folders."""
    work = Path(tempfile.mkdtemp(prefix="analysis-browser-"))
    (work / "notebooks").mkdir()
    shutil.copy(NOTEBOOK, work / "notebooks" / NOTEBOOK.name)
    port, token = free_port(), uuid.uuid4().hex
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_RUNTIME_DIR=str(work / "runtime"),
               IPYTHONDIR=str(work / "ipython"), JUPYTER_DATA_DIR=str(work / "data"))
    log = open(work / "notebook.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--NotebookApp.token={token}",
         "--NotebookApp.open_browser=False", "--allow-root", f"--notebook-dir={work / 'notebooks'}", "--MappingKernelManager.default_kernel_name=" + kernel_name],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"Jupyter Notebook did not start: {(work / 'notebook.log').read_text()}")
            time.sleep(0.3)
    try:
        yield base, token, work
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def test_notebook_draws_the_km_chart_in_chromium_offline(notebook_server):
    base, token, work = notebook_server
    node_modules = HERE / "node_modules" / "playwright-core"
    assert node_modules.is_dir(), "playwright-core is missing: run `npm ci` in tests/browser (test.sh does)"
    assert Path("/usr/bin/chromium").exists(), "Debian's chromium is missing (test.sh installs it)"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot = SCREENSHOTS / (NOTEBOOK.stem + ".png")
    url = f"{base}/notebooks/{NOTEBOOK.name}?token={token}"
    run = subprocess.run(["node", str(HERE / "run_notebook.mjs"), url, str(screenshot), str(work / "chromium-profile"), str(int(TIMEOUT))],
                         cwd=HERE, capture_output=True, text=True, timeout=TIMEOUT + 60)
    assert run.returncode == 0, f"the browser script failed: {run.stderr}"
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert "failure" not in result, f"{result['failure']}\nserver log:\n{(work / 'notebook.log').read_text()[-4000:]}"
    assert result["plots"] >= 1, "no plotly SVG in the page"
    assert result["stepPaths"] >= 2, "the curves' lines were not drawn"
    assert result["errorOutputs"] == [], f"cells failed: {result['errorOutputs']}"
    assert result["offsite"] == [], f"requests left 127.0.0.1: {result['offsite']}"
    assert screenshot.stat().st_size > 10_000
