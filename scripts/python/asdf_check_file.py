#!/usr/bin/env python3
"""Check that Python asdf reads an ASDF file as the expected canonical tree.

Usage: asdf_check_file.py [--roman] FILE EXPECTED_JSON [FILE EXPECTED_JSON ...]

Several FILE/EXPECTED_JSON pairs are checked in one run (one interpreter start);
the exit status is 1 if any of them fails.

With --roman the file is first opened with ``roman_datamodels.datamodels.open``
(schema validation on, as roman_datamodels always does) and must give a
model whose tag is the tag of the file's ``roman`` node; the model class is
printed.

FILE is opened with ``asdf.open(FILE, validate_checksums=True)`` (warnings
are shown; any exception is a failure), canonicalized with
``canonical.canonical`` (top-level ``asdf_library`` and ``history``
skipped) and compared with EXPECTED_JSON.

EXPECTED_JSON holds one canonical tree (``{"map": {...}}``).  For
convenience it may also be a manifest (``{"<file name>": <canonical tree>,
...}``, as written by the fixture makers): then the entry named like FILE's
base name is used.

Prints ``OK`` and exits 0 when equal; otherwise prints the differences (at
most 50) and exits 1.  Exit status 2 = usage error or unreadable input.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import canonical  # noqa: E402

MAX_DIFFS = 50


def _load_expected(path, file_path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict) and len(data) == 1 and next(iter(data)) in canonical._KIND_KEYS:
        return data
    name = os.path.basename(file_path)
    if isinstance(data, dict) and name in data:
        return data[name]
    raise ValueError(f"{path}: neither a canonical tree nor a manifest with an entry {name!r}")


def _check_roman(file_path):
    """Opens FILE with roman_datamodels (validating); returns an error text or None."""
    import asdf
    import roman_datamodels.datamodels as rdd

    with asdf.open(file_path, _force_raw_types=True) as af:
        tag = getattr(af.tree.get("roman"), "_tag", None)
    with rdd.open(file_path) as model:
        model_tag = getattr(model._instance, "_tag", None)
        model.validate()
        print(f"roman_datamodels: {type(model).__name__} ({model_tag})")
        if tag is not None and model_tag != tag:
            return f"roman_datamodels opened {file_path} as {model_tag}, file says {tag}"
    return None


def main(argv):
    roman = "--roman" in argv
    argv = [a for a in argv if a != "--roman"]
    pairs = argv[1:]
    if not pairs or len(pairs) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for i in range(0, len(pairs), 2):
        print(f"== {pairs[i]}")
        status = max(status, check(pairs[i], pairs[i + 1], roman))
    return status


def check(file_path, expected_path, roman):
    if roman:
        try:
            problem = _check_roman(file_path)
        except Exception:
            print(f"FAILED to open {file_path} with roman_datamodels:")
            traceback.print_exc(file=sys.stdout)
            return 1
        if problem:
            print(problem)
            return 1
    try:
        expected = _load_expected(expected_path, file_path)
    except (OSError, ValueError) as e:
        print(f"cannot read expected JSON: {e}", file=sys.stderr)
        return 2

    # keep expected top-level keys consistent with what we skip in the file
    if isinstance(expected, dict) and isinstance(expected.get("map"), dict):
        expected = {"map": {k: v for k, v in expected["map"].items() if k not in canonical.DEFAULT_SKIP_TOP}}

    warnings.simplefilter("default")  # show every warning (once per location)
    try:
        import asdf

        with asdf.open(file_path, validate_checksums=True) as af:
            actual = canonical.canonical_tree(af.tree, canonical.DEFAULT_SKIP_TOP)
    except Exception:
        print(f"FAILED to read {file_path} with asdf:")
        traceback.print_exc(file=sys.stdout)
        return 1

    diffs = canonical.compare(expected, actual)
    if not diffs:
        print("OK")
        return 0
    print(f"{len(diffs)} difference(s) between {expected_path} (expected) and {file_path} (read by asdf):")
    for d in diffs[:MAX_DIFFS]:
        print(d)
    if len(diffs) > MAX_DIFFS:
        print(f"... {len(diffs) - MAX_DIFFS} more")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
