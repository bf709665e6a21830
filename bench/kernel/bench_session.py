#!/usr/bin/python3
"""Long-session benchmark: does a kernel stay as quick and as lean after 1,000 cells as after 10?

For the C# kernel (csharp-analysis) and Debian's ipykernel (python3) it measures, each in a
fresh kernel:

  * (each run starts from a warmed kernel: ten ``1+1`` cells and a completion request);
  * growth: ``1+1`` round trip (execute_reply and the idle status), median of a few runs, at
    the start and after every block of cells, up to --cells cells of ``1+1``; RSS alongside;
  * data: RSS before and after --cells cells of ``var vN = new int[1000];`` (Python:
    ``vN = bytearray(4000)``): each cell keeps 4,000 bytes, so the goal is RSS growth of at
    most cells * 4,000 bytes, plus 10%;
  * the C# kernel's managed heap after a full GC, at the start and at the end of each run
    (one extra cell each time), and, when the kernel sends them, its per-step timings of the
    last ``1+1`` (execute_reply metadata, ANALYSIS_KERNEL_TIMINGS=1).

RSS is read from /proc/PID/status of the kernel process. Results go to
bench/results/session.json; quote them with the load average stored there.

    JUPYTER_PATH=/tmp/py-prefix/share/jupyter /usr/bin/python3 bench/kernel/bench_session.py
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

from pyhelpers.kernel_fixture import (  # noqa: E402
    KERNEL_NAME,
    kernel_env,
    shell_reply,
    start_kernel,
    stop_kernel,
    wait_execution,
)

IPYKERNEL = "python3"
KEEP_BYTES = 4000
DATA_CELL = {KERNEL_NAME: "var v{n} = new int[1000];", IPYKERNEL: "v{n} = bytearray(4000)"}
# Returns the managed heap after a full, compacting collection (C# only).
MANAGED_CELL = (
    "System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;"
    " GC.Collect(2, GCCollectionMode.Forced, true, true); GC.WaitForPendingFinalizers(); GC.Collect(); GC.GetTotalMemory(true)"
)


def rss_mb(km) -> float:
    pid = km.provisioner.process.pid
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def run(kc, code: str):
    began = time.perf_counter()
    execution = wait_execution(kc, kc.execute(code), timeout=120)
    elapsed = time.perf_counter() - began
    if execution.status != "ok":
        raise RuntimeError(f"{code!r} failed: {execution.reply['content']}")
    return elapsed, execution


def round_trip(kc, samples: int) -> tuple[float, dict | None]:
    """Median `1+1` round trip (s) over `samples` runs, and the kernel's step timings of the last one."""
    times, steps = [], None
    for _ in range(samples):
        elapsed, execution = run(kc, "1+1")
        times.append(elapsed)
        steps = execution.reply.get("metadata", {}).get("analysis_timings_ms")
    return statistics.median(times), steps


def managed_mb(name: str, kc) -> float | None:
    if name == IPYKERNEL:
        return None
    _, execution = run(kc, MANAGED_CELL)
    return int(execution.result["text/plain"]) / 1024 / 1024


def warm(kc, name: str) -> None:
    """Ten `1+1` cells and a completion: the baseline is a kernel whose background warm-ups
    (our language services compose Roslyn's parts after the first cell) are done."""
    for _ in range(10):
        run(kc, "1+1")
    code = "pri" if name == IPYKERNEL else "Console.Wri"
    shell_reply(kc, kc.complete(code, len(code)), timeout=120)


def growth(name: str, cells: int, block: int, samples: int, env: dict) -> dict:
    km, kc = start_kernel(name, env=env)
    try:
        warm(kc, name)
        points = []
        done = 0
        while True:
            rt, steps = round_trip(kc, samples)
            points.append({"cells": done, "round_trip_ms": rt * 1000, "rss_mb": rss_mb(km), "steps_ms": steps})
            print(f"[{name}] growth: after {done} cells, 1+1 {rt * 1000:.1f} ms, RSS {points[-1]['rss_mb']:.0f} MB"
                  + (f", steps {steps}" if steps else ""), file=sys.stderr, flush=True)
            if done >= cells:
                break
            for _ in range(block):
                run(kc, "1+1")
            done += block + samples
        return {"points": points, "managed_mb_end": managed_mb(name, kc)}
    finally:
        stop_kernel(km, kc)


