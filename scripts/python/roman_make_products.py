#!/usr/bin/env python3
"""Write one file per roman_datamodels model class, plus OUTDIR/manifest.json and models.json.

Usage: roman_make_products.py OUTDIR

Every ``*Model`` class of roman_datamodels whose tag belongs to the current
datamodels manifest (products of levels 1-4 and every reference file) is made
with its own fake-data maker (``create_fake_data(shape=(2, 8, 8))``; arrays
filled with deterministic values of their dtype), saved with the default
``save()`` options, and re-opened with ``roman_datamodels.datamodels.open``
(validation on).  Files are named ``<ClassName>.asdf``.

manifest.json: file name -> canonical dump (as canonical.dump).
models.json: file name -> {"class": ..., "tag": ...}.
"""

from __future__ import annotations

import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import roman_datamodels.datamodels as rdd  # noqa: E402

import canonical  # noqa: E402
from roman_make_fixtures import _fill_arrays  # noqa: E402

SEED = 2024
MANIFEST_TAG_PREFIX = "asdf://stsci.edu/datamodels/roman/tags/"


def manifest_tags():
    """The tags of the newest datamodels manifest known to asdf."""
    import asdf

    manifests = [uri for uri in asdf.get_config().resource_manager
                 if uri.startswith("asdf://stsci.edu/datamodels/roman/manifests/datamodels-")]
    newest = max(manifests, key=lambda u: tuple(int(p) for p in u.rsplit("-", 1)[1].split(".")))
    import yaml
    doc = yaml.safe_load(asdf.get_config().resource_manager[newest])
    return {t["tag_uri"] for t in doc["tags"]}


def main(argv):
    outdir = canonical.output_dir(argv, __doc__)
    if outdir is None:
        return 2
    warnings.simplefilter("ignore")
    tags = manifest_tags()
    rng = np.random.default_rng(SEED)
    models = {}
    for name in sorted(n for n in dir(rdd) if n.endswith("Model") and n != "DataModel"):
        cls = getattr(rdd, name)
        model = cls.create_fake_data(shape=(2, 8, 8))
        tag = getattr(model._instance, "_tag", None)
        if tag not in tags:
            continue
        _fill_arrays(model, rng)
        file_name = f"{name}.asdf"
        model.save(os.path.join(outdir, file_name))
        with rdd.open(os.path.join(outdir, file_name)) as reopened:
            if type(reopened) is not cls:
                raise RuntimeError(f"{file_name} reopened as {type(reopened).__name__}")
        models[file_name] = {"class": name, "tag": tag}
    with open(os.path.join(outdir, "models.json"), "w", encoding="utf-8") as f:
        json.dump(models, f, indent=1, sort_keys=True)
    canonical.write_manifest(outdir, sorted(models))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
