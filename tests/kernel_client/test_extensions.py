"""The kernel extensions seen from a Jupyter client: charts arrive as offline HTML (plotly.js in
the session's first chart only) plus the Plotly figure JSON; domain types work without #r;
#!extensions lists what is loaded.

The module gets a kernel of its own (the ``kernel`` fixture is module-scoped), so the first
chart drawn here is the session's first.
"""

import json

from pyhelpers.kernel_fixture import execute_ok

KM_CELL = """
var curve = new SurvivalSeries("Stage I", [30.0, 60, 90, 120], [0.98, 0.95, 0.91, 0.88],
    Lower: [0.95, 0.91, 0.86, 0.82], Upper: [1.0, 0.98, 0.95, 0.93], AtRisk: [50, 48, 45, 41], Censored: [0, 1, 0, 2]);
Charts.KaplanMeier([curve], riskTableTimes: [0.0, 60, 120])
"""

LIBRARY_MARK = "data-kernel-library"


def test_charts_carry_plotly_js_once_per_session_and_the_figure_json(kc):
    first = execute_ok(kc, KM_CELL).result
    assert first is not None, "the cell's chart gave no execute_result"
    html = first["text/html"]
    assert html.count(LIBRARY_MARK) == 1
    assert "Plotly.newPlot" in html
    own = html[: html.index("<script " + LIBRARY_MARK)] + html[html.index("</script>", html.index(LIBRARY_MARK)) :]
    assert "cdn" not in own.lower() and "https://" not in own and "src=" not in own

    figure = first["application/vnd.plotly.v1+json"]
    assert isinstance(figure, dict), "the figure is sent as JSON, not a string"
    names = [t.get("name") for t in figure["data"]]
    assert "Stage I" in names and "Stage I at risk" in names
    steps = next(t for t in figure["data"] if t.get("name") == "Stage I")
    assert steps["line"]["shape"] == "hv"
    assert steps["x"] == [0, 30, 60, 90, 120]
    assert figure["layout"]["yaxis"]["tickformat"] == ".0%"

    second = execute_ok(kc, KM_CELL).result
    assert LIBRARY_MARK not in second["text/html"]
    assert "Plotly.newPlot" in second["text/html"]
    assert len(second["text/html"]) < len(html) / 10


def test_display_of_a_chart_sends_display_data(kc):
    run = execute_ok(kc, "display(Charts.Forest([new EffectEstimate(\"Stage II\", 1.8, 1.2, 2.7, 0.01)]));")
    shown = run.of_type("display_data")
    assert len(shown) == 1
    data = shown[0]["content"]["data"]
    assert data["application/vnd.plotly.v1+json"]["layout"]["xaxis"]["type"] == "log"
    assert "Plotly.newPlot" in data["text/html"]
    json.dumps(data)  # the bundle is plain JSON


def test_federated_results_show_suppressed_cells(kc):
    result = execute_ok(kc, 'Federated.Count([new("oslo", ReleasedCell.Shown(12), null), new("lyon", ReleasedCell.Suppressed(5), null)])').result
    assert 'class="suppressed"' in result["text/html"]
    assert "&lt;5" in result["text/html"]
    assert "≥ 12" in result["text/html"]


def test_extensions_magic_lists_the_loaded_extension(kc):
    out = execute_ok(kc, "#!extensions").stream()
    assert "analysis (Analysis.Extensions)" in out
    assert "formatter  GenericChart: text/html, application/vnd.plotly.v1+json" in out
    assert "magic      #!plotly" in out
    assert "#!extensions" in execute_ok(kc, "#!lsmagic").stream()
