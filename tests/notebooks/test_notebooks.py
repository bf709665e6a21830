"""Notebooks run end to end the way users and CI run them: ``jupyter nbconvert --execute``
starts the kernel from its kernelspec (found through JUPYTER_PATH), runs every cell and
saves the outputs, which are then checked with nbformat."""

import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

HERE = Path(__file__).parent
SMOKE = HERE / "kernel-smoke.ipynb"
TIMEOUT = 180


def nbconvert_execute(notebook: Path, output_dir: Path, kernel_name: str, *extra: str) -> subprocess.CompletedProcess:
    """Runs ``jupyter nbconvert --to notebook --execute`` with this Python (Debian's jupyter)."""
    return subprocess.run(
        [
            sys.executable, "-m", "jupyter", "nbconvert",
            "--to", "notebook", "--execute",
            f"--ExecutePreprocessor.kernel_name={kernel_name}",
            f"--ExecutePreprocessor.timeout={TIMEOUT}",
            f"--ExecutePreprocessor.startup_timeout={TIMEOUT}",
            "--output-dir", str(output_dir),
            *extra,
            str(notebook),
        ],
        capture_output=True, text=True, timeout=2 * TIMEOUT,
    )


def outputs_of(nb, cell_id: str) -> list:
    return next(c for c in nb.cells if c.get("id") == cell_id).outputs


def test_smoke_notebook_runs_clean(tmp_path, kernel_name):
    source = nbformat.read(SMOKE, as_version=4)
    assert source.metadata.kernelspec.name == "csharp-analysis"

    done = nbconvert_execute(SMOKE, tmp_path, kernel_name)
    assert done.returncode == 0, done.stderr[-3000:]
    nb = nbformat.read(tmp_path / SMOKE.name, as_version=4)
    nbformat.validate(nb)

    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code_cells] == list(range(1, len(code_cells) + 1))
    errors = [o for c in code_cells for o in c.outputs if o.output_type == "error"]
    assert errors == []

    # a declaration only: nothing shown
    assert outputs_of(nb, "smoke-1") == []

    # console output, using variables from the cell before
    (stream,) = outputs_of(nb, "smoke-2")
    assert stream.output_type == "stream" and stream.name == "stdout"
    assert stream.text == "patients: 3, total age: 139\n"

    # a list of records is displayed as an HTML table (and text)
    (shown,) = outputs_of(nb, "smoke-3")
    assert shown.output_type == "display_data"
    html = shown.data["text/html"]
    assert "<table>" in html and "<th>Id</th><th>Age</th><th>Site</th>" in html
    for row in ("<td>p1</td><td>34</td><td>Oslo</td>", "<td>p2</td><td>58</td><td>Lyon</td>", "<td>p3</td><td>47</td><td>Oslo</td>"):
        assert row in html
    assert "Patient" in shown.data["text/plain"]

    # trailing expressions are execute_results, formatted in the invariant culture
    (mean,) = outputs_of(nb, "smoke-4")
    assert mean.output_type == "execute_result" and mean.data["text/plain"] == "40.5"
    assert mean.execution_count == nb.cells[4].execution_count
    (integer,) = outputs_of(nb, "smoke-5")
    assert integer.output_type == "execute_result" and integer.data["text/plain"] == "46"


def test_failing_cell_fails_the_run(tmp_path, kernel_name):
    nb = new_notebook(metadata={"kernelspec": {"name": kernel_name, "display_name": "C# (Analysis)", "language": "csharp"}})
    nb.cells = [
        new_code_cell('Console.WriteLine("before");'),
        new_code_cell('throw new InvalidOperationException("broken on purpose");'),
        new_code_cell('Console.WriteLine("after");'),
    ]
    path = tmp_path / "failing.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "out"

    stopped = nbconvert_execute(path, out, kernel_name)
    assert stopped.returncode != 0
    assert "broken on purpose" in stopped.stderr

    # with --allow-errors the run completes and the error is recorded in the notebook
    allowed = nbconvert_execute(path, out, kernel_name, "--allow-errors")
    assert allowed.returncode == 0, allowed.stderr[-3000:]
    ran = nbformat.read(out / path.name, as_version=4)
    (error,) = ran.cells[1].outputs
    assert error.output_type == "error"
    assert error.ename == "InvalidOperationException" and error.evalue == "broken on purpose"
    assert ran.cells[2].outputs[0].text == "after\n"



def test_kernel_tour_notebook_runs_and_shows_what_it_says(tmp_path, kernel_name):
    tour = HERE.parents[1] / "notebooks" / "00-kernel-tour.ipynb"
    done = nbconvert_execute(tour, tmp_path, kernel_name)
    assert done.returncode == 0, done.stderr[-3000:]
    nb = nbformat.read(tmp_path / tour.name, as_version=4)
    assert [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"] == []

    (older,) = outputs_of(nb, "tour-3")
    assert "<td>p2</td><td>58</td><td>Lyon</td>" in older.data["text/html"]
    assert "p1" not in older.data["text/html"]

    (by_site,) = outputs_of(nb, "tour-4")
    assert by_site.data["application/json"] == {"Oslo": 40.5, "Lyon": 64.5}

    progress = outputs_of(nb, "tour-6")
    # nbconvert folds update_display_data into the display it updates: the final state is kept.
    assert progress[0].output_type == "display_data" and progress[0].data["text/plain"] == "step 3 of 3"
    assert progress[-1].text == "done\n"

    timed = outputs_of(nb, "tour-8")
    assert any(o.output_type == "stream" and o.text.startswith("Wall time:") for o in timed)
    assert [o.data["text/plain"] for o in timed if o.output_type == "execute_result"] == [str(sum(i * i for i in range(1, 1_000_001)))]

    (whos,) = outputs_of(nb, "tour-9")
    assert "patients" in whos.text and "List<Patient>" in whos.text

    (custom,) = outputs_of(nb, "tour-11")
    assert custom.data["text/html"] == "<b>p1</b> (34 y, Oslo)"
