#!/usr/bin/python3
"""`analysis run` against `jupyter nbconvert --execute` on the same notebook, in one run.

Both start the same kernel from its kernelspec, run every cell of the notebook against the same local federation and
write an output notebook; `analysis run` also asks each site for its description and writes an RO-Crate. The runs
alternate (ours, theirs, ours, ...) so a change in machine load hits both; the medians and their ratio are printed
with the load average, and everything goes to bench/results/run.json.

    analysis=$(scripts/publish-kernel.sh)
    "$analysis" kernel install --prefix /tmp/bench-prefix
    JUPYTER_PATH=/tmp/bench-prefix/share/jupyter /usr/bin/python3 bench/run/bench_run.py
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

ROOT = Path(__file__).resolve().parents[2]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1200)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notebook", default=str(ROOT / "notebooks" / "reproducible" / "colorectal-survival.ipynb"))
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--kernel", default=os.environ.get("ANALYSIS_KERNEL_NAME", "csharp-analysis"))
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "run.json"))
    args = parser.parse_args()

    analysis = KernelSpecManager().get_kernel_spec(args.kernel).argv[0]
    work = Path(tempfile.mkdtemp(prefix="bench-run-"))
    env = dict(os.environ, ANALYSIS_KERNEL_HISTORY=str(work / "history.jsonl"))
    sites = work / "sites"
    up = subprocess.run([analysis, "sites", "up", "--sites", "3", "--patients", "1000", "--seed", "1", "--dir", str(sites)],
                        capture_output=True, text=True, env=env, timeout=600)
    if up.returncode != 0:
        sys.exit(up.stdout + up.stderr)
    catalog = sites / "federation.json"
    env["ANALYSIS_FEDERATION"] = str(catalog)
    ours_command = [analysis, "run", args.notebook, "-o", str(work / "ours" / "out.ipynb"), "--federation", str(catalog), "--no-progress"]
    theirs_command = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                      f"--ExecutePreprocessor.kernel_name={args.kernel}", "--ExecutePreprocessor.timeout=600",
                      "--output-dir", str(work / "theirs"), args.notebook]
    try:
        # One untimed run of each warms the disk cache and the nodes.
        timed(ours_command, env)
        timed(theirs_command, env)
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(timed(ours_command, env))
            theirs.append(timed(theirs_command, env))
    finally:
        subprocess.run([analysis, "sites", "down", "--dir", str(sites)], capture_output=True, env=env, timeout=120)

    load = os.getloadavg()
    median_ours, median_theirs = statistics.median(ours), statistics.median(theirs)
    ratio = median_ours / median_theirs
    print(f"notebook: {Path(args.notebook).name}, {args.runs} runs each, alternating")
    print(f"{'':26}{'median s':>10}{'runs s':>30}")
    print(f"{'analysis run':26}{median_ours:>10.2f}{'  '.join(f'{t:.2f}' for t in ours):>30}")
    print(f"{'jupyter nbconvert --execute':26}{median_theirs:>10.2f}{'  '.join(f'{t:.2f}' for t in theirs):>30}")
    print(f"ratio (ours / nbconvert): {ratio:.2f}   (target <= 1.0)")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({
        "notebook": args.notebook, "runs": args.runs, "analysis_run_seconds": ours, "nbconvert_seconds": theirs,
        "ratio": ratio, "loadavg": load, "cpus": os.cpu_count(), "machine": platform.platform(),
    }, indent=2) + "\n")


if __name__ == "__main__":
    main()
