"""Independent reference for the VCF tests: a small VCF parser of its own (gzip by magic bytes, every member read)."""
import gzip
import json
import math
import sys
from math import comb

path = sys.argv[1]
with open(path, "rb") as f:
    raw = f.read()
text = gzip.decompress(raw).decode() if raw[:2] == b"\x1f\x8b" else raw.decode()

defs = {"INFO": {}, "FORMAT": {}}
meta, samples, records = [], [], []


def structured(body):
    fields, key, value, quoted, i = {}, "", "", False, 0
    parts, cur, inq = [], "", False
    while i < len(body):
        c = body[i]
        if c == '"':
            inq = not inq
        elif c == "\\" and inq:
            i += 1
            cur += body[i]
        elif c == "," and not inq:
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    parts.append(cur)
    for p in parts:
        k, v = p.split("=", 1)
        fields[k] = v
    return fields


def typed(value, d, alts, ploidy):
    if value == ".":
        return None
    number, kind = d["Number"], d["Type"]

    def one(v):
        if v == ".":
            return None
        if kind == "Integer":
            return int(v)
        if kind == "Float":
            x = float(v)
            return None if math.isnan(x) else x
        return v

    if number == "1":
        return one(value)
    parts = value.split(",")
    expected = {"A": alts, "R": alts + 1, "G": comb(alts + 1 + ploidy - 1, ploidy), ".": len(parts)}.get(number)
    assert len(parts) == (int(number) if expected is None else expected), (value, number)
    return [one(p) for p in parts]


for line in text.splitlines():
    if line.startswith("##"):
        key, value = line[2:].split("=", 1)
        entry = {"key": key, "value": value}
        if value.startswith("<"):
            entry["fields"] = structured(value[1:-1])
            if key in defs:
                defs[key][entry["fields"]["ID"]] = entry["fields"]
        meta.append(entry)
    elif line.startswith("#CHROM"):
        samples = line.split("\t")[9:]
    elif line:
        f = line.split("\t")
        alts = [] if f[4] == "." else f[4].split(",")
        info = {}
        if f[7] != ".":
            for item in f[7].split(";"):
                k, _, v = item.partition("=")
                info[k] = True if v == "" else typed(v, defs["INFO"][k], len(alts), 2)
        fmt = f[8].split(":")
        calls = []
        for name, col in zip(samples, f[9:]):
            values = dict(zip(fmt, col.split(":")))
            gt = values.get("GT", ".")
            alleles = None if gt == "." else [None if a == "." else int(a) for a in gt.replace("|", "/").split("/")]
            ploidy = 2 if alleles is None else len(alleles)
            typed_values = {k: (v if k == "GT" else typed(v, defs["FORMAT"][k], len(alts), ploidy)) for k, v in values.items()}
            calls.append({"name": name, "alleles": alleles, "phased": "|" in gt and "/" not in gt, "values": typed_values})
        records.append({"chrom": f[0], "pos": int(f[1]), "ids": [] if f[2] == "." else f[2].split(";"), "ref": f[3], "alts": alts,
                        "qual": None if f[5] == "." else float(f[5]), "filters": [] if f[6] == "." else f[6].split(";"),
                        "info": info, "samples": calls})

print(json.dumps({"meta": meta, "samples": samples, "records": records}))
