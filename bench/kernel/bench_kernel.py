#!/usr/bin/python3
"""Latency benchmark: the C# kernel (csharp-analysis) against Debian's ipykernel (python3).

For each kernel it measures
  * start: from launching the process to the execute_reply of a first ``1+1``
    (the request is sent as soon as the channels are open; median of N fresh starts,
    after one untimed start that warms the disk cache);
  * round trip: ``1+1`` executed and waited for (execute_reply and the idle status on
    IOPub), median and p95 over M runs in one kernel, after a few untimed runs;
  * completion: complete_request latency after warm-up, median of K requests
    (``Console.Wri`` for C#, ``pri`` for Python).

The two kernels are measured in turn, sample by sample (a start of one, a start of the other;
blocks of 10 round trips each), so that on a machine shared with other work both see the same
load. It prints a table, the ratios ours / ipykernel next to the targets, our kernel's own
steps of a round trip (parse, compile, run...), and writes JSON to
bench/results/kernel.json. The kernelspec must be installed where Jupyter finds it:

    src/Analysis.Cli/bin/Release/net10.0/analysis kernel install --prefix /tmp/py-prefix
    JUPYTER_PATH=/tmp/py-prefix/share/jupyter /usr/bin/python3 bench/kernel/bench_kernel.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

from jupyter_client.manager import KernelManager  # noqa: E402

from pyhelpers.kernel_fixture import (  # noqa: E402
    KERNEL_NAME,
    kernel_env,
    require_kernelspec,
    shell_reply,
    start_kernel,
    stop_kernel,
    wait_execution,
)

IPYKERNEL = "python3"
COMPLETION_CODE = {KERNEL_NAME: "Console.Wri", IPYKERNEL: "pri"}
TARGETS = {
    "start": "ours <= 2x ipykernel",
    "round_trip": "ours <= 1.5x ipykernel",
    "completion": "ours < 150 ms",
}


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def env_for(name: str, ipython_dir: str) -> dict[str, str]:
    # ipykernel keeps IPython history in IPYTHONDIR; a private one leaves ~/.ipython alone.
    # ANALYSIS_KERNEL_TIMINGS: our kernel reports its steps of each cell in the execute_reply.
    return kernel_env({"IPYTHONDIR": ipython_dir, "ANALYSIS_KERNEL_TIMINGS": "1"})


def time_start(name: str, ipython_dir: str) -> float:
    """Seconds from launching the kernel to the execute_reply of its first `1+1`."""
    km = KernelManager(kernel_name=name)
    kc = None
    try:
        began = time.perf_counter()
        km.start_kernel(env=env_for(name, ipython_dir))
        kc = km.client()
        kc.start_channels()
        # ZeroMQ queues the request until the kernel has bound its shell socket.
        msg_id = kc.execute("1+1")
        reply = shell_reply(kc, msg_id, timeout=120)
        elapsed = time.perf_counter() - began
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{name}: first cell failed: {reply['content']}")
        return elapsed
    finally:
        stop_kernel(km, kc)


def time_round_trips(kc, runs: int, warmup: int = 10, steps: dict | None = None) -> list[float]:
    """`runs` timed `1+1` round trips after `warmup` untimed ones; the kernel's own step timings
    (execute_reply metadata, sent with ANALYSIS_KERNEL_TIMINGS=1) are appended to `steps`."""
    samples = []
    for i in range(warmup + runs):
        began = time.perf_counter()
        run = wait_execution(kc, kc.execute("1+1"))
        elapsed = time.perf_counter() - began
        if run.status != "ok":
            raise RuntimeError(f"1+1 failed: {run.reply['content']}")
        if i >= warmup:
            samples.append(elapsed)
            if steps is not None:
                for step, ms in run.reply.get("metadata", {}).get("analysis_timings_ms", {}).items():
                    steps.setdefault(step, []).append(ms)
    return samples


def time_completions(kc, code: str, runs: int, warmup: int = 5) -> tuple[list[float], str, list[str]]:
    """Latencies, the reply status, and the first matches (to show what was measured)."""
    samples, status, matches = [], "ok", []
    for i in range(warmup + runs):
        began = time.perf_counter()
        reply = shell_reply(kc, kc.complete(code, len(code)), timeout=60)
        elapsed = time.perf_counter() - began
        content = reply["content"]
        if content["status"] != "ok":
            status = f"error: {content.get('ename')}: {content.get('evalue')}"
        else:
            matches = content["matches"][:5]
        if i >= warmup:
            samples.append(elapsed)
    return samples, status, matches


def bench(names: list[str], starts: int, runs: int, completions: int, ipython_dir: str, block: int = 10) -> list[dict]:
    """Measures the kernels in turn, sample by sample (a start of each, then the next; blocks of
    `block` round trips of each), so that both see the same load on a machine shared with others."""
    for name in names:
        require_kernelspec(name)
        time_start(name, ipython_dir)  # untimed: warms the disk cache and IPYTHONDIR
    print(f"{names}: start x{starts} each, interleaved...", file=sys.stderr, flush=True)
    start_samples = {name: [] for name in names}
    for _ in range(starts):
        for name in names:
            start_samples[name].append(time_start(name, ipython_dir))

    print(f"{names}: round trip x{runs} each in blocks of {block}, completion x{completions} each...", file=sys.stderr, flush=True)
    kernels = {}
    try:
        for name in names:
            kernels[name] = start_kernel(name, env=env_for(name, ipython_dir))
        rt = {name: [] for name in names}
        steps = {name: {} for name in names}
        for name in names:
            time_round_trips(kernels[name][1], 0, warmup=10)
        while any(len(rt[name]) < runs for name in names):
            for name in names:
                rt[name] += time_round_trips(kernels[name][1], min(block, runs - len(rt[name])), warmup=0, steps=steps[name])
        comp = {name: time_completions(kernels[name][1], COMPLETION_CODE[name], completions) for name in names}
    finally:
        for km, kc in kernels.values():
            stop_kernel(km, kc)
    results = []
    for name in names:
        samples, comp_status, comp_matches = comp[name]
        results.append({
            "kernel": name,
            "start_s": {"median": statistics.median(start_samples[name]), "samples": start_samples[name]},
            "round_trip_s": {"median": statistics.median(rt[name]), "p95": percentile(rt[name], 95), "min": min(rt[name]),
                             "max": max(rt[name]), "runs": len(rt[name])},
            "round_trip_kernel_steps_ms": {step: {"median": statistics.median(v), "p95": percentile(v, 95)} for step, v in steps[name].items()},
            "completion_s": {
                "code": COMPLETION_CODE[name],
                "status": comp_status,
                "median": statistics.median(samples),
                "p95": percentile(samples, 95),
                "runs": len(samples),
                "first_matches": comp_matches,
            },
        })
    return results


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def report(ours: dict, theirs: dict) -> dict:
    rows = [
        ("start to first reply (median)", ours["start_s"]["median"], theirs["start_s"]["median"], "start"),
        ("round trip 1+1 (median)", ours["round_trip_s"]["median"], theirs["round_trip_s"]["median"], "round_trip"),
        ("round trip 1+1 (p95)", ours["round_trip_s"]["p95"], theirs["round_trip_s"]["p95"], "round_trip"),
        ("completion (median)", ours["completion_s"]["median"], theirs["completion_s"]["median"], "completion"),
    ]
    limits = {"start": 2.0, "round_trip": 1.5}
    print()
    print(f"{'measure':32} {'csharp-analysis':>15} {'ipykernel':>15} {'ratio':>7}  target")
    print("-" * 100)
    ratios = {}
    for label, a, b, key in rows:
        ratio = a / b
        if key == "completion":
            ok = ours["completion_s"]["status"] == "ok" and a < 0.150
            verdict = TARGETS[key] + (": met" if ok else ": NOT met")
            if ours["completion_s"]["status"] != "ok":
                verdict += f" (kernel replied {ours['completion_s']['status']})"
        else:
            verdict = TARGETS[key] + (": met" if ratio <= limits[key] else ": NOT met")
        ratios[label] = ratio
        print(f"{label:32} {ms(a):>15} {ms(b):>15} {ratio:6.2f}x  {verdict}")
    print()
    print(f"start samples (s): ours {[round(s, 3) for s in ours['start_s']['samples']]}, "
          f"ipykernel {[round(s, 3) for s in theirs['start_s']['samples']]}")
    if ours.get("round_trip_kernel_steps_ms"):
        print("our kernel's own steps of a 1+1 round trip (median / p95 ms): " + ", ".join(
            f"{step} {v['median']:.2f}/{v['p95']:.2f}" for step, v in ours["round_trip_kernel_steps_ms"].items()))
    print(f"completion matches: ours {ours['completion_s']['first_matches']} ({ours['completion_s']['status']}), "
          f"ipykernel {theirs['completion_s']['first_matches']}")
    return ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=5, help="fresh kernel starts per kernel (default 5)")
    parser.add_argument("--runs", type=int, default=200, help="round trips per kernel (default 200)")
    parser.add_argument("--completions", type=int, default=50, help="complete_requests per kernel (default 50)")
    parser.add_argument("--kernel", default=KERNEL_NAME, help=f"our kernelspec (default {KERNEL_NAME})")
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "results" / "kernel.json")
    args = parser.parse_args()

    COMPLETION_CODE.setdefault(args.kernel, COMPLETION_CODE[KERNEL_NAME])
    load_at_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-ipython-") as ipython_dir:
        ours, theirs = bench([args.kernel, IPYKERNEL], args.starts, args.runs, args.completions, ipython_dir)
    ratios = report(ours, theirs)

    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_at_start": load_at_start,
            "loadavg_at_end": os.getloadavg(),
            "platform": platform.platform(),
            "python": sys.version.split()[0],
        },
        "settings": {"starts": args.starts, "runs": args.runs, "completions": args.completions},
        "targets": TARGETS,
        "ours": ours,
        "ipykernel": theirs,
        "ratios_ours_over_ipykernel": ratios,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
