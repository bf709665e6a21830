#!/usr/bin/python3
"""How long it takes to format and send (a) a Kaplan-Meier chart of 10,000 patients and (b) a
100,000-row frame preview from our kernel, against plotly.py's fig.to_html() and pandas'
DataFrame.to_html() / _repr_html_() on the same data, in the same run on the same machine.

Needs the kernelspec installed where Jupyter finds it (see tests/pyhelpers/kernel_fixture.py)
and Debian's python3-plotly and python3-pandas:

    JUPYTER_PATH=/tmp/py-prefix/share/jupyter /usr/bin/python3 bench/viz/bench_viz.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import plotly
import plotly.graph_objects as go

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from pyhelpers.kernel_fixture import execute_ok, kernel_env, running_kernel  # noqa: E402

PATIENTS = 10_000
ROWS = 100_000
RUNS = 7


def km(time_: np.ndarray, event: np.ndarray) -> dict:
    """survfit-shaped Kaplan-Meier arrays with log-scale (Greenwood) 95% limits."""
    times = np.unique(time_)
    at_risk = np.array([(time_ >= t).sum() for t in times])
    events = np.array([((time_ == t) & (event == 1)).sum() for t in times])
    censored = np.array([((time_ == t) & (event == 0)).sum() for t in times])
    surv = np.cumprod(1 - events / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = np.cumsum(np.where(at_risk > events, events / (at_risk * (at_risk - events)), 0))
        se = np.sqrt(var)
        lower = np.clip(np.where(surv > 0, np.exp(np.log(surv) - 1.96 * se), 0), 0, 1)
        upper = np.clip(np.where(surv > 0, np.exp(np.log(surv) + 1.96 * se), 0), 0, 1)
    return {"Times": times.astype(float).tolist(), "Survival": surv.tolist(), "Lower": lower.tolist(), "Upper": upper.tolist(),
            "AtRisk": at_risk.tolist(), "Censored": censored.tolist()}


def cohort() -> dict:
    rng = np.random.default_rng(42)
    t = np.round(rng.weibull(1.3, PATIENTS) * 1500).astype(int) + 1
    c = rng.integers(30, 3650, PATIENTS)
    return km(np.minimum(t, c), (t <= c).astype(int))


def plotly_figure(curve: dict, risk_times: list[float]) -> go.Figure:
    """The same figure plotly.py users would build: band, step curve, censor marks, risk row."""
    x = [0.0] + curve["Times"]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=[1.0] + curve["Lower"], mode="lines", line_shape="hv", line_width=0, showlegend=False))
    fig.add_trace(go.Scatter(x=x, y=[1.0] + curve["Upper"], mode="lines", line_shape="hv", line_width=0, fill="tonexty", showlegend=False))
    fig.add_trace(go.Scatter(x=x, y=[1.0] + curve["Survival"], mode="lines", line_shape="hv", name="all"))
    cens = [i for i, n in enumerate(curve["Censored"]) if n > 0]
    fig.add_trace(go.Scatter(x=[curve["Times"][i] for i in cens], y=[curve["Survival"][i] for i in cens], mode="markers", marker_symbol="cross-thin-open"))
    at = [next((curve["AtRisk"][i] for i, tt in enumerate(curve["Times"]) if tt >= t), 0) for t in risk_times]
    fig.add_trace(go.Scatter(x=risk_times, y=["all"] * len(risk_times), text=[str(a) for a in at], mode="text", xaxis="x2", yaxis="y2"))
    fig.update_layout(yaxis=dict(tickformat=".0%", domain=[0.32, 1]), xaxis2=dict(matches="x", anchor="y2"), yaxis2=dict(domain=[0, 0.2], anchor="x2"))
    return fig


def timed(f, runs=RUNS):
    out, times = None, []
    for _ in range(runs):
        start = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - start)
    return out, statistics.median(times)


def kernel_round_trip(kc, code: str, runs=RUNS):
    """Median client-side time of a cell whose result is the value (format + send + receive), and the result bundle."""
    bundle, times = None, []
    for _ in range(runs):
        start = time.perf_counter()
        bundle = execute_ok(kc, code, timeout=300).result
        times.append(time.perf_counter() - start)
    return bundle, statistics.median(times)


def cell_cost(extensions: bool, runs: int = 100) -> float:
    """Median round trip of a trivial cell, with or without the extensions' references and imports."""
    env = kernel_env(None if extensions else {"ANALYSIS_KERNEL_NO_EXTENSIONS": "1"})
    with running_kernel(env=env) as (_, kc):
        for _ in range(10):
            execute_ok(kc, "1 + 1")
        return kernel_round_trip(kc, "1 + 1", runs)[1]


