#!/usr/bin/python3
"""Reading a FHIR bulk export's NDJSON into typed tables: Analysis.Fhir (parse with Firely, flatten to rows, Arrow
record batches) against pandas (read_json(lines=True), and json.loads + json_normalize) over the same files.
See README.md next to this file."""
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

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "bench/fhir/FhirBench"
TYPES = ["Patient", "Condition", "Observation", "Procedure"]


def ours(data, patients, runs):
    subprocess.run(["dotnet", "build", str(PROJECT), "-c", "Release", "-nologo", "-v", "quiet"], check=True, stdout=subprocess.DEVNULL)
    dll = PROJECT / "bin/Release/net10.0/FhirBench.dll"
    out = subprocess.run(["dotnet", str(dll), "--data", str(data), "--patients", str(patients), "--runs", str(runs)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def timed(fn, runs):
    fn()  # warm the page cache, as the C# side does with its untimed run
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(samples), statistics.median(cpu), result


def read_json_lines(files):
    return {f.stem: pd.read_json(f, lines=True) for f in files}


def normalize(files):
    frames = {}
    for f in files:
        with open(f, encoding="utf-8") as handle:
            frames[f.stem] = pd.json_normalize([json.loads(line) for line in handle if line.strip()])
    return frames


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=ROOT / "bench/results/fhir.json")
    args = parser.parse_args()
    data = args.data or Path(tempfile.gettempdir()) / f"analysis-bench-fhir-{args.patients}"

    mine = ours(data, args.patients, args.runs)
    files = [data / f"{t}.ndjson" for t in TYPES]
    read_time, read_cpu, frames = timed(lambda: read_json_lines(files), args.runs)
    norm_time, norm_cpu, normalized = timed(lambda: normalize(files), args.runs)
    resources = sum(len(f) for f in frames.values())
    if resources != mine["resources"]:
        sys.exit(f"resource counts differ: pandas {resources}, Analysis.Fhir {mine['resources']}")

    mb = mine["bytes"] / 1e6
    result = {
        "machine": {"cpus": os.cpu_count(), "load": os.getloadavg(), "python": platform.python_version(), "pandas": pd.__version__},
        "patients": args.patients, "megabytes": mb, "resources": resources, "rows": mine["rows"],
        "ours": mine, "pandas_read_json": read_time, "pandas_read_json_cpu": read_cpu,
        "pandas_json_normalize": norm_time, "pandas_json_normalize_cpu": norm_cpu,
        "normalized_columns": {k: len(v.columns) for k, v in normalized.items()},
    }
    print(f"{args.patients} patients: {resources:,} resources, {mb:.1f} MB of NDJSON ({', '.join(TYPES)}); load {os.getloadavg()[0]:.1f}")
    print(f"Analysis.Fhir  parse {mine['parse']:.2f} s + flatten {mine['flatten']:.3f} s + Arrow {mine['arrow']:.3f} s = {mine['total']:.2f} s"
          f"  ({resources / mine['total']:,.0f} resources/s, {mb / mine['total']:.1f} MB/s, {mine['rows']:,} typed rows); CPU {mine['cpu']:.2f} s")
    print(f"pandas read_json(lines=True)        {read_time:.2f} s  ({resources / read_time:,.0f} resources/s); CPU {read_cpu:.2f} s")
    print(f"pandas json.loads + json_normalize  {norm_time:.2f} s  ({resources / norm_time:,.0f} resources/s); CPU {norm_cpu:.2f} s")
    print(f"ratio Analysis.Fhir / read_json: {mine['total'] / read_time:.2f}x the time; / json_normalize: {mine['total'] / norm_time:.2f}x")
    print(f"CPU ratio Analysis.Fhir / read_json: {mine['cpu'] / read_cpu:.2f}x; / json_normalize: {mine['cpu'] / norm_cpu:.2f}x")
    print(f"flatten + Arrow alone / json_normalize: {(mine['flatten'] + mine['arrow']) / norm_time:.3f}x")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
