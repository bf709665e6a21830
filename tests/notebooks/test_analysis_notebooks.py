"""The notebooks people start from, run headless against the lab's default federation exactly as under ./lab.sh:
no error outputs, and the values each one promises are there."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from test_notebooks import nbconvert_execute, outputs_of

NOTEBOOKS = Path(__file__).parents[2] / "notebooks"
WORKSHOP = NOTEBOOKS / "workshop"


def run(notebook: Path, out: Path, kernel_name: str):
    done = nbconvert_execute(notebook, out, kernel_name)
    assert done.returncode == 0, done.stderr[-4000:]
    nb = nbformat.read(out / notebook.name, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    return nb


def result(nb, cell_id: str):
    return next(o for o in outputs_of(nb, cell_id) if o.output_type == "execute_result")


def text(nb, cell_id: str) -> str:
    return "".join(o.text for o in outputs_of(nb, cell_id) if o.output_type == "stream")


def plotly_figure(nb, cell_id: str) -> dict:
    data = result(nb, cell_id).data
    figure = data["application/vnd.plotly.v1+json"]
    return figure if isinstance(figure, dict) else json.loads(figure)


def test_quickstart_counts_draws_the_curves_and_fits_the_model(tmp_path, kernel_name, local_federation):
    nb = run(NOTEBOOKS / "01-quickstart.ipynb", tmp_path, kernel_name)
    sites = result(nb, "qs-1").data
    for site in ("oslo", "lyon", "heidelberg"):
        assert site in sites["text/html"]
    assert sites["text/plain"].count(": up (") == 3

    count = result(nb, "qs-3").data["text/plain"]
    # A federated count shows the total first (a lower bound is marked with ≥), then each site's part.
    total = count.splitlines()[0]
    assert re.fullmatch(r"≥?\d+", total), count
    assert int(total.lstrip("≥")) > 100
    assert count.count(": included (n = ") == 3, count

    km = plotly_figure(nb, "qs-6")
    names = {t.get("name") for t in km["data"]}
    assert {"I", "II", "III", "IV"} <= names
    # The session's first chart embeds plotly.js (which mentions CDNs in its own strings); our markup around it must
    # load nothing from anywhere. Booleans, so a failure does not make pytest diff megabytes of script.
    html = result(nb, "qs-6").data["text/html"]
    library = re.search(r"<script [^>]*data-kernel-library.*?</script>", html, re.S)
    assert library is not None, "the first chart does not carry plotly.js"
    own = html[: library.start()] + html[library.end():]
    loads_nothing = "cdn" not in own.lower() and "https://" not in own and "src=" not in own
    assert loads_nothing, own[:2000]

    assert "Chisq=" in result(nb, "qs-7").data["text/plain"]

    cox = result(nb, "qs-9").data["text/plain"]
    assert "stage_group=IV" in cox and "age_at_diagnosis" in cox
    assert cox.count("included (n = ") == 3
    assert plotly_figure(nb, "qs-10")["data"]
    # Progress of the federated questions is shown in the cell, ending with every site.
    progress = [o for o in outputs_of(nb, "qs-9") if o.output_type == "display_data"]
    assert progress and any("3/3 sites" in o.data["text/plain"] for o in progress)


PARTS = ["01-csharp-for-data-analysis", "02-cohorts-and-federated-counts", "03-survival-analysis", "04-machine-learning"]


def checks(nb) -> list[str]:
    return [line for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "stream"
            for line in o.text.splitlines() if line.startswith("Exercise ")]


@pytest.mark.parametrize("part", PARTS)
def test_workshop_exercises_run_and_their_solutions_pass_every_check(tmp_path, kernel_name, local_federation, part):
    exercises = run(WORKSHOP / f"{part}.ipynb", tmp_path / "exercises", kernel_name)
    solutions = run(WORKSHOP / f"{part}-solutions.ipynb", tmp_path / "solutions", kernel_name)
    asked, answered = checks(exercises), checks(solutions)
    assert len(asked) >= 3 and len(asked) == len(answered)
    assert all(line.endswith("not yet, try again") for line in asked), asked
    assert all(line.endswith("correct") for line in answered), answered
    # The two notebooks teach the same material: only the exercise cells differ.
    taught = lambda nb: [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert taught(exercises) == taught(solutions)


# The reproducible analyses (notebooks/reproducible) are re-run and verified by `analysis verify` in test_analysis_run.py.
