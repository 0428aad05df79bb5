#!/usr/bin/env python3
"""Write ASDF fixture files with Python asdf plus OUTDIR/manifest.json.

Usage: asdf_make_fixtures.py OUTDIR

manifest.json maps each file name to the canonical dump (canonical.dump,
skipping ``asdf_library`` and ``history``) of that file as read back by
Python asdf.  All data are deterministic (numpy default_rng(12345)).
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import asdf  # noqa: E402
from asdf.exceptions import AsdfConversionWarning  # noqa: E402
from asdf.tagged import TaggedDict, TaggedList, TaggedString  # noqa: E402
import astropy.units as u  # noqa: E402
from asdf.tags.core import IntegerType, Software, Stream  # noqa: E402
from astropy.time import Time  # noqa: E402

import canonical  # noqa: E402

SEED = 12345

INT_TYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]
FLOAT_TYPES = ["float16", "float32", "float64"]
COMPLEX_TYPES = ["complex64", "complex128"]

# shapes cycled through so every family gets 1-, 2- and 3-D arrays
SHAPES = [(12,), (3, 4), (2, 3, 2)]


def _byteorders(dtype: np.dtype):
    """[(suffix, dtype)] in both byte orders for multi-byte types."""
    dtype = np.dtype(dtype)
    if dtype.itemsize == 1:
        return [("", dtype)]
    return [("_le", dtype.newbyteorder("<")), ("_be", dtype.newbyteorder(">"))]


def _int_values(name, n, rng):
    info = np.iinfo(name)
    specials = [info.min, info.max, 0, 1]
    if info.min < 0:
        specials += [-1, info.min + 1]
    else:
        specials += [info.max - 1, 2]
    rnd = rng.integers(info.min, info.max, size=n - len(specials), dtype=name, endpoint=True)
    return np.concatenate([np.array(specials, dtype=name), rnd])


def _float_values(name, n, rng):
    info = np.finfo(name)
    specials = [
        np.nan, np.inf, -np.inf, -0.0, 0.0, float(info.tiny), float(info.smallest_subnormal),
        float(info.max), float(-info.max), float(info.eps), 1.0 / 3.0, 0.1,
    ]
    vals = np.array(specials, dtype=name)
    rnd = (rng.standard_normal(max(n - len(specials), 0)) * 100.0).astype(name)
    return np.concatenate([vals, rnd])[:n]


def make_dtypes(path, rng):
    tree = {}
    i = 0

    def shape():
        nonlocal i
        s = SHAPES[i % len(SHAPES)]
        i += 1
        return s

    s = (2, 3, 2)
    tree["bool8"] = (rng.integers(0, 2, size=int(np.prod(s))) == 1).reshape(s)
    for name in INT_TYPES:
        sh = shape()
        vals = _int_values(name, int(np.prod(sh)), rng).reshape(sh)
        for suffix, dt in _byteorders(name):
            tree[name + suffix] = vals.astype(dt)
    for name in FLOAT_TYPES:
        sh = shape()
        vals = _float_values(name, int(np.prod(sh)), rng).reshape(sh)
        for suffix, dt in _byteorders(name):
            tree[name + suffix] = vals.astype(dt)
    for name in COMPLEX_TYPES:
        sh = shape()
        n = int(np.prod(sh))
        part = "float32" if name == "complex64" else "float64"
        re = _float_values(part, n, rng)
        im = np.roll(_float_values(part, n, rng), 3)
        # set the parts directly (re + 1j*im would turn inf*0 into nan)
        vals = np.empty(n, dtype=name)
        vals.real = re
        vals.imag = im
        vals = vals.reshape(sh)
        for suffix, dt in _byteorders(name):
            tree[name + suffix] = vals.astype(dt)

    tree["ascii_S7"] = np.array(
        [[b"abc", b"", b"1234567"], [b"x y", b"tab\tz", b"~!@#$%^"]], dtype="S7"
    )
    ucs = np.array(
        ["\u03a9\u03bc\u03ad\u03b3\u03b1", "abc", "", "\u65e5\u672c", "\U0001f600x", "12345"], dtype="U5"
    )
    for suffix, dt in _byteorders(np.dtype("U5")):
        tree["ucs4_U5" + suffix] = ucs.astype(dt)

    rec_dtype = np.dtype(
        [
            ("i4", "<i4"),
            ("f8_be", ">f8"),
            ("f4_sub", "<f4", (2, 3)),
            ("u2", "<u2"),
            ("flag", "?"),
            ("name", "S4"),
            ("c8", "<c8"),
            ("u8", "<u8"),
        ]
    )
    rec = np.zeros((5,), dtype=rec_dtype)
    rec["i4"] = [np.iinfo("i4").min, -1, 0, 1, np.iinfo("i4").max]
    rec["f8_be"] = [np.nan, -0.0, 1e-300, 1.5, -np.inf]
    rec["f4_sub"] = rng.standard_normal((5, 2, 3)).astype("f4")
    rec["u2"] = [0, 1, 2, 65534, 65535]
    rec["flag"] = [True, False, True, True, False]
    rec["name"] = [b"a", b"bb", b"", b"dddd", b"e e"]
    rec["c8"] = [0, 1 + 2j, -1.5j, np.inf, 3]
    rec["u8"] = [0, 2**64 - 1, 2**63, 1, 12345678901234567890]
    tree["record"] = rec
    tree["record_2d"] = rec[:4].reshape(2, 2)

    tree["empty_float32"] = np.zeros((0,), dtype="float32")
    tree["empty_2d_int16"] = np.zeros((0, 3), dtype="int16")
    tree["scalar0d_float64"] = np.array(2.5)

    asdf.AsdfFile(tree).write_to(path)


def make_compressed(path, compression, rng):
    small = (rng.standard_normal((5, 7)) * 10).astype(np.float32)
    k, j, i = np.meshgrid(np.arange(3), np.arange(1024), np.arange(1024), indexing="ij")
    big = ((i // 16 + j // 8 + k * 1000 + (i * j) % 7) % 65536).astype(np.uint16)
    ints = np.concatenate(
        [
            np.array([np.iinfo("i8").min, np.iinfo("i8").max, 0, -1, 1], dtype=np.int64),
            rng.integers(-(10**12), 10**12, size=995, dtype=np.int64),
        ]
    )
    tree = {"small_float32": small, "big_uint16": big, "int64_1d": ints}
    asdf.AsdfFile(tree).write_to(path, all_array_compression=compression)


def make_views(path):
    a = (np.arange(24, dtype=np.float32) * 1.5 - 7.0).reshape(4, 6)
    tree = {
        "base": a,
        "cols_1_3": a[:, 1:3],
        "transpose": a.T,
        "reversed_rows": a[::-1],
        "step_2_3": a[::2, ::3],
        "row_1": a[1],
    }
    asdf.AsdfFile(tree).write_to(path)


def make_inline(path):
    tree = {
        # asdf refuses YAML integer literals outside [-(2**63 - 2), 2**63 - 1]
        "int_1d": np.array([0, -1, 2**40, -(2**63) + 2, 2**63 - 1], dtype=np.int64),
        "float_2d": np.array([[0.1, -0.0, 1e-300], [1e16, 2.5, -3.25]], dtype=np.float64),
        "bool_1d": np.array([True, False, True]),
        "str_1d": np.array(["a", "bc", "\u03a9x", ""], dtype="U2"),
        "int32_2d": np.arange(6, dtype=np.int32).reshape(2, 3),
    }
    af = asdf.AsdfFile(tree)
    for v in tree.values():
        af.set_array_storage(v, "inline")
    af.write_to(path)


def make_anchors(path):
    shared_list = [1, 2.5, "three"]
    shared_dict = {"k": "v", "n": [1, 2]}
    tree = {
        "list_a": shared_list,
        "list_b": shared_list,
        "dict_a": shared_dict,
        "nested": {"dict_b": shared_dict, "also_list": shared_list},
    }
    asdf.AsdfFile(tree).write_to(path)
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    if "&id" not in text or "*id" not in text:
        raise RuntimeError(f"{path}: asdf did not write YAML anchors/aliases")


def make_masked(path, rng):
    data = rng.standard_normal((4, 5))
    mask = np.zeros((4, 5), dtype=bool)
    mask[0, 0] = mask[1, 3] = mask[3, 4] = mask[2, :2] = True
    tree = {"masked_f8": np.ma.array(data, mask=mask)}
    asdf.AsdfFile(tree).write_to(path)


def make_streamed(path):
    tree = {"stream": Stream([5], np.float64), "note": "7 rows streamed"}
    af = asdf.AsdfFile(tree)
    with open(path, "wb") as fd:
        af.write_to(fd)
        for row in range(7):
            fd.write((np.arange(5, dtype=np.float64) + 10.0 * row + 0.25).tobytes())


QUOTED_STRINGS = [
    "yes", "no", "on", "off", "true", "False", "null", "~", "123", "1.5", "1:20",
    "0x1F", "010", "1e5", "1.0e+5", ".nan", "", "?", "- x", "a: b", "#x", "x #y",
    "line1\nline2", "\u03a9\u03bc\u03ad\u03b3\u03b1", " x ", "'quoted'", '"dq"',
    "2024-01-02", "http://example.com/a?b=c", "0000201001001001001", "@at", "%pct",
    "*star", "&amp", "!bang", "[not, list]", "{not: map}", "tab\there", "trailing\n",
]


def make_scalars(path):
    tree = {
        "ints": {
            "zero": 0,
            "minus_one": -1,
            "big": 2**62,
            # asdf refuses literals outside [-(2**63 - 2), 2**63 - 1] ...
            "min_literal": -(2**63) + 2,
            "max_int64": 2**63 - 1,
            # ... and writes bigger ones through !core/integer-1.1.0 (sign, string,
            # words ndarray).  IntegerType(-(2**63)) itself is broken in asdf 5.4.0
            # (np.abs overflows: empty words, reads back as 0), so it is not used.
            "below_min_int64": IntegerType(-(2**63) - 1),
            "huge": IntegerType(2**100 + 7),
            "minus_huge": IntegerType(-(2**70)),
            # the int64 extremes themselves, in a binary block
            "int64_extremes": np.array([-(2**63), 2**63 - 1], dtype=np.int64),
        },
        "floats": {
            "tenth": 0.1,
            "tiny": 1e-300,
            "big": 1e16,
            "neg_zero": -0.0,
            "nan": float("nan"),
            "inf": float("inf"),
            "ninf": float("-inf"),
            "f32_widened": float(np.float32(1.1)),
            "np_float32": np.float32(1.1),
            "np_float64": np.float64(2.0 / 3.0),
            "one": 1.0,
            "exp_small": 1e-05,
            "max": 1.7976931348623157e308,
            "subnormal": 5e-324,
        },
        "strings": {f"s{i:02d}": s for i, s in enumerate(QUOTED_STRINGS)},
        "string_list": list(QUOTED_STRINGS),
        "bools": [True, False],
        "none": None,
        "nested": {"a": [1, [2, [3, {"b": None}]], {}], "empty_list": [], "empty_map": {}},
        "int_key_map": {1: "one", 2: [2], -3: "minus three"},
        "datetime": datetime.datetime(2024, 5, 6, 7, 8, 9, 123456),
        "datetime_utc": datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc),
        "date": datetime.date(2024, 1, 2),
        "times": {
            "isot_utc": Time("2027-06-01T01:02:19.123", format="isot", scale="utc"),
            "iso": Time("2027-06-01 01:02:03.000", format="iso"),
            "mjd_tdb": Time(60000.5, format="mjd", scale="tdb"),
            "unix": Time(1700000000.0, format="unix"),
            "jyear_str_j2000": Time("J2000", format="jyear_str"),
            "jyear_2000": Time(2000.0, format="jyear"),
            "tai_isot": Time("2027-06-01T01:02:19.100", format="isot", scale="tai"),
            "isot_array": Time(["2027-06-01T00:00:00.000", "2027-06-02T12:00:00.500"], format="isot", scale="utc"),
        },
        "units": {"pixel": u.pixel, "mjy_per_sr": u.MJy / u.sr, "dn_per_s": u.DN / u.s, "deg": u.deg},
        "quantities": {
            "scalar_m": 3.5 * u.m,
            "array_mjy_sr": np.array([1.0, 2.5, -0.0, np.nan]) * (u.MJy / u.sr),
            "float32_array_dn_s": np.array([1.5, 2.0], dtype=np.float32) * (u.DN / u.s),
        },
        "software": Software(name="romanswift-fixtures", version="0.1.0", author="tests", homepage="https://example.com"),
    }
    asdf.AsdfFile(tree).write_to(path)


def make_tagged(path):
    """Extra: objects with tags asdf does not know (read back as TaggedDict,
    TaggedList, TaggedString with an AsdfConversionWarning) and a
    ``!core/complex-1.0.0`` scalar."""
    td = TaggedDict({"a": 1, "arr": np.arange(3, dtype=np.int16), "nested": {"x": None}}, "asdf://example.com/tags/foo-1.0.0")
    tl = TaggedList([1, "x", 2.5], "asdf://example.com/tags/bar-1.0.0")
    ts = TaggedString("hello")
    ts._tag = "asdf://example.com/tags/baz-1.0.0"
    tree = {
        "unknown_dict": td,
        "unknown_list": tl,
        "unknown_string": ts,
        "list_of_tagged": [td, ts],
        "complex_scalar": complex(1.5, -2.0),
        "complex_inf": complex(float("inf"), -0.0),
    }
    asdf.AsdfFile(tree).write_to(path)


def main(argv):
    outdir = canonical.output_dir(argv, __doc__)
    if outdir is None:
        return 2
    rng = np.random.default_rng(SEED)

    written = []

    def out(name):
        written.append(name)
        return os.path.join(outdir, name)

    make_dtypes(out("dtypes.asdf"), rng)
    for comp in ("zlib", "bzp2", "lz4"):
        make_compressed(out(f"compressed_{comp}.asdf"), comp, rng)
    make_views(out("views.asdf"))
    make_inline(out("inline.asdf"))
    make_anchors(out("anchors.asdf"))
    make_masked(out("masked.asdf"), rng)
    make_streamed(out("streamed.asdf"))
    make_scalars(out("scalars.asdf"))
    make_tagged(out("tagged.asdf"))

    with warnings.catch_warnings():
        # tagged.asdf has unknown tags on purpose
        warnings.simplefilter("ignore", AsdfConversionWarning)
        canonical.write_manifest(outdir, written)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
