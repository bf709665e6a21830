#!/usr/bin/python3
"""pydicom's side of the imaging benchmark: prints four median times (seconds): reading every file with dcmread and
taking pixel_array through the modality LUT (float64); the same plus sorting by position along the normal and
stacking in float64; dcmread alone (touching two tags); the sorted stack in float32; and dcmread with
stop_before_pixels (touching the same two tags)."""
import os, statistics, sys, time
import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut

folder, runs = sys.argv[1], int(sys.argv[2])
paths = [os.path.join(folder, n) for n in sorted(os.listdir(folder))]


def loop():
    start = time.perf_counter()
    for p in paths:
        ds = pydicom.dcmread(p)
        apply_modality_lut(ds.pixel_array, ds)
    return time.perf_counter() - start


def parse():
    start = time.perf_counter()
    for p in paths:
        ds = pydicom.dcmread(p)
        ds.PatientName, ds.ImagePositionPatient  # touch a few tags, as a reader would
    return time.perf_counter() - start


def tags_only():
    start = time.perf_counter()
    for p in paths:
        ds = pydicom.dcmread(p, stop_before_pixels=True)
        ds.PatientName, ds.ImagePositionPatient
    return time.perf_counter() - start


def volume(dtype):
    def run():
        start = time.perf_counter()
        datasets = [pydicom.dcmread(p) for p in paths]
        o = np.array(datasets[0].ImageOrientationPatient, dtype=float)
        normal = np.cross(o[:3], o[3:])
        datasets.sort(key=lambda d: float(np.dot(np.array(d.ImagePositionPatient, dtype=float), normal)))
        np.stack([apply_modality_lut(d.pixel_array, d).astype(dtype, copy=False) for d in datasets])
        return time.perf_counter() - start
    return run


def median(f):
    f()
    return statistics.median(f() for _ in range(runs))


print(f"{median(loop):.4f} {median(volume(np.float64)):.4f} {median(parse):.4f} {median(volume(np.float32)):.4f} {median(tags_only):.4f}")
