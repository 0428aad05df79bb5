#!/usr/bin/env python3
"""Benchmark driver for Python asdf (reference numbers for the Swift reader/writer).

Usage:
  asdf_bench.py read FILE
  asdf_bench.py write SRC OUT --compression none|zlib|bzp2|lz4

Prints ONE JSON object on stdout.

read: times (``time.perf_counter``; interpreter start, imports and asdf's
extension discovery excluded) ``asdf.open(FILE)`` with default options, the
full reading of every ndarray in the tree (``np.asarray``) and touching every
element by summing it, then closing the file.  Output::

  {"seconds": s, "peak_rss_bytes": n, "checksum": "...", "arrays": k,
   "elements": m, "data_bytes": b}

``checksum`` is ``str(int_sum + float_sum)`` where ``int_sum`` is the sum
over integer/bool arrays of ``a.sum(dtype=np.uint64)`` (each wrapped modulo
2**64, the total kept as an unbounded Python int) and ``float_sum`` the sum
over float arrays of ``a.sum(dtype=np.float64)`` (complex: real + imaginary
parts; strings/records: sum of their raw bytes as uint8 counted as ints).
Both parts are also given separately as ``int_sum`` / ``float_sum``.

write: loads every array of SRC fully into memory (not timed) into a tree of
plain dicts with the arrays at the same keys (list indices become string
keys, non-array leaves are dropped), then times
``AsdfFile(tree).write_to(OUT, all_array_compression=C)`` (C = None for
``none``).  Output::

  {"seconds": s, "bytes": size_of_OUT, "peak_rss_bytes": n, "arrays": k,
   "data_bytes": b, "compression": "..."}

``peak_rss_bytes`` is ``ru_maxrss * 1024`` of this process (Linux: KiB), so it
covers everything the process did, including loading SRC in write mode.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import warnings
from collections.abc import Mapping, Sequence

import numpy as np

import asdf

try:  # so that their import/extension loading is not timed
    import asdf_astropy  # noqa: F401
    import astropy.time  # noqa: F401
    import astropy.units  # noqa: F401
except ImportError:  # pragma: no cover
    pass
try:
    import gwcs  # noqa: F401
    import gwcs.converters  # noqa: F401
    import roman_datamodels.datamodels  # noqa: F401
except ImportError:  # pragma: no cover
    pass

from asdf.tags.core.ndarray import NDArrayType


def _peak_rss_bytes():
    """Peak resident memory of this process image: VmHWM of /proc/self/status (ru_maxrss would
    include the parent's peak when the parent was spawned with vfork-style posix_spawn)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _warm_up():
    """Load asdf's extension list (entry points) before timing."""
    cfg = asdf.get_config()
    _ = cfg.extensions
    _ = cfg.resource_manager


def _is_array(obj):
    return isinstance(obj, (np.ndarray, NDArrayType))


def _children(obj):
    """(key, child) pairs of a container node of an asdf tree, else []."""
    if isinstance(obj, (str, bytes)) or _is_array(obj):
        return []
    if isinstance(obj, Mapping):
        return list(obj.items())
    data = getattr(obj, "_data", None)  # roman DNode-like
    if isinstance(data, Mapping):
        return list(data.items())
    if isinstance(obj, Sequence):
        return list(enumerate(obj))
    return []


def _iter_arrays(tree):
    """Yield (path, array) for every ndarray in the tree (each object once)."""
    seen = set()
    keep_alive = []  # wrapper nodes made on the fly must not have their id reused
    stack = [((), tree)]
    while stack:
        path, node = stack.pop()
        if _is_array(node):
            if id(node) not in seen:
                seen.add(id(node))
                keep_alive.append(node)
                yield path, node
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        keep_alive.append(node)
        for k, v in reversed(_children(node)):
            stack.append((path + (k,), v))


def _touch(arr):
    """Load the array and sum every element; returns (int_part, float_part)."""
    a = np.asarray(arr)
    if isinstance(arr, np.ma.MaskedArray):
        a = np.asarray(arr.data)
    kind = a.dtype.kind
    if a.dtype.names is not None or kind in "SUV":
        raw = np.frombuffer(np.ascontiguousarray(a).tobytes(), dtype=np.uint8)
        return int(raw.sum(dtype=np.uint64)), 0.0
    if kind in "biu":
        return int(a.sum(dtype=np.uint64)), 0.0
    if kind == "f":
        return 0, float(a.sum(dtype=np.float64))
    if kind == "c":
        s = a.sum(dtype=np.complex128)
        return 0, float(s.real) + float(s.imag)
    raise TypeError(f"unsupported dtype {a.dtype}")


def bench_read(path):
    _warm_up()
    int_sum = 0
    float_sum = 0.0
    has_float = False
    n_arrays = 0
    n_elements = 0
    n_bytes = 0
    t0 = time.perf_counter()
    with asdf.open(path) as af:
        for _path, arr in _iter_arrays(af.tree):
            i, f = _touch(arr)
            int_sum += i
            float_sum += f
            n_arrays += 1
            a = np.asarray(arr)
            has_float = has_float or a.dtype.kind in "fc"
            n_elements += int(a.size)
            n_bytes += int(a.nbytes)
    seconds = time.perf_counter() - t0
    total = int_sum + float_sum if has_float else int_sum
    return {
        "seconds": seconds,
        "peak_rss_bytes": _peak_rss_bytes(),
        "checksum": str(total),
        "int_sum": str(int_sum),
        "float_sum": repr(float_sum),
        "arrays": n_arrays,
        "elements": n_elements,
        "data_bytes": n_bytes,
    }


def _set_path(tree, path, value):
    node = tree
    for k in path[:-1]:
        node = node.setdefault(str(k) if not isinstance(k, str) else k, {})
    last = path[-1]
    node[str(last) if not isinstance(last, str) else last] = value


def bench_write(src, out, compression):
    _warm_up()
    tree = {}
    n_arrays = 0
    n_bytes = 0
    with asdf.open(src, lazy_load=False) as af:
        for path, arr in _iter_arrays(af.tree):
            if not path:
                continue
            a = arr if isinstance(arr, np.ndarray) else np.asarray(arr)
            copy = np.ma.array(a, copy=True) if isinstance(a, np.ma.MaskedArray) else np.array(a, copy=True)
            _set_path(tree, path, copy)
            n_arrays += 1
            n_bytes += int(copy.nbytes)
    comp = None if compression == "none" else compression
    t0 = time.perf_counter()
    asdf.AsdfFile(tree).write_to(out, all_array_compression=comp)
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "bytes": os.path.getsize(out),
        "peak_rss_bytes": _peak_rss_bytes(),
        "arrays": n_arrays,
        "data_bytes": n_bytes,
        "compression": compression,
    }


def bench_roman_open(path):
    """Time roman_datamodels.datamodels.open (schema validation on) and reaching model.data."""
    import roman_datamodels.datamodels as rdd

    _warm_up()
    start = time.perf_counter()
    with rdd.open(path) as model:
        data = np.asarray(model.data)
        shape = list(data.shape)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_rss_bytes": _peak_rss_bytes(), "shape": shape}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    p_read = sub.add_parser("read", help="time asdf.open + reading every array")
    p_read.add_argument("file")
    p_write = sub.add_parser("write", help="time AsdfFile(tree).write_to")
    p_write.add_argument("src")
    p_write.add_argument("out")
    p_write.add_argument("--compression", choices=["none", "zlib", "bzp2", "lz4"], default="none")
    p_roman = sub.add_parser("roman-open", help="time roman_datamodels.open + reaching model.data")
    p_roman.add_argument("file")
    args = parser.parse_args(argv)

    with warnings.catch_warnings():
        # keep stdout clean; warnings go to stderr anyway
        warnings.simplefilter("default")
        if args.mode == "read":
            result = bench_read(args.file)
        elif args.mode == "roman-open":
            result = bench_roman_open(args.file)
        else:
            result = bench_write(args.src, args.out, args.compression)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
