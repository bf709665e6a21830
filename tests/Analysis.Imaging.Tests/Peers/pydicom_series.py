#!/usr/bin/python3
"""Reference for the series tests: pydicom reads every image of a folder, sorts the slices along the normal of
Image Orientation (Patient) by Image Position (Patient), stacks the modality-rescaled pixels.

Usage: pydicom_series.py FOLDER OUT_PREFIX   writes OUT_PREFIX.json (file order, spacing, origin, shape) and
OUT_PREFIX.bin (the volume, float64, C order [slices, rows, columns]).
"""
import json, os, sys
import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut

folder, prefix = sys.argv[1], sys.argv[2]
slices = []
for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    if name.startswith(".") or name == "DICOMDIR":
        continue
    ds = pydicom.dcmread(path)
    if "PixelData" in ds:
        slices.append((path, ds))
orientation = np.array(slices[0][1].ImageOrientationPatient, dtype=float)
normal = np.cross(orientation[:3], orientation[3:])
slices.sort(key=lambda s: float(np.dot(np.array(s[1].ImagePositionPatient, dtype=float), normal)))
positions = [float(np.dot(np.array(s[1].ImagePositionPatient, dtype=float), normal)) for s in slices]
volume = np.stack([apply_modality_lut(s[1].pixel_array, s[1]).astype(np.float64) for s in slices])
volume.tofile(prefix + ".bin")
with open(prefix + ".json", "w") as f:
    json.dump({"files": [s[0] for s in slices], "shape": list(volume.shape),
               "slice_spacing": (positions[-1] - positions[0]) / (len(positions) - 1) if len(positions) > 1 else None,
               "origin": [float(v) for v in slices[0][1].ImagePositionPatient],
               "pixel_spacing": [float(v) for v in slices[0][1].PixelSpacing]}, f)
