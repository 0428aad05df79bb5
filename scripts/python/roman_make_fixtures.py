#!/usr/bin/env python3
"""Write small Roman data products with roman_datamodels plus OUTDIR/manifest.json.

Usage: roman_make_fixtures.py OUTDIR

* ``r0000101001001001001_0001_wfi01_f158_uncal.asdf``: L1
  ``ScienceRawModel`` (``wfi_science_raw`` tag), data shape (4, 20, 20);
* ``r0000101001001001001_0001_wfi01_f158_cal.asdf``: L2 ``ImageModel``
  (``wfi_image`` tag), data shape (20, 20).

Both come from roman_datamodels' own fake-data maker
(``<Model>.create_fake_data(defaults, shape)``), with the science arrays
(all zeros in the fake data) filled with deterministic pseudo-random values
of the schema's dtype, and are written with the default ``save()`` options
(lz4 compression of every block, arrays of at most 512 elements inline).
``save()`` stamps ``meta.file_date`` with the current time and
``meta.filename`` with the file name, so files differ from run to run only in
``file_date`` (and history).

manifest.json maps each file name to its canonical dump (canonical.dump,
skipping ``asdf_library``/``history``) as re-opened by plain ``asdf.open``.
The script also checks that ``roman_datamodels.datamodels.open`` opens both.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import roman_datamodels.datamodels as rdd  # noqa: E402

import canonical  # noqa: E402

SEED = 12345
STEM = "r0000101001001001001_0001_wfi01_f158"
DEFAULTS = {"meta": {"instrument": {"name": "WFI", "detector": "WFI01", "optical_element": "F158"}}}


def _fill_arrays(model, rng):
    """Replace the top-level arrays of the model (zeros in the fake data)
    with deterministic values of the same dtype and shape."""
    node = model._instance
    for key in list(node.keys()):
        arr = node[key]
        if not isinstance(arr, np.ndarray) or arr.size == 0:
            continue
        dt = arr.dtype
        if dt.kind == "u":
            hi = min(int(np.iinfo(dt).max), 65535)
            if key.startswith("dq") or key.endswith("dq"):
                hi = 1 << 20 if dt.itemsize >= 4 else 255
            new = rng.integers(0, hi, size=arr.shape, endpoint=True).astype(dt)
        elif dt.kind == "i":
            new = rng.integers(-1000, 1000, size=arr.shape, endpoint=True).astype(dt)
        elif dt.kind == "f":
            new = (rng.standard_normal(arr.shape) * 100.0).astype(dt)
        elif dt.kind == "b":
            new = rng.integers(0, 2, size=arr.shape).astype(bool)
        else:
            continue
        node[key] = new


def make_products(outdir, rng):
    products = [
        (f"{STEM}_uncal.asdf", rdd.ScienceRawModel, (4, 20, 20)),
        (f"{STEM}_cal.asdf", rdd.ImageModel, (20, 20)),
    ]
    written = []
    for name, cls, shape in products:
        model = cls.create_fake_data(defaults=DEFAULTS, shape=shape)
        _fill_arrays(model, rng)
        path = os.path.join(outdir, name)
        model.save(path)
        written.append((name, cls))
    return written


def main(argv):
    outdir = canonical.output_dir(argv, __doc__)
    if outdir is None:
        return 2
    rng = np.random.default_rng(SEED)
    written = make_products(outdir, rng)

    for name, cls in written:
        with rdd.open(os.path.join(outdir, name)) as model:
            if not isinstance(model, cls):
                raise RuntimeError(f"roman_datamodels opened {name} as {type(model).__name__}, expected {cls.__name__}")

    canonical.write_manifest(outdir, [name for name, _ in written])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