def main() -> int:
    curve = cohort()
    risk_times = [0.0, 365, 730, 1095, 1460, 1825]
    work = Path(tempfile.mkdtemp(prefix="bench-viz-"))
    (work / "curve.json").write_text(json.dumps(curve))
    report = {"patients": PATIENTS, "distinct_times": len(curve["Times"]), "rows": ROWS, "plotly_py": plotly.__version__, "pandas": pd.__version__}

    with running_kernel() as (_, kc):
        execute_ok(kc, f"""
            using System.Text.Json;
            var c = JsonDocument.Parse(File.ReadAllText({json.dumps(str(work / 'curve.json'))})).RootElement;
            double[] D(string n) => c.GetProperty(n).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            int[] I(string n) => c.GetProperty(n).EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var curve = new SurvivalSeries("all", D("Times"), D("Survival"), D("Lower"), D("Upper"), I("AtRisk"), I("Censored"));
            double[] riskTimes = [{", ".join(str(t) for t in risk_times)}];
        """, timeout=120)
        # The session's first chart carries plotly.js; time it once, then the usual (later) charts.
        start = time.perf_counter()
        first = execute_ok(kc, "Charts.KaplanMeier([curve], riskTimes)", timeout=300).result
        report["ours_first_chart_s"] = time.perf_counter() - start
        report["ours_first_chart_html_bytes"] = len(first["text/html"].encode())
        later, report["ours_chart_round_trip_s"] = kernel_round_trip(kc, "Charts.KaplanMeier([curve], riskTimes)")
        report["ours_chart_html_bytes"] = len(later["text/html"].encode())
        report["ours_chart_json_bytes"] = len(json.dumps(later["application/vnd.plotly.v1+json"]).encode())
        formatted = execute_ok(kc, """
            var chart = Charts.KaplanMeier([curve], riskTimes);
            Formatters.Format(chart);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 20; i++) { Charts.KaplanMeier([curve], riskTimes); }
            var build = sw.Elapsed.TotalSeconds / 20; sw.Restart();
            for (int i = 0; i < 20; i++) Formatters.Format(chart);
            $"{build} {sw.Elapsed.TotalSeconds / 20}"
        """, timeout=300).result["text/plain"].strip('"').split()
        report["ours_chart_build_s"], report["ours_chart_format_s"] = float(formatted[0]), float(formatted[1])

        execute_ok(kc, f"""
            var frame = Deedle.Frame.FromRecords(Enumerable.Range(0, {ROWS}).Select(i => new {{
                Id = $"patient-{{i:D6}}", Site = "site" + (i % 7), Age = 30 + i % 60, FollowUpDays = i * 1.5, Event = i % 3 == 0, Stage = "I II III IV".Split(' ')[i % 4] }}));
        """, timeout=300)
        frame_bundle, report["ours_frame_round_trip_s"] = kernel_round_trip(kc, "frame")
        report["ours_frame_html_bytes"] = len(frame_bundle["text/html"].encode())
        f = execute_ok(kc, """
            Formatters.Format(frame);
            var sw2 = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 20; i++) Formatters.Format(frame);
            $"{sw2.Elapsed.TotalSeconds / 20}"
        """, timeout=300).result["text/plain"].strip('"')
        report["ours_frame_format_s"] = float(f)

    report["cell_round_trip_with_extensions_s"] = cell_cost(True)
    report["cell_round_trip_without_extensions_s"] = cell_cost(False)

    fig = plotly_figure(curve, risk_times)
    html_full, report["plotly_py_to_html_s"] = timed(lambda: fig.to_html(include_plotlyjs=True))
    html_div, report["plotly_py_to_html_no_js_s"] = timed(lambda: fig.to_html(include_plotlyjs=False, full_html=False))
    report["plotly_py_html_bytes"], report["plotly_py_html_no_js_bytes"] = len(html_full.encode()), len(html_div.encode())

    i = np.arange(ROWS)
    df = pd.DataFrame({"Id": [f"patient-{k:06d}" for k in i], "Site": ["site" + str(k % 7) for k in i], "Age": 30 + i % 60,
                       "FollowUpDays": i * 1.5, "Event": i % 3 == 0, "Stage": np.array("I II III IV".split())[i % 4]})
    full, report["pandas_to_html_s"] = timed(df.to_html, runs=3)
    preview, report["pandas_repr_html_s"] = timed(df._repr_html_)
    report["pandas_to_html_bytes"], report["pandas_repr_html_bytes"] = len(full.encode()), len(preview.encode())

    ratios = {
        "1+1 cell: with extensions / without": report["cell_round_trip_with_extensions_s"] / report["cell_round_trip_without_extensions_s"],
        "chart: our format / plotly.py to_html (no js)": report["ours_chart_format_s"] / report["plotly_py_to_html_no_js_s"],
        "chart: our round trip / plotly.py to_html (no js)": report["ours_chart_round_trip_s"] / report["plotly_py_to_html_no_js_s"],
        "chart: our later-chart HTML / plotly.py no-js HTML (size)": report["ours_chart_html_bytes"] / report["plotly_py_html_no_js_bytes"],
        "frame: our format / pandas _repr_html_": report["ours_frame_format_s"] / report["pandas_repr_html_s"],
        "frame: our format / pandas to_html (all rows)": report["ours_frame_format_s"] / report["pandas_to_html_s"],
        "frame: our preview / pandas to_html (size)": report["ours_frame_html_bytes"] / report["pandas_to_html_bytes"],
    }
    for k, v in report.items():
        print(f"{k:36} {v:.4f}" if isinstance(v, float) else f"{k:36} {v}")
    print()
    for k, v in ratios.items():
        print(f"{k:60} {v:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
