"""`analysis run` and `analysis verify`: the published analyses re-run headless through the Jupyter protocol (no Python
in the path of the run), their claims checked, the output notebook validated with nbformat and the RO-Crate's required
terms checked. Each kernel run is shared by several assertions (module-scoped fixtures) to keep the suite short."""

import json
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from pyhelpers.kernel_fixture import analysis_binary

REPRODUCIBLE = Path(__file__).parents[2] / "notebooks" / "reproducible"
SURVIVAL = REPRODUCIBLE / "colorectal-survival.ipynb"
COX = REPRODUCIBLE / "colorectal-cox-efron.ipynb"
RESULT_MIME = "application/vnd.analysis.result+json"


def analysis(kernel_name: str, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([analysis_binary(kernel_name), *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def survival_run(kernel_name, local_federation, tmp_path_factory):
    """One verified run of the colorectal survival analysis, as a reviewer runs it."""
    out = tmp_path_factory.mktemp("survival") / "colorectal-survival.ipynb"
    done = analysis(kernel_name, "verify", str(SURVIVAL), "--claims", str(SURVIVAL.with_suffix(".claims.yaml")),
                    "-o", str(out), "--federation", str(local_federation))
    return done, out


@pytest.fixture(scope="module")
def cox_run(kernel_name, local_federation, tmp_path_factory):
    """One verified run of the Efron-ties Cox analysis with its parameters given explicitly (-p and -y)."""
    out = tmp_path_factory.mktemp("cox") / "cox.ipynb"
    done = analysis(kernel_name, "verify", str(COX), "--claims", str(COX.with_suffix(".claims.yaml")), "-o", str(out),
                    "--federation", str(local_federation), "-p", "seed", "1", "-y", "patientsPerSite: 1000")
    return done, out


def recorded(nb) -> dict:
    return {o.data[RESULT_MIME]["name"]: o.data[RESULT_MIME]["value"]
            for c in nb.cells if c.cell_type == "code" for o in c.outputs if RESULT_MIME in o.get("data", {})}


def graph(crate_path: Path) -> dict:
    crate = json.loads(crate_path.read_text())
    assert crate["@context"] == "https://w3id.org/ro/crate/1.1/context"
    return {e["@id"]: e for e in crate["@graph"]}


def check_crate_required_terms(out: Path, status: str) -> dict:
    """The RO-Crate 1.1 and Process Run Crate 0.6 terms a consumer relies on."""
    entities = graph(out.parent / "ro-crate-metadata.json")
    descriptor = entities["ro-crate-metadata.json"]
    assert descriptor["about"] == {"@id": "./"} and descriptor["conformsTo"]["@id"].startswith("https://w3id.org/ro/crate/1.")
    root = entities["./"]
    assert root["@type"] == "Dataset" and {"@id": "https://w3id.org/ro/wfrun/process/0.6"} in root["conformsTo"]
    assert "name" in root and "description" in root and "datePublished" in root and "license" in root
    (action,) = [e for e in entities.values() if e["@type"] == "CreateAction"]
    assert {"@id": action["@id"]} in root["mentions"]
    instrument = entities[action["instrument"]["@id"]]
    assert "SoftwareSourceCode" in instrument["@type"] and len(instrument["sha256"]) == 64
    # The notebook's hash is of the notebook as published, before any parameter was injected.
    assert (out.parent / action["instrument"]["@id"]).exists()
    assert action["actionStatus"]["@id"] == f"http://schema.org/{status}ActionStatus"
    assert action["startTime"] <= action["endTime"]
    assert entities[action["agent"]["@id"]]["@type"] == "Person"
    results = [entities[r["@id"]] for r in action["result"]]
    assert results[0]["@id"] == out.name and results[0]["sha256"]
    for ref in action["object"] + action["result"]:
        assert ref["@id"] in entities, ref
    return entities


def test_the_published_survival_analysis_verifies_with_a_crate(survival_run):
    done, out = survival_run
    assert done.returncode == 0, done.stdout + done.stderr[-4000:]
    table = done.stdout.splitlines()
    assert table[0].split() == ["claim", "published", "observed", "difference", "result"]
    assert sum(line.endswith(" pass") for line in table) == 6
    assert table[-1] == "All 6 claims reproduce."

    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.metadata.papermill.status == "completed" and c.metadata.papermill.exception is False for c in code)
    assert all(c.metadata.papermill.start_time <= c.metadata.papermill.end_time and c.metadata.papermill.duration >= 0 for c in code)
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert nb.metadata.papermill.parameters == {} and nb.metadata.papermill.exception is False
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    claims = yaml.safe_load(SURVIVAL.with_suffix(".claims.yaml").read_text())
    values = recorded(nb)
    assert set(values) == {c["name"] for c in claims["claims"]}

    entities = check_crate_required_terms(out, "Completed")
    # Every site, with its node version, disclosure policy and the fingerprint the claims were made on.
    sites = {e["name"]: e for e in entities.values() if e["@id"].startswith("#site-")}
    assert set(sites) == {"oslo", "lyon", "heidelberg"}
    for name, site in sites.items():
        properties = {p["name"]: p["value"] for p in site["additionalProperty"]}
        assert properties["dataset fingerprint"] == claims["data"][name] == site["identifier"]
        assert properties["node version"] and json.loads(properties["disclosure policy"])["minCellCount"] >= 1
    # Each claim as a PropertyValue with published, observed and pass.
    for claim in claims["claims"]:
        entity = entities[f"#result-{claim['name']}"]
        props = {p["name"]: p["value"] for p in entity["additionalProperty"]}
        assert entity["value"] == values[claim["name"]] == props["observed"]
        assert props["published"] == claim["published"] and props["pass"] is True
    software = {e["name"]: e["softwareVersion"] for e in entities.values() if e["@type"] == "SoftwareApplication"}
    assert ".NET runtime" in software and "Analysis.Federation" in software and "Analysis.Stats" in software


def test_a_tampered_claim_fails_and_a_claim_never_recorded_is_missing(survival_run, tmp_path, kernel_name):
    _, out = survival_run
    claims = yaml.safe_load(SURVIVAL.with_suffix(".claims.yaml").read_text())
    hr = next(c for c in claims["claims"] if c["name"] == "hr_kras_present")
    hr["published"] = round(hr["published"] + 0.01, 4)
    claims["claims"].append({"name": "median_os_stage_iii", "published": 1200, "tolerance": 1})
    tampered = tmp_path / "tampered.claims.yaml"
    tampered.write_text(yaml.safe_dump(claims))
    done = analysis(kernel_name, "verify", str(out), "--executed", "--claims", str(tampered))
    assert done.returncode == 1, done.stdout + done.stderr
    rows = {line.split()[0]: line for line in done.stdout.splitlines()}
    assert rows["hr_kras_present"].endswith("FAIL") and "-0.0099" in rows["hr_kras_present"]
    assert rows["median_os_stage_iii"].endswith("MISSING")
    assert "the notebook never recorded 'median_os_stage_iii'" in done.stdout
    assert rows["hr_age_per_year"].endswith("pass")
    assert done.stdout.splitlines()[-1] == "2 of 7 claims do not reproduce."


def test_verify_refuses_other_data_unless_told(survival_run, tmp_path, kernel_name, local_federation):
    claims = yaml.safe_load(SURVIVAL.with_suffix(".claims.yaml").read_text())
    claims["data"]["lyon"] = "sha256:" + "0" * 64
    other = tmp_path / "other-data.claims.yaml"
    other.write_text(yaml.safe_dump(claims))
    done = analysis(kernel_name, "verify", str(SURVIVAL), "--claims", str(other), "-o", str(tmp_path / "o.ipynb"),
                    "--federation", str(local_federation))
    assert done.returncode == 1
    assert "site 'lyon' serves other data" in done.stderr and "--any-data" in done.stderr
    assert not (tmp_path / "o.ipynb").exists(), "nothing runs when the data differ"


def test_the_cox_analysis_verifies_with_parameters_injected(cox_run):
    done, out = cox_run
    assert done.returncode == 0, done.stdout + done.stderr[-4000:]
    assert done.stdout.splitlines()[-1] == "All 7 claims reproduce."
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    at = tags.index(["parameters"])
    assert tags[at + 1] == ["injected-parameters"]
    injected = nb.cells[at + 1].source
    assert "int seed = 1;" in injected and "int patientsPerSite = 1000;" in injected
    assert nb.metadata.papermill.parameters == {"seed": 1, "patientsPerSite": 1000}
    assert recorded(nb)["ties"] == "Efron"
    entities = check_crate_required_terms(out, "Completed")
    params = {e["name"]: e["value"] for e in entities.values() if e["@id"].startswith("#param-")}
    assert params == {"seed": 1, "patientsPerSite": 1000}



def test_a_run_on_other_data_fails_in_the_notebook_with_an_error_cell(tmp_path, kernel_name, local_federation):
    # seed 2 is not the federation's: the notebook's own check fails, papermill-style.
    out = tmp_path / "seed2.ipynb"
    done = analysis(kernel_name, "run", str(SURVIVAL), "-o", str(out), "-p", "seed", "2", "--federation", str(local_federation), "--no-progress")
    assert done.returncode == 1
    assert "This federation is not the published one" in done.stderr
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    assert "papermill-error-cell-tag" in nb.cells[0].metadata.tags
    assert "An Exception was encountered" in nb.cells[0].source
    anchor = next(i for i, c in enumerate(nb.cells) if 'id="papermill-error-cell"' in c.source)
    failing = nb.cells[anchor + 1]
    assert failing.metadata.papermill.status == "failed" and failing.metadata.papermill.exception is True
    assert any(o.output_type == "error" and "--seed 2" in o.evalue for o in failing.outputs)
    assert all(c.metadata.papermill.status == "pending" for c in nb.cells[anchor + 2:] if c.cell_type == "code")
    check_crate_required_terms(out, "Failed")


def test_a_killed_kernel_still_writes_the_output_with_a_failed_crate(tmp_path, kernel_name):
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": kernel_name, "display_name": "C#", "language": "csharp"}
    # A seed reported through our libraries' RandomSeeds (as Learn...Seed(n) and federated averaging report theirs).
    nb.cells = [nbformat.v4.new_code_cell('RandomSeeds.Note("bootstrap resampling", 7);\nResults.Record("before", 42)'),
                nbformat.v4.new_code_cell("System.Diagnostics.Process.GetCurrentProcess().Kill();"),
                nbformat.v4.new_code_cell('Results.Record("after", 1)')]
    source = tmp_path / "dies.ipynb"
    nbformat.write(nb, source)
    out = tmp_path / "out" / "dies.ipynb"
    done = analysis(kernel_name, "run", str(source), "-o", str(out), "--no-progress")
    assert done.returncode == 1
    assert "the kernel died while the cell ran" in done.stderr
    written = nbformat.read(out, as_version=4)
    nbformat.validate(written)
    assert recorded(written) == {"before": 42}
    dead = [o for c in written.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert [o.ename for o in dead] == ["DeadKernelError"]
    entities = check_crate_required_terms(out, "Failed")
    (action,) = [e for e in entities.values() if e["@type"] == "CreateAction"]
    assert "the kernel died" in action["error"]
    seeds = [entities[o["@id"]] for o in action["object"] if o["@id"].startswith("#seed-")]
    assert [(s["value"], s["description"]) for s in seeds] == [(7, "used by bootstrap resampling")]


def test_a_site_that_is_down_fails_the_claims_naming_it(tmp_path, kernel_name, local_federation):
    catalog = json.loads(Path(local_federation).read_text())
    lyon = next(s for s in catalog["sites"] if s["name"] == "lyon")
    lyon["url"] = "http://127.0.0.1:9/"  # the discard port: nothing listens
    # Beside the real catalog: the notebook reads each site's metadata.json from the catalog's folder.
    down = Path(local_federation).parent / "federation-lyon-down.json"
    down.write_text(json.dumps(catalog))
    try:
        out = tmp_path / "down.ipynb"
        done = analysis(kernel_name, "verify", str(COX), "--claims", str(COX.with_suffix(".claims.yaml")), "-o", str(out),
                        "--federation", str(down), "--no-progress")
    finally:
        down.unlink()
    assert done.returncode == 1, done.stdout
    assert "site 'lyon' did not answer" in done.stdout
    assert "FAIL" in done.stdout or "MISSING" in done.stdout
    entities = check_crate_required_terms(out, "Failed")
    lyon_entity = entities["#site-lyon"]
    assert {"name": "reachable", "value": False, "@type": "PropertyValue"} in lyon_entity["additionalProperty"]
