#!/usr/bin/python3
"""DICOM files pydicom writes for every pixel type its test files lack (the shipped ones hold only uint8, int16,
uint16 and uint32): int8, int32, 64-bit integers, float and double pixel data, stored values with the full range
of their type (4294967295 among them), Bits Stored below Bits Allocated with other bits set, a High Bit above
Bits Stored - 1, fractional Rescale Slope / Intercept, big-endian files and several frames.

Usage: pydicom_generate.py OUT_DIR   writes the files and prints their names, one per line.
"""
import sys, zlib
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ExplicitVRBigEndian

ROWS, COLUMNS = 7, 9


def dataset(name, big_endian, frames):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRBigEndian if big_endian else ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = f"1.2.826.0.1.3680043.10.9.{zlib.crc32(name.encode())}"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.is_little_endian, ds.is_implicit_VR = not big_endian, False
    ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = ROWS, COLUMNS, 1, "MONOCHROME2"
    if frames > 1:
        ds.NumberOfFrames = frames
    return ds


def values(rng, dtype, frames):
    """Random values over the whole range of the type, with its extremes (and 0, -1) at fixed places."""
    shape = (frames, ROWS, COLUMNS)
    if dtype.kind == "f":
        data = (rng.standard_normal(shape) * 1e3).astype(dtype)
        data.flat[:6] = [0.0, -0.0, np.finfo(dtype).max, np.finfo(dtype).tiny / 4, np.inf, -np.inf]
        return data
    info = np.iinfo(dtype)
    data = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    data.flat[:4] = [info.min, info.max, 0, info.max if info.min == 0 else -1]
    return data


def integers(out, name, rng, bits, signed, big_endian=False, frames=1, stored=None, high=None, rescale=None):
    ds = dataset(name, big_endian, frames)
    dtype = np.dtype(f"{'i' if signed else 'u'}{bits // 8}")
    ds.BitsAllocated, ds.BitsStored = bits, stored or bits
    ds.HighBit = high if high is not None else ds.BitsStored - 1
    ds.PixelRepresentation = int(signed)
    if rescale:
        ds.RescaleSlope, ds.RescaleIntercept, ds.RescaleType = rescale[0], rescale[1], "US"
    ds.PixelData = values(rng, dtype, frames).astype(dtype.newbyteorder(">" if big_endian else "<")).tobytes()
    ds["PixelData"].VR = "OB" if bits == 8 else "OW"
    ds.save_as(f"{out}/{name}", write_like_original=False)
    return name


def floats(out, name, rng, bits, big_endian=False, frames=1):
    ds = dataset(name, big_endian, frames)
    dtype = np.dtype(f"f{bits // 8}")
    ds.BitsAllocated = bits
    data = values(rng, dtype, frames).astype(dtype.newbyteorder(">" if big_endian else "<")).tobytes()
    if bits == 32:
        ds.FloatPixelData = data
    else:
        ds.DoubleFloatPixelData = data
    ds.save_as(f"{out}/{name}", write_like_original=False)
    return name


def generate(out):
    rng = np.random.default_rng(20261202)
    names = [
        integers(out, "gen_uint8.dcm", rng, 8, False),
        integers(out, "gen_int8_rescaled.dcm", rng, 8, True, rescale=("0.0123456789", "-3.25")),
        integers(out, "gen_uint16_12bits_overlay.dcm", rng, 16, False, stored=12),
        integers(out, "gen_int16_12bits_overlay.dcm", rng, 16, True, stored=12, rescale=("1", "-1024")),
        integers(out, "gen_uint16_12bits_high15.dcm", rng, 16, False, stored=12, high=15),
        integers(out, "gen_int16_3frames_rescaled.dcm", rng, 16, True, frames=3, rescale=("2.5", "0.125")),
        integers(out, "gen_uint32.dcm", rng, 32, False),
        integers(out, "gen_uint32_be.dcm", rng, 32, False, big_endian=True),
        integers(out, "gen_int32_rescaled.dcm", rng, 32, True, rescale=("0.001", "-1000000")),
        integers(out, "gen_int32_20bits_be.dcm", rng, 32, True, big_endian=True, stored=20),
        integers(out, "gen_uint64.dcm", rng, 64, False),
        integers(out, "gen_int64_rescaled.dcm", rng, 64, True, rescale=("3", "7")),
        floats(out, "gen_float32.dcm", rng, 32),
        floats(out, "gen_float32_be_2frames.dcm", rng, 32, big_endian=True, frames=2),
        floats(out, "gen_float64.dcm", rng, 64),
        floats(out, "gen_float64_be.dcm", rng, 64, big_endian=True),
    ]
    print("\n".join(names))


if __name__ == "__main__":
    generate(sys.argv[1])
