#!/usr/bin/python3
"""Reference for the DICOM tests: what pydicom reads from each file, as JSON.

Usage: pydicom_dump.py OUT_DIR FILE...   Writes OUT_DIR/dump.json, a list with, for each file, its elements
(tag, VR, value) and, when it has pixel data, its dtype and shape and, as raw .bin files, the pixel array in
its dtype in C order of shape [frames, rows, columns, samples] (stored values, bits stored applied as PS3.5
8.1.1 says), the modality LUT applied to it (float64) and palette colours (float64).
"""
import hashlib, json, sys, warnings
import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_color_lut

warnings.simplefilter("ignore")
TEXT = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"}
NUMBERS = {"US": "<u2", "SS": "<i2", "UL": "<u4", "SL": "<i4", "FL": "<f4", "FD": "<f8", "SV": "<i8", "UV": "<u8"}
SWAP = {"OW": ">u2", "OF": ">f4", "OL": ">u4", "OD": ">f8", "OV": ">u8"}


def raw_bytes(elem, big_endian, bits_allocated):
    """The value with numbers little-endian; big-endian 32/64-bit pixels are whole numbers, not 16-bit words."""
    value = elem.value if isinstance(elem.value, bytes) else b""
    dtype = SWAP.get(elem.VR)
    if elem.tag == 0x7FE00010 and bits_allocated in (32, 64):
        dtype = f">u{bits_allocated // 8}"
    if big_endian and dtype and len(value) % np.dtype(dtype).itemsize == 0:
        value = np.frombuffer(value, dtype).astype(dtype.replace(">", "<")).tobytes()
    return value


def value_of(elem, big_endian, bits):
    vr = elem.VR
    if vr == "SQ":
        return [elements(item, big_endian) for item in elem.value]
    if elem.value is None or elem.value == "" or elem.value == b"":
        return []
    if vr in TEXT:
        values = elem.value if isinstance(elem.value, pydicom.multival.MultiValue) else [elem.value]
        return [str(v) for v in values]
    if vr in NUMBERS:
        values = elem.value if isinstance(elem.value, (list, pydicom.multival.MultiValue)) else [elem.value]
        return [float(v) for v in values]
    if vr == "AT":
        values = elem.value if isinstance(elem.value, (list, pydicom.multival.MultiValue)) else [elem.value]
        return [int(v) for v in values]
    value = raw_bytes(elem, big_endian, bits)
    return {"sha256": hashlib.sha256(value).hexdigest(), "length": len(value)}


def elements(ds, big_endian):
    out = []
    for elem in ds:
        entry = {"tag": f"{elem.tag:08X}", "vr": elem.VR}
        try:
            entry["value"] = value_of(elem, big_endian, ds.get("BitsAllocated"))
        except Exception as e:  # a value pydicom cannot decode: compare the tag and VR only
            entry["error"] = f"{type(e).__name__}: {e}"
        out.append(entry)
    return out


def stored_values(ds, arr):
    """The pixel array in its dtype (machine byte order), reshaped to [frames, rows, columns, samples], with Bits
    Stored / High Bit applied as PS3.5 8.1.1 says (pydicom 2.3 leaves the other bits in place)."""
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    samples = 3 if ds.PhotometricInterpretation == "YBR_FULL_422" else int(getattr(ds, "SamplesPerPixel", 1))
    arr = np.asarray(arr).reshape(frames, ds.Rows, ds.Columns, samples)
    dtype = arr.dtype.newbyteorder("=")
    arr = arr.astype(dtype)
    bits = 8 * dtype.itemsize
    stored, high = int(getattr(ds, "BitsStored", bits)), int(getattr(ds, "HighBit", int(getattr(ds, "BitsStored", bits)) - 1))
    if dtype.kind in "iu" and ds.BitsAllocated > 1 and (stored, high) != (bits, bits - 1):
        unsigned = arr.view(f"u{dtype.itemsize}").astype(np.uint64)
        values = ((unsigned >> np.uint64(high + 1 - stored)) & np.uint64((1 << stored) - 1)).astype(np.int64)
        if dtype.kind == "i":
            values = np.where(values >= (1 << (stored - 1)), values - (1 << stored), values)
        arr = values.astype(dtype)
    return arr


def dump(index, path, out_dir):
    result = {"path": path}
    try:
        ds = pydicom.dcmread(path, force=True)
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {e}"
        return result
    meta = getattr(ds, "file_meta", None)
    big_endian = not ds.is_little_endian if ds.is_little_endian is not None else False
    result["transfer_syntax"] = str(meta.TransferSyntaxUID) if meta is not None and "TransferSyntaxUID" in meta else None
    try:
        result["meta"] = elements(meta, False) if meta is not None else []
        result["elements"] = elements(ds, big_endian)
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {e}"
        return result
    result["pixels"] = any(k in ds for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData"))
    syntax = meta.TransferSyntaxUID if meta is not None and "TransferSyntaxUID" in meta else None
    result["compressed"] = bool(syntax is not None and syntax.is_compressed)
    if result["pixels"]:
        try:
            arr = ds.pixel_array
            stored = stored_values(ds, arr)
            result["shape"] = list(stored.shape)
            result["dtype"] = stored.dtype.name
            stored.tofile(f"{out_dir}/{index}.stored.bin")
            if stored.shape[3] == 1:
                # The modality LUT on the stored values, in float64 (pydicom returns them unchanged without a rescale).
                np.asarray(apply_modality_lut(stored, ds), dtype=np.float64).tofile(f"{out_dir}/{index}.rescaled.bin")
            if ds.PhotometricInterpretation == "PALETTE COLOR":
                np.asarray(apply_color_lut(np.asarray(arr), ds), dtype=np.float64).reshape(stored.shape[:3] + (3,)).tofile(f"{out_dir}/{index}.display.bin")
        except Exception as e:
            result["pixel_error"] = f"{type(e).__name__}: {e}"
    return result


if __name__ == "__main__":
    out_dir = sys.argv[1]
    results = [dump(i, p, out_dir) for i, p in enumerate(sys.argv[2:])]
    with open(f"{out_dir}/dump.json", "w") as f:
        json.dump(results, f)
