#!/usr/bin/python3
"""Site node against pandas on the same synthetic NDJSON: ingest rate, count latency under
concurrent clients, and the same count computed in pandas. See README.md next to this file."""
import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
# Lung cancer in men diagnosed at 60 or older: touches the diagnosis, sex and age columns.
FILTER = {"diagnosis": "254637007", "sex": "male", "ageMin": 60}
LUNG = ("254637007", "C34.9")


def default_analysis():
    for candidate in (os.environ.get("ANALYSIS"), ROOT / ".artifacts/analysis/analysis",
                      ROOT / "src/Analysis.Cli/bin/Release/net10.0/analysis"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    sys.exit("no analysis binary: run scripts/publish-kernel.sh or dotnet build -c Release, or set ANALYSIS")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def synth(analysis, data, patients):
    """Generates the cohort unless the folder already holds it (the generator is deterministic)."""
    meta = data / "metadata.json"
    if meta.exists() and json.loads(meta.read_text()).get("patients") == patients:
        return None
    shutil.rmtree(data, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([analysis, "synth", "--site", "bench", "--patients", str(patients), "--seed", "1", "--out", str(data)],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def post(conn, token, body):
    conn.request("POST", "/api/v1/count", body=body,
                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, response.read()


def start_node(analysis, data, token):
    """Starts a node on a fresh database; the clock runs from process start to the first answered count,
    so the ingest time includes process start-up (about 0.3 s) and the derived-table build."""
    for name in ("site.duckdb", "site.duckdb.wal", "audit.jsonl"):
        (data / name).unlink(missing_ok=True)
    (data / "node.json").write_text(json.dumps(
        {"tokens": [{"token": token, "user": "bench", "scopes": ["aggregate"]}],
         # The benchmark measures the engine, not a shared box's worst moment.
         "policy": {"queryTimeoutSeconds": 120}}))
    port = free_port()
    log = open(data / "node.log", "w")
    start = time.perf_counter()
    process = subprocess.Popen([analysis, "node", "serve", "--data", str(data), "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    while True:
        if process.poll() is not None:
            sys.exit(f"node exited: {(data / 'node.log').read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, _ = post(conn, token, b"{}")
            conn.close()
            if status == 200:
                break
        except OSError:
            pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    rows = sum(int(m.group(1)) for m in re.finditer(r"^ingested \S+: (\d+) rows", (data / "node.log").read_text(), re.M))
    megabytes = sum(f.stat().st_size for f in data.iterdir() if f.suffix in (".ndjson", ".maf")) / 1e6
    return process, port, elapsed, rows, megabytes


def node_queries(port, token, clients, requests, warmup, serial_requests):
    body = json.dumps({"filter": FILTER}).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    answer = None
    for _ in range(warmup):
        status, payload = post(conn, token, body)
        answer = json.loads(payload)
    # One client alone: the service time, without the queueing that 32 clients on few cores add.
    serial = []
    for _ in range(serial_requests):
        t = time.perf_counter()
        post(conn, token, body)
        serial.append(time.perf_counter() - t)
    conn.close()

    latencies, errors, lock = [], [], threading.Lock()
    remaining = iter(range(requests))

    def client():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while True:
            with lock:
                if next(remaining, None) is None:
                    break
            t = time.perf_counter()
            status, _ = post(c, token, body)
            mine.append(time.perf_counter() - t)
            if status != 200:
                errors.append(status)
        c.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return answer, serial, latencies, errors, wall


def pandas_side(data, repeats):
    """Load (read_json lines=True) is timed apart from the query; flattening the nested FHIR into columns
    is timed as its own step, because a node has done the equivalent work at ingest."""
    start = time.perf_counter()
    patients = pd.read_json(data / "Patient.ndjson", lines=True, dtype=False)
    conditions = pd.read_json(data / "Condition.ndjson", lines=True, dtype=False)
    load = time.perf_counter() - start
    rows = len(patients) + len(conditions)
    megabytes = sum((data / f).stat().st_size for f in ("Patient.ndjson", "Condition.ndjson")) / 1e6

    start = time.perf_counter()
    codes = conditions["code"].map(lambda c: {x["system"]: x["code"] for x in c["coding"]})
    dx = pd.DataFrame({
        "id": conditions["subject"].map(lambda s: s["reference"].split("/", 1)[1]),
        "snomed": codes.map(lambda c: c.get("http://snomed.info/sct")),
        "icd10": codes.map(lambda c: c.get("http://hl7.org/fhir/sid/icd-10-cm")),
        "onset": pd.to_datetime(conditions["onsetDateTime"]),
    })
    people = pd.DataFrame({"id": patients["id"], "sex": patients["gender"], "birth": pd.to_datetime(patients["birthDate"])})
    prepare = time.perf_counter() - start

    def query():
        # The node's definition: the earliest condition is the diagnosis; age in whole years at its onset.
        first = dx.sort_values("onset").drop_duplicates("id")
        joined = people.merge(first, on="id", how="inner")
        age = (joined["onset"].dt.year - joined["birth"].dt.year
               - ((joined["onset"].dt.month * 100 + joined["onset"].dt.day)
                  < (joined["birth"].dt.month * 100 + joined["birth"].dt.day)).astype(int))
        hit = ((joined["snomed"] == LUNG[0]) | (joined["icd10"] == LUNG[1])) & (joined["sex"] == FILTER["sex"]) & (age >= FILTER["ageMin"])
        return int(hit.sum())

    times, count = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        count = query()
        times.append(time.perf_counter() - t)
    return {"loadSeconds": load, "loadRows": rows, "loadRowsPerSecond": rows / load,
            "loadMegabytes": megabytes, "loadMegabytesPerSecond": megabytes / load, "prepareSeconds": prepare,
            "querySeconds": times, "queryMedianSeconds": statistics.median(times), "count": count}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--serial", type=int, default=200, help="requests from a single client, timed apart")
    parser.add_argument("--pandas-repeats", type=int, default=10)
    parser.add_argument("--work", default=os.environ.get("BENCH_NODE_DIR", "/tmp/bench-node"), help="data folder (kept for reruns)")
    parser.add_argument("--analysis", default=None)
    parser.add_argument("--output", default=str(ROOT / "bench/results/node.json"))
    args = parser.parse_args()
    analysis = args.analysis or default_analysis()
    data = Path(args.work) / f"bench-{args.patients}"

    synth_seconds = synth(analysis, data, args.patients)
    token = secrets.token_urlsafe(32)
    process, port, ingest_seconds, ingest_rows, ingest_mb = start_node(analysis, data, token)
    try:
        answer, serial, latencies, errors, wall = node_queries(port, token, args.clients, args.requests, args.warmup, args.serial)
    finally:
        process.terminate()
        process.wait(30)
    panda = pandas_side(data, args.pandas_repeats)

    node_count = answer["count"].get("value")
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    result = {
        "machine": {"cpus": os.cpu_count(), "loadavg": os.getloadavg(), "python": platform.python_version(), "pandas": pd.__version__},
        "settings": vars(args) | {"analysis": analysis, "filter": FILTER},
        "synthSeconds": synth_seconds,
        "node": {"ingestSeconds": ingest_seconds, "ingestRows": ingest_rows, "ingestRowsPerSecond": ingest_rows / ingest_seconds,
                 "ingestMegabytes": ingest_mb, "ingestMegabytesPerSecond": ingest_mb / ingest_seconds,
                 "count": node_count, "requests": len(latencies), "errors": len(errors),
                 "p50Seconds": p50, "p99Seconds": p99, "meanSeconds": statistics.mean(latencies),
                 "throughputPerSecond": len(latencies) / wall,
                 "serialP50Seconds": statistics.median(serial), "serialP99Seconds": percentile(serial, 99)},
        "pandas": panda,
        "ratios": {"nodeP50OverPandasQuery": p50 / panda["queryMedianSeconds"],
                   "nodeSerialP50OverPandasQuery": statistics.median(serial) / panda["queryMedianSeconds"],
                   "nodeIngestRateOverPandasLoadRate": (ingest_rows / ingest_seconds) / panda["loadRowsPerSecond"],
                   "nodeIngestMBpsOverPandasLoadMBps": (ingest_mb / ingest_seconds) / panda["loadMegabytesPerSecond"]},
        "countsAgree": node_count == panda["count"],
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n")

    n, p, r = result["node"], panda, result["ratios"]
    print(f"patients {args.patients}, filter {json.dumps(FILTER)}, {args.clients} clients x {args.requests} requests")
    print(f"node   ingest  {n['ingestRows']:>9} rows in {n['ingestSeconds']:.2f} s = {n['ingestRowsPerSecond']:,.0f} rows/s, {n['ingestMegabytesPerSecond']:.1f} MB/s (all files, to first answer)")
    print(f"pandas load    {p['loadRows']:>9} rows in {p['loadSeconds']:.2f} s = {p['loadRowsPerSecond']:,.0f} rows/s, {p['loadMegabytesPerSecond']:.1f} MB/s (Patient + Condition), prepare {p['prepareSeconds']:.2f} s")
    print(f"node   count   p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, {n['throughputPerSecond']:,.0f} req/s, {n['errors']} errors; answer {node_count}")
    print(f"node   count   one client alone: p50 {statistics.median(serial) * 1000:.1f} ms, p99 {percentile(serial, 99) * 1000:.1f} ms")
    print(f"pandas count   median {p['queryMedianSeconds'] * 1000:.1f} ms; answer {p['count']}")
    print(f"ratios: node p50 / pandas query = {r['nodeP50OverPandasQuery']:.2f} ({r['nodeSerialP50OverPandasQuery']:.3f} for one client); node ingest / pandas load = {r['nodeIngestRateOverPandasLoadRate']:.2f} (rows/s), {r['nodeIngestMBpsOverPandasLoadMBps']:.2f} (MB/s)")
    print(f"counts agree: {result['countsAgree']}; written to {args.output}")
    return 0 if result["countsAgree"] and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
