#!/usr/bin/env python3
"""Check that Python asdf reads an ASDF file as the expected canonical tree.

Usage: asdf_check_file.py FILE EXPECTED_JSON

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


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    file_path, expected_path = argv[1], argv[2]
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
