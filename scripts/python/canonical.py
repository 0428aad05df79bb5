"""Canonical JSON form of an ASDF tree as read by Python ``asdf``.

Used by the interoperability tests to compare what Python asdf reads with
what the Swift reader produces (the Swift side implements the same format).

Node kinds (each canonical node is a JSON object with exactly one key):

* ``{"null": true}``, ``{"bool": b}``, ``{"int": "<decimal>"}``,
  ``{"float": "<repr(float(x))>"}``, ``{"str": s}``, ``{"list": [...]}``,
  ``{"map": {str(key): node}}``, ``{"timestamp": str(datetime_or_date)}``
* ``{"ndarray": {"datatype": D, "byteorder": B, "shape": [...],
  "values": [...]}}`` (or ``"summary"`` instead of ``"values"`` for more than
  ``SUMMARY_THRESHOLD`` elements; plus ``"mask"`` for masked arrays)
* ``{"time": {"value": node, "format": f, "scale": s}}``
* ``{"quantity": {"value": node, "unit": U}}``, ``{"unit": U}``
* ``{"tagged": {"tag": "<full tag URI>", "value": node}}``
* ``{"complex": ["<re repr>", "<im repr>"]}`` (a YAML ``!core/complex``
  scalar; extension of the basic contract)

``compare(expected, actual)`` returns a list of human-readable differences.
``dump(path)`` canonicalizes a whole file.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import types
import warnings
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = [
    "SUMMARY_THRESHOLD",
    "SUMMARY_EDGE",
    "canonical",
    "canonical_ndarray",
    "unit_string",
    "compare",
    "normalize",
    "dump",
    "pairwise_sum_f64",
]

#: arrays with more elements than this get a "summary" instead of "values"
SUMMARY_THRESHOLD = 100_000
#: number of values kept at each end in a summary
SUMMARY_EDGE = 64

# Tags of asdf core dict subclasses that do not remember their tag: asdf's
# converters (asdf/_core/_converters/tree.py) have exactly one tag each.
_ASDF_CORE_DICT_TAGS = {
    "Software": "tag:stsci.edu:asdf/core/software-1.0.0",
    "HistoryEntry": "tag:stsci.edu:asdf/core/history_entry-1.0.0",
    "ExtensionMetadata": "tag:stsci.edu:asdf/core/extension_metadata-1.0.0",
    "SubclassMetadata": "tag:stsci.edu:asdf/core/subclass_metadata-1.0.0",
}

_KIND_KEYS = {
    "null", "bool", "int", "float", "str", "list", "map", "timestamp", "ndarray",
    "time", "quantity", "unit", "tagged", "complex",
}


# ---------------------------------------------------------------------------
# scalars
# ---------------------------------------------------------------------------

def _float_str(x) -> str:
    return repr(float(x))


def _int_str(x) -> str:
    return str(int(x))


# ---------------------------------------------------------------------------
# tags
# ---------------------------------------------------------------------------

def _tag_of(obj):
    """Return the full tag URI an object carries, or None.

    * asdf ``TaggedDict``/``TaggedList``/``TaggedString``: instance attribute
      ``_tag`` (``asdf.tagged.get_tag``).
    * roman_datamodels tagged nodes (``TaggedObjectNode``, ``TaggedListNode``,
      ``TaggedScalarNode``): property ``_tag`` (= ``_read_tag`` or the class's
      ``_default_tag``); plain ``DNode``/``LNode`` have no ``_tag`` (their
      ``__getattr__`` raises AttributeError for private names).
    * asdf core ``Software``/``HistoryEntry``/``ExtensionMetadata``/
      ``SubclassMetadata`` (plain dict subclasses): no attribute; the tag is
      the single tag of asdf's converter for the class.
    """
    cls = type(obj)
    if cls.__module__ == "asdf.tags.core" and cls.__name__ in _ASDF_CORE_DICT_TAGS:
        return _ASDF_CORE_DICT_TAGS[cls.__name__]
    if obj is None or isinstance(obj, (np.ndarray, np.generic, bool, int, float, complex, bytes)):
        return None
    if type(obj) is str or type(obj) is dict or type(obj) is list:
        return None
    try:
        from asdf.tags.core.ndarray import NDArrayType
    except ImportError:  # pragma: no cover
        NDArrayType = ()
    if NDArrayType and isinstance(obj, NDArrayType):
        return None  # its __getattr__ would load the array
    try:
        tag = getattr(obj, "_tag", None)
    except Exception:  # pragma: no cover - defensive
        tag = None
    if isinstance(tag, str) and tag:
        return tag
    return None


def _untagged(obj):
    """The untagged content of a tagged object, as a plain Python value."""
    # asdf Tagged* classes
    try:
        from asdf.tagged import TaggedDict, TaggedList, TaggedString
    except ImportError:  # pragma: no cover
        TaggedDict = TaggedList = TaggedString = ()
    if TaggedDict and isinstance(obj, TaggedDict):
        return dict(obj.data)
    if TaggedList and isinstance(obj, TaggedList):
        return list(obj.data)
    if TaggedString and isinstance(obj, TaggedString):
        return str.__str__(obj)
    # roman_datamodels nodes
    if hasattr(obj, "_data") and isinstance(getattr(obj, "_data", None), Mapping):
        return dict(obj._data)
    if isinstance(obj, Mapping):
        return dict(obj)
    if isinstance(obj, str):
        return str.__str__(obj)
    try:
        from astropy.time import Time
    except ImportError:  # pragma: no cover
        Time = None
    if Time is not None and isinstance(obj, Time):
        return Time(obj)
    if hasattr(obj, "data") and isinstance(getattr(obj, "data", None), list):
        return list(obj.data)
    if isinstance(obj, Sequence):
        return list(obj)
    raise TypeError(f"cannot untag object of type {type(obj)!r}")


# ---------------------------------------------------------------------------
# units
# ---------------------------------------------------------------------------

def unit_string(unit) -> str:
    """The unit string exactly as asdf-astropy 0.11 writes it.

    asdf-astropy's ``UnitConverter`` writes ``unit.to_string(format="vounit")``
    under ``tag:stsci.edu:asdf/unit/unit-1.0.0`` when the unit is expressible
    in VOUnit, and otherwise ``unit.to_string()`` (astropy generic format)
    under ``tag:astropy.org:astropy/units/unit-1.0.0``.  Examples:
    ``u.pixel`` -> ``"pixel"``, ``u.MJy/u.sr`` -> ``"MJy.sr**-1"``,
    ``u.DN/u.s`` -> ``"DN / s"`` (DN is not VOUnit).
    """
    from astropy.units import UnitsError, UnitsWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UnitsWarning)
        try:
            return unit.to_string(format="vounit")
        except (UnitsError, ValueError):
            return unit.to_string()


# ---------------------------------------------------------------------------
# ndarrays
# ---------------------------------------------------------------------------

def _asdf_datatype(dtype):
    from asdf.tags.core.ndarray import numpy_dtype_to_asdf_datatype

    datatype, byteorder = numpy_dtype_to_asdf_datatype(dtype)
    return _jsonable(datatype), byteorder


def _jsonable(x):
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    return x


def _scalar_converter(dtype):
    """Function mapping one numpy element (scalar) of ``dtype`` to JSON."""
    if dtype.names is not None:
        convs = []
        for name in dtype.names:
            fdt = dtype.fields[name][0]
            if fdt.subdtype is not None:
                base, _shape = fdt.subdtype
                sub = _scalar_converter(base)
                convs.append((name, lambda v, sub=sub: [sub(e) for e in np.asarray(v).ravel(order="C")]))
            else:
                convs.append((name, _scalar_converter(fdt)))
        return lambda rec: [conv(rec[name]) for name, conv in convs]
    kind = dtype.kind
    if kind == "b":
        return lambda v: bool(v)
    if kind in "iu":
        return lambda v: str(int(v))
    if kind == "f":
        return lambda v: repr(float(v))
    if kind == "c":
        return lambda v: [repr(float(v.real)), repr(float(v.imag))]
    if kind == "S":
        return lambda v: bytes(v).rstrip(b"\x00").decode("latin-1")
    if kind == "U":
        return lambda v: str(v)
    raise TypeError(f"unsupported ndarray dtype {dtype!r}")


def _values(flat: np.ndarray) -> list:
    """JSON values for a 1-D array (C order already applied)."""
    dtype = flat.dtype
    kind = dtype.kind
    if dtype.names is None:
        # fast paths
        if kind == "b":
            return [bool(v) for v in flat.tolist()]
        if kind in "iu":
            return [str(v) for v in flat.tolist()]
        if kind == "f":
            return [repr(v) for v in flat.astype(np.float64).tolist()]
        if kind == "c":
            return [[repr(v.real), repr(v.imag)] for v in flat.astype(np.complex128).tolist()]
    conv = _scalar_converter(dtype)
    return [conv(flat[i]) for i in range(flat.shape[0])]


def pairwise_sum_f64(values) -> float:
    """Pure-Python reference of numpy's pairwise summation of a contiguous
    1-D float64 array (numpy ``@TYPE@_pairwise_sum``, PW_BLOCKSIZE 128), as
    used by ``np.sum(a)`` for a contiguous float64 vector: the result is
    ``0.0 + pw(a[0:n])`` where pw(n<8) adds sequentially from -0.0, pw(n<=128)
    uses 8 interleaved accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+
    (r6+r7)) then adds the tail, and pw(n>128) splits at n2 = n//2 rounded
    down to a multiple of 8.  Provided so the Swift side can reproduce the
    ``summary.sum`` of float arrays bit for bit (see ``_float_sum``).
    """
    a = [float(v) for v in values]

    def pw(lo, n):
        if n < 8:
            res = -0.0
            for i in range(lo, lo + n):
                res += a[i]
            return res
        if n <= 128:
            r = a[lo:lo + 8]
            i = 8
            while i < n - (n % 8):
                for j in range(8):
                    r[j] += a[lo + i + j]
                i += 8
            res = (r[0] + r[1]) + (r[2] + r[3]) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n:
                res += a[lo + i]
                i += 1
            return res
        n2 = n // 2
        n2 -= n2 % 8
        return pw(lo, n2) + pw(lo + n2, n - n2)

    return 0.0 + pw(0, len(a))


def _float_sum(flat: np.ndarray) -> float:
    """Sum of a float array as float64: the C-order values converted to a
    contiguous native float64 vector, then ``np.sum`` (numpy pairwise
    summation over the whole vector, reproduced by ``pairwise_sum_f64``)."""
    v = np.ascontiguousarray(flat, dtype=np.float64)
    return float(np.sum(v))


def _int_sum(flat: np.ndarray) -> int:
    """Exact integer sum (Python int) of an integer or bool array."""
    if flat.dtype.kind == "b":
        return int(np.count_nonzero(flat))
    if flat.dtype.itemsize <= 4:
        acc = np.int64 if flat.dtype.kind == "i" else np.uint64
        # exact as long as count < 2**31
        return int(np.sum(flat, dtype=acc))
    # 64-bit: split into high and low 32-bit halves to avoid overflow
    native = flat.astype(flat.dtype.newbyteorder("="), copy=False)
    if native.dtype.kind == "i":
        hi = native >> 32  # arithmetic shift, in [-2**31, 2**31)
        lo = native & np.int64(0xFFFFFFFF)
        return int(np.sum(hi, dtype=np.int64)) * (1 << 32) + int(np.sum(lo, dtype=np.int64))
    hi = native >> np.uint64(32)
    lo = native & np.uint64(0xFFFFFFFF)
    return int(np.sum(hi, dtype=np.uint64)) * (1 << 32) + int(np.sum(lo, dtype=np.uint64))


def canonical_ndarray(arr) -> dict:
    """Canonical form of a numpy array (plain, masked, memmap, NDArrayType)."""
    mask = None
    if isinstance(arr, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(arr)
        data = np.asarray(arr.data)
    else:
        data = np.asarray(arr)
        if isinstance(data, np.ma.MaskedArray):  # NDArrayType with a mask
            mask = np.ma.getmaskarray(data)
            data = np.asarray(data.data)
    if isinstance(data, np.memmap):
        data = np.asarray(data).view(np.ndarray)
    datatype, byteorder = _asdf_datatype(data.dtype)
    out = {
        "datatype": datatype,
        "byteorder": byteorder,
        "shape": [int(s) for s in data.shape],
    }
    flat = data.reshape(-1, order="C") if data.ndim != 1 else data
    n = int(flat.shape[0])
    if n > SUMMARY_THRESHOLD:
        summary = {"count": str(n)}
        kind = data.dtype.kind
        if data.dtype.names is None:
            if kind in "iub":
                summary["sum"] = str(_int_sum(flat))
            elif kind == "f":
                summary["sum"] = repr(_float_sum(flat))
            elif kind == "c":
                c = np.ascontiguousarray(flat, dtype=np.complex128)
                summary["sum"] = [repr(_float_sum(c.real)), repr(_float_sum(c.imag))]
        summary["first"] = _values(flat[:SUMMARY_EDGE])
        summary["last"] = _values(flat[n - SUMMARY_EDGE:])
        out["summary"] = summary
    else:
        out["values"] = _values(flat)
    if mask is not None:
        m = np.broadcast_to(mask, data.shape).reshape(-1, order="C")
        out["mask"] = [bool(v) for v in m.tolist()]
    return {"ndarray": out}


# ---------------------------------------------------------------------------
# the tree walker
# ---------------------------------------------------------------------------

def canonical(obj):
    """Canonical JSON-able form of an object of an ASDF tree read by asdf."""
    tag = _tag_of(obj)
    if tag is not None:
        return {"tagged": {"tag": tag, "value": canonical(_untagged(obj))}}
    return _canonical_untagged(obj)


def _canonical_untagged(obj):
    if obj is None:
        return {"null": True}
    if isinstance(obj, (bool, np.bool_)):
        return {"bool": bool(obj)}
    if isinstance(obj, (int, np.integer)):
        return {"int": _int_str(obj)}
    if isinstance(obj, (float, np.floating)):
        return {"float": _float_str(obj)}
    if isinstance(obj, (complex, np.complexfloating)):
        return {"complex": [_float_str(obj.real), _float_str(obj.imag)]}
    if isinstance(obj, str):
        return {"str": str.__str__(obj)}
    if isinstance(obj, (datetime.datetime, datetime.date)):
        return {"timestamp": str(obj)}

    # astropy objects (Quantity is an ndarray subclass: check it first)
    try:
        from astropy.time import Time
        from astropy.units import Quantity, UnitBase
    except ImportError:  # pragma: no cover
        Time = Quantity = UnitBase = None
    if Time is not None:
        if isinstance(obj, Time):
            return {"time": {"value": canonical(obj.value), "format": obj.format, "scale": obj.scale}}
        if isinstance(obj, Quantity):
            value = obj.value
            value = float(value) if np.ndim(value) == 0 else np.asarray(value)
            return {"quantity": {"value": canonical(value), "unit": unit_string(obj.unit)}}
        if isinstance(obj, UnitBase):
            return {"unit": unit_string(obj)}

    # asdf big integers (!core/integer-1.x): the integer value
    try:
        from asdf.tags.core import IntegerType
    except ImportError:  # pragma: no cover
        IntegerType = None
    if IntegerType is not None and isinstance(obj, IntegerType):
        return {"int": str(int(obj._value))}

    # arrays
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "O":
            raise TypeError("object arrays are not representable in ASDF")
        return canonical_ndarray(obj)
    try:
        from asdf.tags.core.ndarray import NDArrayType
    except ImportError:  # pragma: no cover
        NDArrayType = None
    if NDArrayType is not None and isinstance(obj, NDArrayType):
        return canonical_ndarray(obj._make_array())

    # containers
    if isinstance(obj, Mapping):
        return {"map": {str(k): canonical(v) for k, v in obj.items()}}
    if isinstance(obj, (list, tuple)) or (isinstance(obj, Sequence) and not isinstance(obj, (bytes, str))):
        return {"list": [canonical(v) for v in obj]}
    if isinstance(obj, np.generic):  # e.g. np.void record or np.bytes_
        raise TypeError(f"unsupported numpy scalar {type(obj)!r}: {obj!r}")

    # any other custom object asdf knows how to serialize (gwcs WCS, frames,
    # astropy models, ...): its YAML node as asdf would write it now
    converted = _convert_with_asdf(obj)
    if converted is not None:
        tag, node = converted
        return {"tagged": {"tag": tag, "value": canonical(node)}}
    raise TypeError(f"unsupported object in ASDF tree: {type(obj)!r}")


_SER_CTX = None


def _serialization_context():
    global _SER_CTX
    if _SER_CTX is None:
        import asdf
        from asdf.extension._serialization_context import BlockAccess

        _SER_CTX = asdf.AsdfFile()._create_serialization_context(BlockAccess.WRITE)
    return _SER_CTX


def _convert_with_asdf(obj):
    """(tag, node) for an object handled by an asdf converter, or None.

    Mirrors asdf's ``yamlutil.custom_tree_to_tagged_tree`` for one level:
    the converter's ``select_tag`` (following converters that defer to
    another type by selecting no tag) then ``to_yaml_tree``; generator
    converters are run to completion.  Nested custom objects in the node are
    handled by the recursive ``canonical`` call.  The tag is the one asdf
    would write today, which for files written by the same library versions
    is the tag in the file.
    """
    try:
        ctx = _serialization_context()
    except Exception:  # pragma: no cover - asdf internals changed
        return None
    manager = ctx.extension_manager
    if not manager.handles_type(type(obj)):
        return None
    converter = manager.get_converter_for_type(type(obj))
    tag = converter.select_tag(obj, ctx)
    used = set()
    while tag is None:
        used.add(converter)
        obj = converter.to_yaml_tree(obj, None, ctx)
        if not manager.handles_type(type(obj)):
            return None
        converter = manager.get_converter_for_type(type(obj))
        if converter in used:
            raise TypeError("conversion cycle while canonicalizing")
        tag = converter.select_tag(obj, ctx)
    node = converter.to_yaml_tree(obj, tag, ctx)
    if isinstance(node, types.GeneratorType):
        gen = node
        node = next(gen)
        for _ in gen:
            pass
    return tag, node


# ---------------------------------------------------------------------------
# normalization and comparison
# ---------------------------------------------------------------------------

def _norm_float_str(s):
    if not isinstance(s, str):
        return s
    try:
        return repr(float(s))
    except ValueError:
        return s


def _elem_normalizer(datatype):
    """Normalizer for one element value of an ndarray with this datatype."""
    if isinstance(datatype, list) and datatype and isinstance(datatype[0], Mapping):
        field_norms = []
        for f in datatype:
            fn = _elem_normalizer(f.get("datatype"))
            if "shape" in f:
                field_norms.append(lambda v, fn=fn: [fn(e) for e in v] if isinstance(v, list) else v)
            else:
                field_norms.append(fn)

        def rec(v):
            if not isinstance(v, list) or len(v) != len(field_norms):
                return v
            return [fn(e) for fn, e in zip(field_norms, v)]

        return rec
    if isinstance(datatype, str):
        if datatype.startswith("float"):
            return _norm_float_str
        if datatype.startswith("complex"):
            return lambda v: [_norm_float_str(e) for e in v] if isinstance(v, list) else v
    return lambda v: v


def normalize(node):
    """Rewrite float strings to ``repr(float(s))`` so that different
    spellings of the same float value (e.g. ``1e16`` / ``1e+16``) compare
    equal.  Works on canonical nodes; unknown shapes are returned as is."""
    if isinstance(node, list):
        return [normalize(v) for v in node]
    if not isinstance(node, dict) or len(node) != 1:
        return node
    (kind, val), = node.items()
    if kind == "float":
        return {"float": _norm_float_str(val)}
    if kind == "complex" and isinstance(val, list):
        return {"complex": [_norm_float_str(v) for v in val]}
    if kind == "list" and isinstance(val, list):
        return {"list": [normalize(v) for v in val]}
    if kind == "map" and isinstance(val, dict):
        return {"map": {k: normalize(v) for k, v in val.items()}}
    if kind in ("time", "quantity", "tagged") and isinstance(val, dict):
        return {kind: {k: (normalize(v) if k == "value" else v) for k, v in val.items()}}
    if kind == "ndarray" and isinstance(val, dict):
        en = _elem_normalizer(val.get("datatype"))
        out = dict(val)
        if isinstance(val.get("values"), list):
            out["values"] = [en(v) for v in val["values"]]
        if isinstance(val.get("summary"), dict):
            s = dict(val["summary"])
            for k in ("first", "last"):
                if isinstance(s.get(k), list):
                    s[k] = [en(v) for v in s[k]]
            dt = val.get("datatype")
            if isinstance(dt, str) and dt.startswith("float"):
                s["sum"] = _norm_float_str(s.get("sum"))
            elif isinstance(dt, str) and dt.startswith("complex") and isinstance(s.get("sum"), list):
                s["sum"] = [_norm_float_str(v) for v in s["sum"]]
            out["summary"] = s
        return {"ndarray": out}
    return node


def _short(x, limit=200):
    import json

    try:
        s = json.dumps(x, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        s = repr(x)
    return s if len(s) <= limit else s[: limit - 3] + "..."


_MAX_LIST_DIFFS = 10


def _cmp(e, a, path, out):
    if isinstance(e, dict) and isinstance(a, dict):
        ek = set(e)
        ak = set(a)
        # canonical node of different kinds: report once
        if len(e) == 1 and len(a) == 1 and ek != ak and ek <= _KIND_KEYS | {""} and ak <= _KIND_KEYS | {""}:
            out.append(f"{path or '/'}: expected {_short(e)}, got {_short(a)}")
            return
        for k in sorted(ek - ak, key=str):
            out.append(f"{path}/{k}: missing (expected {_short(e[k])})")
        for k in sorted(ak - ek, key=str):
            out.append(f"{path}/{k}: unexpected (got {_short(a[k])})")
        for k in sorted(ek & ak, key=str):
            _cmp(e[k], a[k], f"{path}/{k}", out)
        return
    if isinstance(e, list) and isinstance(a, list):
        if len(e) != len(a):
            out.append(f"{path}: list length {len(a)}, expected {len(e)}")
        ndiff = 0
        for i, (x, y) in enumerate(zip(e, a)):
            if ndiff >= _MAX_LIST_DIFFS:
                # count the remaining differing elements without details
                rest = sum(1 for x2, y2 in zip(e[i:], a[i:]) if x2 != y2)
                if rest:
                    out.append(f"{path}: ... and {rest} more differing elements")
                break
            sub = []
            _cmp(x, y, f"{path}[{i}]", sub)
            if sub:
                ndiff += 1
                out.extend(sub)
        return
    if type(e) is not type(a) or e != a:
        out.append(f"{path or '/'}: expected {_short(e)}, got {_short(a)}")


def compare(expected, actual, path=""):
    """Differences between two canonical trees as human-readable strings.

    Floats are compared by value after a float round trip of their repr
    strings (exact bit patterns: ``-0.0 != 0.0``; every NaN equals every
    NaN); everything else exactly; map key order is ignored.  An empty list
    means equal.  ``path`` is a prefix for the reported locations (JSON
    pointer-like, canonical kind keys included, e.g.
    ``/map/roman/tagged/value/map/data/ndarray/values[3]``).
    """
    out: list[str] = []
    _cmp(normalize(expected), normalize(actual), path, out)
    return out


# ---------------------------------------------------------------------------
# whole files
# ---------------------------------------------------------------------------

DEFAULT_SKIP_TOP = ("asdf_library", "history")


def canonical_tree(tree, skip_top=DEFAULT_SKIP_TOP):
    """Canonical form of an asdf root tree (an ``AsdfObject``; the root tag
    ``core/asdf-1.1.0`` is not represented): a ``{"map": ...}`` without the
    top-level keys in ``skip_top``."""
    return {"map": {str(k): canonical(v) for k, v in tree.items() if k not in skip_top}}


def dump(path, skip_top=DEFAULT_SKIP_TOP):
    """Canonical form of the whole tree of an ASDF file."""
    import asdf

    with asdf.open(path, validate_checksums=True, lazy_load=False) as af:
        return canonical_tree(af.tree, skip_top)


if __name__ == "__main__":  # pragma: no cover
    import json
    import sys

    if len(sys.argv) != 2:
        print("usage: canonical.py FILE.asdf  (prints the canonical JSON)", file=sys.stderr)
        sys.exit(2)
    json.dump(dump(sys.argv[1]), sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


def output_dir(argv, doc):
    """The single OUTDIR argument of a fixture maker (created), or None after printing usage."""
    if len(argv) != 2:
        print(doc, file=sys.stderr)
        return None
    os.makedirs(argv[1], exist_ok=True)
    return argv[1]


def write_manifest(outdir, names):
    """Writes OUTDIR/manifest.json with the canonical dump of each named file and lists them."""
    manifest = {name: dump(os.path.join(outdir, name)) for name in names}
    with open(os.path.join(outdir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    for name in names:
        print(name)
    print("manifest.json")
