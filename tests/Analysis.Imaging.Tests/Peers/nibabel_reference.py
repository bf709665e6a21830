#!/usr/bin/python3
"""Reference for the NIfTI tests.

nibabel_reference.py generate OUT_DIR   writes NIfTI files covering every datatype (with its extreme values), both byte orders, scaling,
                                        and sform / qform / neither, and prints their names one per line.
nibabel_reference.py dump OUT_DIR FILE...   writes OUT_DIR/dump.json (shape, affine, stored dtype per file),
                                        OUT_DIR/N.fdata.bin, nibabel's get_fdata() in float64, and OUT_DIR/N.stored.bin,
                                        dataobj.get_unscaled() in its dtype, both x fastest (Fortran order).
"""
import json, sys
import numpy as np
import nibabel as nib


def generate(out):
    rng = np.random.default_rng(20261201)
    names = []
    dtypes = [np.uint8, np.int8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.float32, np.float64]
    for dtype in dtypes:
        for endian in "<>":
            info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
            low, high = (max(info.min, -30000), min(info.max, 30000)) if info else (-1000, 1000)
            data = rng.uniform(low, high, size=(5, 4, 3, 2)).astype(dtype)
            if info:
                data.flat[:2] = [info.min, info.max]    # values a float32 could not hold (4294967295...)
            header = nib.Nifti1Header(endianness=endian)
            header.set_data_dtype(dtype)
            affine = np.array([[-2.0, 0.1, 0, 90], [0.2, 2.5, 0, -126], [0, 0, 3.0, -72], [0, 0, 0, 1]])
            img = nib.Nifti1Image(data, affine, header)
            kind = np.dtype(dtype).name
            if kind == "uint8":
                # qform only, from a rotated left-handed affine (so qfac = -1 and a real quaternion)
                c, s = np.cos(0.3), np.sin(0.3)
                rotated = np.array([[c * 2, -s * 2.5, 0, 10], [s * 2, c * 2.5, 0, -20], [0, 0, -3.0, 30], [0, 0, 0, 1]])
                img.set_qform(rotated, code=1)
                img.set_sform(None, code=0)
            if kind == "int8":
                img.set_sform(None, code=0)
                img.set_qform(None, code=0)          # neither: the base affine
            name = f"gen_{kind}_{'le' if endian == '<' else 'be'}.nii" + (".gz" if kind in ("int32", "float64") else "")
            nib.save(img, f"{out}/{name}")
            if kind in ("int16", "uint16", "uint32", "int64"):
                # nibabel recomputes scaling on save; patch scl_slope / scl_inter (bytes 112, 116) afterwards.
                with open(f"{out}/{name}", "r+b") as f:
                    f.seek(112)
                    f.write(np.array([0.5, -10.0], dtype=f"{endian}f4").tobytes())
            names.append(name)
    print("\n".join(names))


def dump(out, files):
    results = []
    for i, path in enumerate(files):
        img = nib.load(path)
        data = np.asarray(img.get_fdata(), dtype=np.float64)
        data.ravel(order="F").tofile(f"{out}/{i}.fdata.bin")
        stored = np.asarray(img.dataobj.get_unscaled())
        stored = stored.astype(stored.dtype.newbyteorder("="))
        stored.ravel(order="F").tofile(f"{out}/{i}.stored.bin")
        results.append({"path": path, "shape": list(img.shape), "affine": img.affine.tolist(), "dtype": stored.dtype.name,
                        "version": 2 if isinstance(img, nib.Nifti2Image) else 1})
    with open(f"{out}/dump.json", "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2])
    else:
        dump(sys.argv[2], sys.argv[3:])