def data(name: str, cells: int, env: dict) -> dict:
    km, kc = start_kernel(name, env=env)
    try:
        warm(kc, name)
        managed_before = managed_mb(name, kc)
        rss_before = rss_mb(km)
        began = time.perf_counter()
        for n in range(cells):
            run(kc, DATA_CELL[name].format(n=n))
        seconds = time.perf_counter() - began
        rss_after = rss_mb(km)
        managed_after = managed_mb(name, kc)
        kept_mb = cells * KEEP_BYTES / 1024 / 1024
        result = {
            "cells": cells, "seconds": seconds, "rss_before_mb": rss_before, "rss_after_mb": rss_after,
            "managed_before_mb": managed_before, "managed_after_mb": managed_after, "kept_mb": kept_mb,
            "goal_rss_growth_mb": kept_mb * 1.1,
        }
        print(f"[{name}] data: {cells} cells in {seconds:.1f} s, RSS {rss_before:.0f} -> {rss_after:.0f} MB"
              + (f", managed {managed_before:.1f} -> {managed_after:.1f} MB" if managed_before is not None else ""),
              file=sys.stderr, flush=True)
        return result
    finally:
        stop_kernel(km, kc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cells", type=int, default=1000, help="cells per run (default 1000)")
    parser.add_argument("--block", type=int, default=190, help="cells between growth measurements (default 190)")
    parser.add_argument("--samples", type=int, default=10, help="1+1 runs per growth measurement (default 10)")
    parser.add_argument("--kernel", default=KERNEL_NAME, help=f"our kernelspec (default {KERNEL_NAME})")
    parser.add_argument("--no-ipykernel", action="store_true", help="measure only our kernel")
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "results" / "session.json")
    args = parser.parse_args()

    DATA_CELL.setdefault(args.kernel, DATA_CELL[KERNEL_NAME])
    names = [args.kernel] + ([] if args.no_ipykernel else [IPYKERNEL])
    results = {}
    load_during = []
    with tempfile.TemporaryDirectory(prefix="bench-ipython-") as ipython_dir:
        env = kernel_env({"IPYTHONDIR": ipython_dir, "ANALYSIS_KERNEL_TIMINGS": "1"})
        for name in names:
            results[name] = {"growth": growth(name, args.cells, args.block, args.samples, env)}
            load_during.append(os.getloadavg())
            results[name]["data"] = data(name, args.cells, env)
            load_during.append(os.getloadavg())

    print()
    for name, r in results.items():
        pts = r["growth"]["points"]
        first, last = pts[0], pts[-1]
        grow = last["round_trip_ms"] / first["round_trip_ms"] - 1
        d = r["data"]
        print(f"{name}: 1+1 {first['round_trip_ms']:.1f} -> {last['round_trip_ms']:.1f} ms over {last['cells']} cells ({grow:+.0%}; goal within 10%), "
              f"RSS {first['rss_mb']:.0f} -> {last['rss_mb']:.0f} MB ({last['rss_mb'] / first['rss_mb'] - 1:+.0%}; goal within 10%)")
        print(f"{name}: {d['cells']} data cells: RSS {d['rss_before_mb']:.0f} -> {d['rss_after_mb']:.0f} MB "
              f"(+{d['rss_after_mb'] - d['rss_before_mb']:.1f} MB; goal <= +{d['goal_rss_growth_mb']:.1f} MB)"
              + (f", managed after full GC {d['managed_before_mb']:.1f} -> {d['managed_after_mb']:.1f} MB" if d["managed_before_mb"] is not None else ""))
    print(f"load average during the runs: {[tuple(round(x, 2) for x in l) for l in load_during]}")

    out = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "loadavg_during": load_during, "platform": platform.platform()},
        "settings": {"cells": args.cells, "block": args.block, "samples": args.samples},
        "results": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(out, indent=2) + "\n")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
