#!/usr/bin/env python3
"""Resolve the rad (Roman Attribute Dictionary) schemas into one compact JSON document.

For every tag of the ``datamodels-2.1.0`` manifest of rad 1.1.0 the tag's schema is
loaded through asdf's resource manager, every ``$ref`` to a rad schema (local
``#/...`` pointers and references into other rad documents) is expanded in place,
``allOf`` lists are merged, and only the keywords that take part in validation
(plus rad's documentary ``unit`` and ``default``) are kept.  The result is what the
Swift implementation embeds to validate product trees the way ``roman_datamodels``
(asdf ``validate_on_read``) does.

Usage::

    rad_resolve.py [--json OUT.json] [--swift OUT.swift] [--stats]
    rad_resolve.py --selftest [--quick] [--verbose]      (~2 min)
    rad_resolve.py --agreement                           (~15-20 min on 2 cores)

Without --json/--swift the JSON goes to stdout.  ``--stats`` prints, on stderr, the
keyword counts, the tags, the replaced non-rad references and the dropped keywords.

``--selftest``: for every tag, the file roman_datamodels writes from its fake-data
maker and the same tree with every optional property filled in (MaximalBuilder) must
be accepted by the validator below (which implements exactly the emitted subset),
by ``asdf.schema.validate`` and by ``roman_datamodels.open``; then mutations (required
key removed at depths 1-4, bad enum value, string over maxLength, pattern mismatch,
array datatype -> float64, ndim + 1, extra key under ``additionalProperties: false``,
catalog column retyped/removed) must be rejected by all three.

``--agreement``: for every path of every such tree, delete the value or replace it
by null / string / integer / float / boolean / [] / {}, and compare the verdict of the
validator below with ``asdf.schema.validate`` (must agree on every case).

Output (sorted keys, no whitespace, deterministic)::

    {"manifest": "<manifest id>", "rad_version": "1.1.0",
     "schemas": {"<tag URI>": <resolved schema>, ...}}

Keyword semantics of the emitted subset (identical to asdf 5.4 + jsonschema Draft 4):

* ``type`` string or list; ``integer`` excludes booleans, ``number`` excludes
  booleans and accepts integers, ``array`` = YAML sequence, ``object`` = YAML
  mapping (tagged mappings included, e.g. an ndarray or a transform node).
* ``enum``: JSON equality with a tagged value's untagged base; ``true``/``1`` differ,
  ``1``/``1.0`` are equal.
* ``required``, ``properties``, ``patternProperties`` (regex *search*, unanchored;
  applies to keys also listed in ``properties``), ``additionalProperties`` (only
  ``false`` is emitted: keys neither in ``properties`` nor matching a
  ``patternProperties`` regex are rejected).
* ``items`` (one schema for every element, or a list for positions), ``minItems``,
  ``maxItems``; ``anyOf``, ``oneOf``, ``not``, ``allOf`` (``allOf`` only remains where
  merging would have changed the meaning; all its members must hold).
* ``pattern`` (regex search on strings), ``maxLength`` (code points),
  ``minimum``/``maximum`` (numbers only).
* ``tag``: the node's YAML tag must match the glob (``*`` = any run of characters
  except ``/``; ``**`` = anything).  Untagged values never match.
* ``datatype``, ``exact_datatype``, ``ndim``, ``max_ndim``: asdf's ndarray validators;
  they only apply to nodes tagged ``tag:stsci.edu:asdf/core/ndarray-*`` and compare
  with the node's ``datatype`` / ``len(shape)``.  Without ``exact_datatype`` the
  stored type must be safely castable (numpy ``can_cast(..., 'safe')``).
  A structured ``datatype`` (list of ``{name, datatype, byteorder}``) must equal
  the stored one.
* ``unit``, ``default``: documentary, never validated (``unit`` is a string or a
  list of strings, as written in rad).

Tagged nodes nested anywhere in a tree are additionally validated against the
schema of their own tag by asdf; for rad tags the Swift side should do the same
(no rad 1.1.0 product nests another rad-tagged node).
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import numbers
import re
import sys
import warnings
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import asdf
import yaml
from asdf import generic_io, reference, yamlutil

RAD_VERSION = "1.1.0"
MANIFEST_ID = "asdf://stsci.edu/datamodels/roman/manifests/datamodels-2.1.0"
RAD_PREFIX = "asdf://stsci.edu/datamodels/roman/"
NDARRAY_TAG_GLOB = "tag:stsci.edu:asdf/core/ndarray-*"

# Keywords written to the output, in no particular order (json.dumps sorts keys).
SUBSET = (
    "type", "enum", "required", "properties", "patternProperties", "additionalProperties",
    "items", "minItems", "maxItems", "anyOf", "oneOf", "allOf", "not", "tag",
    "datatype", "exact_datatype", "ndim", "max_ndim", "minimum", "maximum", "pattern",
    "maxLength", "minLength", "unit", "default",
)
# Keywords that never affect asdf validation (annotations, rad archive metadata,
# serialization hints).  Dropped silently.
ANNOTATIONS = frozenset({
    "$schema", "id", "title", "description", "datamodel_name", "archive_meta", "archive_catalog",
    "sdf", "propertyOrder", "flowStyle", "style", "definitions", "examples", "$comment",
    "input_units", "output_units", "format",  # asdf passes no format checker: `format` is inert
})
# Draft-4 validation keywords this subset does not carry; meeting one is an error so
# the subset (and the Swift validator) gets extended instead of silently weakened.
UNSUPPORTED = frozenset({
    "const", "uniqueItems", "additionalItems", "dependencies", "minProperties", "maxProperties",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "contains", "if", "then", "else",
    "propertyNames", "dependentRequired", "dependentSchemas", "unevaluatedProperties",
    "unevaluatedItems", "prefixItems",
})


class ResolveError(Exception):
    pass


# ---------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------

class Resolver:
    def __init__(self):
        self.rm = asdf.get_config().resource_manager
        self._docs: dict[str, object] = {}
        self.external_refs: dict[str, dict] = {}       # ref -> replacement
        self.ref_siblings: Counter = Counter()         # "<uri>#<ptr>: keys" -> count
        self.dropped_unknown: Counter = Counter()      # unknown keyword -> count
        self.dropped_annotations: Counter = Counter()
        self.dropped_additional_true = 0
        self.recursions: list[str] = []
        self.merge_conflicts: Counter = Counter()      # keyword group -> count
        self.rad_docs_used: set[str] = set()

    def load(self, uri: str):
        if uri not in self._docs:
            if uri not in self.rm:
                raise ResolveError(f"schema not found in asdf's resource manager: {uri}")
            # Same loader asdf uses for schemas (a SafeLoader subclass).
            self._docs[uri] = yaml.load(self.rm[uri], Loader=yamlutil.AsdfLoader)  # noqa: S506
        return self._docs[uri]

    def manifest(self):
        return self.load(MANIFEST_ID)

    # -----------------------------------------------------------------------------------
    # Non-rad references
    # -----------------------------------------------------------------------------------

    @staticmethod
    def _tag_glob(tag_uri: str) -> str:
        """`tag:stsci.edu:asdf/core/ndarray-1.1.0` -> `tag:stsci.edu:asdf/core/ndarray-1.*`."""
        m = re.fullmatch(r"(.*-)(\d+)(?:\.\d+)*", tag_uri)
        return f"{m.group(1)}{m.group(2)}.*" if m else tag_uri

    def external_replacement(self, ref: str) -> dict:
        """A `$ref` leaving rad becomes a tag check (tagged type) or `{}`."""
        if ref in self.external_refs:
            return copy.deepcopy(self.external_refs[ref])
        base, _, fragment = ref.partition("#")
        replacement: dict = {}
        if not fragment.strip("/"):
            tags = sorted({
                tag_def.tag_uri
                for ext in asdf.get_config().extensions
                for tag_def in ext.tags
                if base in (tag_def.schema_uris or [])
            })
            globs = sorted({self._tag_glob(t) for t in tags})
            if len(globs) == 1:
                replacement = {"tag": globs[0]}
            elif len(globs) > 1:
                replacement = {"anyOf": [{"tag": g} for g in globs]}
        self.external_refs[ref] = replacement
        return copy.deepcopy(replacement)

    # -----------------------------------------------------------------------------------
    # Resolution
    # -----------------------------------------------------------------------------------

    def resolve_tag(self, schema_uri: str) -> dict:
        self.rad_docs_used.add(schema_uri)
        return self.resolve(self.load(schema_uri), schema_uri, ((schema_uri, ""),))

    def resolve(self, node, base: str, stack: tuple) -> dict:
        if node is True or node is None:
            return {}
        if node is False:
            return {"not": {}}
        if not isinstance(node, Mapping):
            raise ResolveError(f"schema is not a mapping in {base}: {node!r}")

        if "$ref" in node:
            ref = node["$ref"]
            siblings = sorted(k for k in node if k != "$ref" and k not in ANNOTATIONS)
            if siblings:
                # Draft 4 (and asdf's validator) ignore every sibling of $ref.
                self.ref_siblings[f"{ref}: {siblings}"] += 1
            target = generic_io.resolve_uri(base, ref)
            uri, _, fragment = target.partition("#")
            if not uri.startswith(RAD_PREFIX):
                return self.external_replacement(target)
            key = (uri, fragment)
            if key in stack:
                self.recursions.append(" -> ".join(f"{u}#{f}" for u, f in stack + (key,)))
                return {}
            self.rad_docs_used.add(uri)
            sub = reference.resolve_fragment(self.load(uri), fragment)
            return self.resolve(sub, uri, stack + (key,))

        if "id" in node and isinstance(node["id"], str) and node["id"] != base and len(stack) > 1:
            # A nested `id` would change the base URI for relative refs (none in rad 1.1.0).
            base = generic_io.resolve_uri(base, node["id"])

        out: dict = {}
        for key, value in node.items():
            if key in ANNOTATIONS:
                self.dropped_annotations[key] += 1
                continue
            if key in UNSUPPORTED:
                raise ResolveError(f"validation keyword '{key}' is not in the subset ({base})")
            if key == "allOf":
                continue  # merged below
            if key in ("properties", "patternProperties"):
                out[key] = {name: self.resolve(sub, base, stack) for name, sub in value.items()}
            elif key == "additionalProperties":
                if value is False:
                    out[key] = False
                elif value is True or value == {}:
                    self.dropped_additional_true += 1
                else:
                    raise ResolveError(f"additionalProperties with a schema is not in the subset ({base})")
            elif key == "items":
                if isinstance(value, list):
                    out[key] = [self.resolve(sub, base, stack) for sub in value]
                else:
                    out[key] = self.resolve(value, base, stack)
            elif key in ("anyOf", "oneOf"):
                out[key] = [self.resolve(sub, base, stack) for sub in value]
            elif key == "not":
                out[key] = self.resolve(value, base, stack)
            elif key in SUBSET:
                out[key] = copy.deepcopy(_plain(value))
            else:
                self.dropped_unknown[key] += 1

        if "allOf" in node:
            branches = [self.resolve(sub, base, stack) for sub in node["allOf"]]
            out = self.merge_all([out, *branches])
        return out

    # -----------------------------------------------------------------------------------
    # allOf merging
    # -----------------------------------------------------------------------------------

    GROUPS = (
        # Keywords that only make sense together: merged as one unit or not at all.
        ("properties", "patternProperties", "additionalProperties"),
        ("datatype", "exact_datatype"),
    )

    def merge_all(self, schemas: list[dict]) -> dict:
        """Merge schemas that must all hold.  Whatever cannot be merged without
        changing the meaning stays in an `allOf` list next to the merged keywords."""
        merged: dict = {}
        residual: list[dict] = []
        pending = list(schemas)
        while pending:
            schema = dict(pending.pop(0))
            inner = schema.pop("allOf", [])
            leftover = self._merge_into(merged, schema)
            if leftover:
                residual.append(leftover)
            pending[0:0] = inner
        if residual:
            merged["allOf"] = residual
        return merged

    def _merge_into(self, a: dict, b: dict) -> dict:
        """Merge `b` into `a` in place; return the part of `b` that could not be merged."""
        leftover: dict = {}
        done: set[str] = set()

        for group in self.GROUPS:
            a_has = [k for k in group if k in a]
            b_has = [k for k in group if k in b]
            done.update(group)
            if not b_has:
                continue
            if not a_has:
                for k in b_has:
                    a[k] = b[k]
                continue
            if group[0] == "properties":
                if set(a_has) == {"properties"} and set(b_has) == {"properties"}:
                    props = a["properties"]
                    for name, sub in b["properties"].items():
                        props[name] = self.merge_all([props[name], sub]) if name in props else sub
                    continue
                self.merge_conflicts["properties/patternProperties/additionalProperties"] += 1
                for k in b_has:
                    leftover[k] = b[k]
            else:  # datatype / exact_datatype
                if "datatype" in a and "datatype" in b and a["datatype"] == b["datatype"]:
                    exact = bool(a.get("exact_datatype")) or bool(b.get("exact_datatype"))
                    if exact:
                        a["exact_datatype"] = True
                    continue
                self.merge_conflicts["datatype"] += 1
                for k in b_has:
                    leftover[k] = b[k]

        for key, value in b.items():
            if key in done:
                continue
            if key not in a:
                a[key] = value
            elif key == "required":
                a[key] = list(dict.fromkeys([*a[key], *value]))
            elif key == "items" and isinstance(a[key], dict) and isinstance(value, dict):
                a[key] = self.merge_all([a[key], value])
            elif key in ("minItems", "minimum", "minLength"):
                a[key] = max(a[key], value)
            elif key in ("maxItems", "maximum", "maxLength"):
                a[key] = min(a[key], value)
            elif a[key] == value and type(a[key]) is type(value):
                pass
            else:
                self.merge_conflicts[key] += 1
                leftover[key] = value
        return leftover


def _plain(value):
    """YAML-loaded values -> JSON-compatible Python values."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    raise ResolveError(f"value not representable in JSON: {value!r}")


# ---------------------------------------------------------------------------------------
# Document, statistics, Swift
# ---------------------------------------------------------------------------------------

def build_document(resolver: Resolver) -> dict:
    import rad

    if rad.__version__ != RAD_VERSION:
        raise ResolveError(f"rad {rad.__version__} installed, expected {RAD_VERSION}")
    manifest = resolver.manifest()
    if manifest["id"] != MANIFEST_ID:
        raise ResolveError(f"unexpected manifest id {manifest['id']}")
    schemas = {}
    for entry in manifest["tags"]:
        schemas[entry["tag_uri"]] = resolver.resolve_tag(entry["schema_uri"])
    return {"rad_version": RAD_VERSION, "manifest": MANIFEST_ID, "schemas": schemas}


def to_json(document: dict) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def keyword_counts(document: dict) -> Counter:
    counts: Counter = Counter()

    def walk(schema):
        if not isinstance(schema, dict):
            return
        for key, value in schema.items():
            counts[key] += 1
            if key in ("properties", "patternProperties"):
                for sub in value.values():
                    walk(sub)
            elif key in ("anyOf", "oneOf", "allOf") or (key == "items" and isinstance(value, list)):
                for sub in value:
                    walk(sub)
            elif key in ("items", "not"):
                walk(value)

    for schema in document["schemas"].values():
        walk(schema)
    return counts


def swift_source(json_text: str) -> str:
    """The Swift file: one raw-string literal of compact JSON per tag, so that a program decodes
    only the schemas it uses (decoding all 39 takes ~60 ms; one takes ~2 ms)."""
    document = json.loads(json_text)
    hashes = 1
    while any(s in json_text for s in ('"' + "#" * hashes, "\\" + "#" * hashes)):
        hashes += 1
    open_d, close_d = "#" * hashes + '"', '"' + "#" * hashes
    header = (
        "// RADSchemasSource: the rad 1.1.0 schemas (manifest datamodels-2.1.0), resolved.\n"
        "//\n"
        "// GENERATED by scripts/python/rad_resolve.py from rad 1.1.0 -- do not edit.\n"
        "// Regenerate with:\n"
        "//   .venv/bin/python scripts/python/rad_resolve.py --swift Sources/WFI/Schemas/RADSchemas.generated.swift\n"
        "// Every $ref is expanded, allOf lists are merged, and only the validation keyword subset\n"
        "// documented in the script is kept. One compact JSON schema per tag URI.\n"
        "\n"
    )
    entries = ",\n".join(
        f"        {json.dumps(tag)}: {open_d}{to_json(schema)}{close_d}"
        for tag, schema in sorted(document["schemas"].items())
    )
    body = (
        f"    static let radVersion = {json.dumps(document['rad_version'])}\n"
        f"    static let manifest = {json.dumps(document['manifest'])}\n"
        f"    /// Tag URI -> resolved schema (JSON).\n"
        f"    static let schemas: [String: String] = [\n{entries},\n    ]\n"
    )
    return header + "enum RADSchemasSource {\n" + body + "}\n"


def print_stats(resolver: Resolver, document: dict, json_text: str, out=sys.stderr):
    counts = keyword_counts(document)
    print(f"tags resolved: {len(document['schemas'])}", file=out)
    for tag in document["schemas"]:
        print(f"  {tag}  ({len(to_json(document['schemas'][tag]))} bytes)", file=out)
    print(f"rad documents used: {len(resolver.rad_docs_used)}", file=out)
    print(f"JSON size: {len(json_text)} bytes", file=out)
    print("keyword counts (every schema position):", file=out)
    for key, n in sorted(counts.items()):
        print(f"  {key}: {n}", file=out)
    print(f"non-rad $refs: {resolver.external_refs or 'none'}", file=out)
    print(f"$ref siblings ignored: {dict(resolver.ref_siblings) or 'none'}", file=out)
    print(f"recursions cut: {resolver.recursions or 'none'}", file=out)
    print(f"allOf merge conflicts kept as allOf: {dict(resolver.merge_conflicts) or 'none'}", file=out)
    print(f"dropped unknown keywords: {dict(resolver.dropped_unknown) or 'none'}", file=out)
    print(f"dropped annotation keywords: {dict(sorted(resolver.dropped_annotations.items()))}", file=out)
    print(f"dropped 'additionalProperties: true': {resolver.dropped_additional_true}", file=out)


# ---------------------------------------------------------------------------------------
# Validator for the subset (used by --selftest; mirrors what the Swift side must do)
# ---------------------------------------------------------------------------------------

_YAML_TAGS = {
    type(None): None, bool: "tag:yaml.org,2002:bool", int: "tag:yaml.org,2002:int",
    float: "tag:yaml.org,2002:float", str: "tag:yaml.org,2002:str",
    list: "tag:yaml.org,2002:seq", dict: "tag:yaml.org,2002:map",
}
_NDARRAY_TAG = "tag:stsci.edu:asdf/core/ndarray-1.1.0"
_glob_cache: dict[str, re.Pattern] = {}
_regex_cache: dict[str, re.Pattern] = {}


def uri_match(pattern: str, uri) -> bool:
    """asdf.util.uri_match: `*` = any run without `/`, `**` = anything."""
    if not isinstance(uri, str):
        return False
    if "*" not in pattern:
        return pattern == uri
    rx = _glob_cache.get(pattern)
    if rx is None:
        parts = re.split(r"(\*\*|\*)", pattern)
        rx = re.compile("".join(".*" if p == "**" else "[^/]*" if p == "*" else re.escape(p) for p in parts))
        _glob_cache[pattern] = rx
    return rx.fullmatch(uri) is not None


def node_tag(value):
    """The tag of a node: asdf Tagged objects carry `_tag`; numpy arrays count as ndarray."""
    tag = getattr(value, "_tag", None)
    if tag is not None:
        return tag
    try:
        import numpy as np

        if isinstance(value, np.ndarray):
            return _NDARRAY_TAG
    except ImportError:  # pragma: no cover
        pass
    for base in type(value).__mro__:
        if base in _YAML_TAGS:
            return _YAML_TAGS[base]
    return None


def _is_type(value, name: str) -> bool:
    if name == "object":
        return isinstance(value, Mapping)
    if name == "array":
        return isinstance(value, (list, tuple))
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, numbers.Number) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    raise ValueError(f"unknown type {name}")


def _untag(value):
    base = getattr(value, "base", None)
    return base if base is not None and hasattr(value, "_tag") else value


def json_equal(a, b) -> bool:
    """jsonschema's `equal`: bools only equal bools, 1 == 1.0, deep for containers."""
    a, b = _untag(a), _untag(b)
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (Mapping, list, tuple)) or isinstance(b, (Mapping, list, tuple)):
        return False
    return a == b


def _regex(pattern: str) -> re.Pattern:
    rx = _regex_cache.get(pattern)
    if rx is None:
        rx = _regex_cache[pattern] = re.compile(pattern)
    return rx


def _array_info(value):
    """(asdf datatype, ndim) of an ndarray node (tagged mapping from YAML) or numpy array."""
    from asdf.tags.core.ndarray import inline_data_asarray, numpy_dtype_to_asdf_datatype
    import numpy as np

    if isinstance(value, np.ndarray):
        return numpy_dtype_to_asdf_datatype(value.dtype)[0], value.ndim
    if isinstance(value, Mapping):
        datatype = value.get("datatype")
        ndim = len(value["shape"]) if "shape" in value else None
        if "data" in value and (datatype is None or ndim is None):
            array = inline_data_asarray(value["data"])
            datatype = datatype if datatype is not None else numpy_dtype_to_asdf_datatype(array.dtype)[0]
            ndim = ndim if ndim is not None else array.ndim
        return datatype, ndim
    if isinstance(value, list):
        array = inline_data_asarray(value)
        return numpy_dtype_to_asdf_datatype(array.dtype)[0], array.ndim
    return None, None


_STRUCTURED_KEYS = ("name", "datatype", "byteorder", "shape")


def _datatype_ok(expected, actual, exact: bool) -> str | None:
    from asdf.tags.core.ndarray import asdf_datatype_to_numpy_dtype
    import numpy as np

    if actual is None:
        return "not an array"
    if isinstance(expected, list) and expected and isinstance(expected[0], Mapping):
        expected = [{k: v for k, v in f.items() if k in _STRUCTURED_KEYS} for f in expected]
    if _plain_any(expected) == _plain_any(actual):
        return None
    if exact:
        return f"expected datatype {expected!r}, got {actual!r}"
    want, have = asdf_datatype_to_numpy_dtype(expected), asdf_datatype_to_numpy_dtype(actual)
    if not want.fields:
        if have.fields or not np.can_cast(have, want, "safe"):
            return f"cannot safely cast {actual!r} to {expected!r}"
        return None
    if not have.fields or len(have.fields) != len(want.fields):
        return f"structured datatype mismatch {actual!r} vs {expected!r}"
    for i in range(len(want.fields)):
        if not np.can_cast(have[i], want[i], "safe"):
            return f"cannot safely cast field {i} of {actual!r} to {expected!r}"
    return None


def _plain_any(value):
    value = _untag(value)
    if isinstance(value, Mapping):
        return {k: _plain_any(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_any(v) for v in value]
    return value


class SubsetValidator:
    """Validates a YAML-level tree (asdf Tagged objects / numpy arrays) against the
    resolved schemas, implementing exactly the emitted keyword subset."""

    def __init__(self, schemas: Mapping[str, dict]):
        self.schemas = schemas

    def validate_tree(self, tree) -> list[str]:
        """Every node tagged with a rad tag is validated against that tag's schema
        (asdf does this for every tagged node in a file)."""
        errors: list[str] = []

        def walk(value, path):
            tag = getattr(value, "_tag", None)
            if tag in self.schemas:
                self.check(value, self.schemas[tag], path, errors)
            if isinstance(value, Mapping):
                for k, v in value.items():
                    walk(v, f"{path}/{k}")
            elif isinstance(value, (list, tuple)):
                for i, v in enumerate(value):
                    walk(v, f"{path}/{i}")

        walk(tree, "")
        return errors

    def errors(self, value, schema) -> list[str]:
        out: list[str] = []
        self.check(value, schema, "", out)
        return out

    def check(self, value, schema: dict, path: str, out: list[str]):
        def fail(msg):
            out.append(f"{path or '/'}: {msg}")

        plain = _untag(value)
        if "tag" in schema:
            tag = node_tag(value)
            if not uri_match(schema["tag"], tag):
                fail(f"tag {tag!r} does not match {schema['tag']!r}")
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(_is_type(plain, t) for t in types):
                fail(f"{type(plain).__name__} is not of type {types}")
        if "enum" in schema and not any(json_equal(plain, e) for e in schema["enum"]):
            fail(f"{plain!r} not in enum {schema['enum'][:6]}{'...' if len(schema['enum']) > 6 else ''}")
        if isinstance(plain, str):
            if "pattern" in schema and not _regex(schema["pattern"]).search(plain):
                fail(f"{plain!r} does not match {schema['pattern']!r}")
            if "maxLength" in schema and len(plain) > schema["maxLength"]:
                fail(f"{plain!r} longer than {schema['maxLength']}")
            if "minLength" in schema and len(plain) < schema["minLength"]:
                fail(f"{plain!r} shorter than {schema['minLength']}")
        if _is_type(plain, "number"):
            if "minimum" in schema and plain < schema["minimum"]:
                fail(f"{plain} < minimum {schema['minimum']}")
            if "maximum" in schema and plain > schema["maximum"]:
                fail(f"{plain} > maximum {schema['maximum']}")

        if any(k in schema for k in ("datatype", "ndim", "max_ndim")) and uri_match(NDARRAY_TAG_GLOB, node_tag(value)):
            datatype, ndim = _array_info(value)
            if "ndim" in schema and ndim != schema["ndim"]:
                fail(f"ndim {ndim} != {schema['ndim']}")
            if "max_ndim" in schema and (ndim is None or ndim > schema["max_ndim"]):
                fail(f"ndim {ndim} > max_ndim {schema['max_ndim']}")
            if "datatype" in schema:
                problem = _datatype_ok(schema["datatype"], datatype, bool(schema.get("exact_datatype")))
                if problem:
                    fail(problem)

        if isinstance(plain, Mapping):
            props = schema.get("properties", {})
            patterns = schema.get("patternProperties", {})
            for name in schema.get("required", []):
                if name not in plain:
                    out.append(f"{path}/{name}: required property missing")
            for key, sub in plain.items():
                matched = False
                if key in props:
                    matched = True
                    self.check(sub, props[key], f"{path}/{key}", out)
                for rx, psch in patterns.items():
                    if isinstance(key, str) and _regex(rx).search(key):
                        matched = True
                        self.check(sub, psch, f"{path}/{key}", out)
                if not matched and schema.get("additionalProperties") is False:
                    out.append(f"{path}/{key}: additional property not allowed")
        if isinstance(plain, (list, tuple)):
            if "minItems" in schema and len(plain) < schema["minItems"]:
                fail(f"{len(plain)} items < minItems {schema['minItems']}")
            if "maxItems" in schema and len(plain) > schema["maxItems"]:
                fail(f"{len(plain)} items > maxItems {schema['maxItems']}")
            items = schema.get("items")
            if isinstance(items, dict):
                for i, sub in enumerate(plain):
                    self.check(sub, items, f"{path}/{i}", out)
            elif isinstance(items, list):
                for i, (sub, isch) in enumerate(zip(plain, items)):
                    self.check(sub, isch, f"{path}/{i}", out)

        for sub in schema.get("allOf", []):
            self.check(value, sub, path, out)
        if "anyOf" in schema and not any(not self.errors(value, s) for s in schema["anyOf"]):
            fail(f"matches none of anyOf ({len(schema['anyOf'])})")
        if "oneOf" in schema:
            n = sum(1 for s in schema["oneOf"] if not self.errors(value, s))
            if n != 1:
                fail(f"matches {n} of oneOf ({len(schema['oneOf'])})")
        if "not" in schema and not self.errors(value, schema["not"]):
            fail("matches the 'not' schema")


# ---------------------------------------------------------------------------------------
# Self test
# ---------------------------------------------------------------------------------------

def _dump_raw(tree) -> bytes:
    """Serialize a YAML-level (Tagged) tree as an ASDF file without blocks."""
    body = yaml.dump_all(
        [tree], Dumper=yamlutil.AsdfDumper, explicit_start=True, explicit_end=True,
        version=(1, 1), allow_unicode=True, encoding="utf-8", tags={"!": "tag:stsci.edu:asdf/"},
    )
    return b"#ASDF 1.0.0\n#ASDF_STANDARD 1.6.0\n" + body


def _load_raw(data: bytes):
    return asdf.util.load_yaml(io.BytesIO(data), tagged=True)


def _asdf_errors(raw_tree) -> list[str]:
    """asdf's own validation of a YAML-level tree (what validate_on_read runs)."""
    import asdf.schema

    try:
        asdf.schema.validate(raw_tree, asdf.AsdfFile(), reading=True)
    except asdf.exceptions.ValidationError as err:
        return [str(err.message)[:200]]
    return []


def _rdm_open_errors(data: bytes) -> list[str]:
    """Open with roman_datamodels (asdf validate_on_read).  Only a ValidationError
    counts as a rejection; anything else is reported as an error string starting
    with 'ERROR'."""
    import roman_datamodels as rdm

    try:
        with rdm.open(io.BytesIO(data)) as model:
            model.validate()
    except asdf.exceptions.ValidationError as err:
        return [f"ValidationError: {str(err.message)[:200]}"]
    except Exception as err:  # noqa: BLE001
        return [f"ERROR {type(err).__name__}: {str(err).splitlines()[0][:200] if str(err) else ''}"]
    return []


def _blocks(data: bytes) -> bytes:
    """The binary blocks of an ASDF file (without the optional block index)."""
    end_of_yaml = data.find(b"\n...\n")
    start = data.find(b"\xd3BLK", end_of_yaml if end_of_yaml >= 0 else 0)
    if start < 0:
        return b""
    index = data.find(b"#ASDF BLOCK INDEX", start)
    return data[start:index] if index >= 0 else data[start:]


def _get(tree, path):
    for key in path:
        tree = tree[key]
    return tree


def _walk_schema(schema, value, path, visit):
    """Walk instance and schema together through `properties` (what mutations target)."""
    visit(schema, value, path)
    if isinstance(value, Mapping):
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                _walk_schema(sub, value[key], path + (key,), visit)


def _mutations(schema, root, depth_limit=4):
    """Mutations of the product node: (name, path, function(tree_at_product) -> None)."""
    required_by_depth: dict[int, list] = {}
    enums, dtypes, ndims, extras, lengths, patterns = [], [], [], [], [], []

    def visit(sch, value, path):
        if isinstance(value, Mapping) and len(path) < depth_limit:
            for name in sch.get("required", []):
                if name in value:
                    required_by_depth.setdefault(len(path) + 1, []).append(path + (name,))
            if sch.get("additionalProperties") is False:
                extras.append(path)
        if "enum" in sch and isinstance(_untag(value), str):
            enums.append(path)
        if "maxLength" in sch and isinstance(_untag(value), str):
            lengths.append((path, sch["maxLength"]))
        if "pattern" in sch and isinstance(_untag(value), str):
            patterns.append(path)
        if "datatype" in sch and sch.get("exact_datatype") and sch["datatype"] != "float64" \
                and uri_match(NDARRAY_TAG_GLOB, node_tag(value)):
            dtypes.append(path)
        if "ndim" in sch and uri_match(NDARRAY_TAG_GLOB, node_tag(value)):
            ndims.append(path)

    _walk_schema(schema, root, (), visit)

    def delete(path):
        def f(node):
            del _get(node, path[:-1])[path[-1]]
        return f

    def set_enum(path):
        def f(node):
            _get(node, path[:-1])[path[-1]] = "NOT_A_VALID_ENUM_VALUE"
        return f

    def too_long(path, n):
        def f(node):
            _get(node, path[:-1])[path[-1]] = "x" * (n + 1)
        return f

    def set_dtype(path):
        def f(node):
            arr = _get(node, path)
            arr["datatype"] = "float64"
            if "data" in arr:  # inline data stays parseable as float64
                arr["data"] = _floatify(arr["data"])
        return f

    def drop_dim(path):
        def f(node):
            arr = _get(node, path)
            arr["shape"] = list(arr["shape"]) + [1]
            if "data" in arr:
                arr["data"] = _add_axis(arr["data"])
        return f

    def add_key(path):
        def f(node):
            _get(node, path)["not_in_the_schema"] = 1
        return f

    muts = []
    for depth in sorted(required_by_depth):
        # first and last required key at each depth (deterministic)
        paths = required_by_depth[depth]
        for p in dict.fromkeys([paths[0], paths[-1]]):
            muts.append((f"remove required (depth {depth})", p, delete(p)))
    for p in enums[:2]:
        muts.append(("bad enum value", p, set_enum(p)))
    for p, n in lengths[:1]:
        muts.append((f"string longer than maxLength {n}", p, too_long(p, n)))
    for p in patterns[:1]:
        muts.append(("string not matching pattern", p, set_enum(p)))
    for p in dtypes[:2]:
        muts.append(("array dtype -> float64", p, set_dtype(p)))
    for p in ndims[:1]:
        muts.append(("array ndim + 1", p, drop_dim(p)))
    for p in extras[:1]:
        muts.append(("extra key under additionalProperties: false", p, add_key(p)))
    return muts


def _floatify(data):
    if isinstance(data, list):
        return [_floatify(x) for x in data]
    return float(data) if isinstance(data, (int, float)) and not isinstance(data, bool) else data


def _add_axis(data):
    if isinstance(data, list):
        return [_add_axis(x) for x in data]
    return [data]


def _catalog_mutations(root):
    """Source-catalog tables: the column dtype checks are `not: {items: {not: ...}}`
    ("some column named X has datatype Y"); change one int32 column and drop one."""
    muts = []
    table = root.get("source_catalog") if isinstance(root, Mapping) else None
    if table is None or not isinstance(table, Mapping) or "columns" not in table:
        return muts
    for i, col in enumerate(table["columns"]):
        data = col.get("data") if isinstance(col, Mapping) else None
        if isinstance(data, Mapping) and data.get("datatype") == "int32":
            def f(node, i=i):
                d = node["source_catalog"]["columns"][i]["data"]
                d["datatype"] = "float64"
                if "data" in d:
                    d["data"] = _floatify(d["data"])
            muts.append((f"catalog column '{col.get('name')}' dtype -> float64", ("source_catalog", "columns", i), f))

            def g(node, i=i):
                cols = node["source_catalog"]["columns"]
                del cols[i]
                if "colnames" in node["source_catalog"]:
                    del node["source_catalog"]["colnames"][i]
            muts.append((f"catalog column '{col.get('name')}' removed", ("source_catalog", "columns", i), g))
            break
    return muts


def _agreement_paths(root):
    """Every path below the product node that is not inside a non-rad tagged node
    (ndarray, time, table, gwcs internals are validated by their own schemas)."""
    paths = []

    def walk(value, path):
        paths.append(path)
        tag = getattr(value, "_tag", None)
        if path and tag is not None and not tag.startswith(RAD_PREFIX):
            return
        if isinstance(value, Mapping):
            for k in value:
                walk(value[k], path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,))

    walk(root, ())
    return paths[1:]


_REPLACEMENTS = (("null", None), ("string", "x"), ("integer", 7), ("float", 1.5),
                 ("boolean", True), ("empty list", []), ("empty mapping", {}))


class _Skip(Exception):
    pass


# Keys / strings tried for patternProperties and pattern-constrained strings.
_PATTERN_CANDIDATES = ("F062", "DARK", "GRISM", "WFI01", "science_channel_01", "GW0001", "SCI0001", "WFI_IMAGE|", "x")
_ZEROS = {"bool8": False}


def _zero(datatype):
    if isinstance(datatype, list):
        if len(datatype) == 2 and datatype[0] in ("ascii", "ucs4"):
            return ""
        raise _Skip("structured datatype")
    if datatype in _ZEROS:
        return _ZEROS[datatype]
    if datatype.startswith(("int", "uint")):
        return 0
    if datatype.startswith("float"):
        return 0.0
    raise _Skip(datatype)


def _nested(value, ndim):
    for _ in range(ndim):
        value = [value]
    return value


class MaximalBuilder:
    """Fills every optional property of a (valid) tree with a value generated from the
    resolved schema, so that optional parts of the schemas are exercised too.  Tagged
    non-rad values (time, gwcs, table, quantity) are copied from sample nodes found in
    roman_datamodels' fake data; ndarrays are generated inline."""

    def __init__(self, validator: SubsetValidator, samples: dict):
        self.validator = validator
        self.samples = samples
        self.added = 0

    def candidates(self, schema):
        from asdf.tagged import TaggedDict

        if "tag" in schema:
            tag = schema["tag"]
            if uri_match(tag, _NDARRAY_TAG):
                datatype = schema.get("datatype", "float64")
                ndim = schema.get("ndim", min(schema.get("max_ndim", 1), 1))
                node = TaggedDict({"data": _nested(_zero(datatype), ndim), "datatype": copy.deepcopy(datatype),
                                   "shape": [1] * ndim}, _NDARRAY_TAG)
                yield node
                return
            for sample_tag, sample in self.samples.items():
                if uri_match(tag, sample_tag):
                    yield copy.deepcopy(sample)
            return
        if "enum" in schema:
            yield from (copy.deepcopy(e) for e in schema["enum"])
            return
        if "anyOf" in schema:
            rest = {k: v for k, v in schema.items() if k != "anyOf"}
            for branch in schema["anyOf"]:
                yield from self.candidates({**rest, **branch})
            return
        types = schema.get("type")
        types = [types] if isinstance(types, str) else (types or ["null", "string"])
        for t in types:
            if t == "null":
                yield None
            elif t == "boolean":
                yield False
            elif t == "integer":
                yield int(schema.get("minimum", 0))
            elif t == "number":
                yield float(schema.get("minimum", 0.0))
            elif t == "string":
                for c in (_PATTERN_CANDIDATES if "pattern" in schema else ("x",)):
                    yield c[: schema.get("maxLength", len(c))]
            elif t == "array":
                items = schema.get("items", {})
                n = max(schema.get("minItems", 1), 1)
                n = min(n, schema.get("maxItems", n))
                if isinstance(items, list):
                    yield [self.generate(sub) for sub in items[:n]]
                else:
                    try:
                        yield [self.generate(items) for _ in range(n)]
                    except _Skip:
                        yield []
            elif t == "object":
                yield self.fill({}, schema)

    def generate(self, schema):
        for candidate in self.candidates(schema):
            if not self.validator.errors(candidate, schema):
                return candidate
        raise _Skip(f"no valid value for {str(schema)[:80]}")

    def fill(self, value, schema):
        """Add every missing optional property (recursively) to the mapping `value`."""
        if not isinstance(value, Mapping) or getattr(value, "_tag", "").startswith("tag:"):
            return value
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                self.fill(value[name], sub)
                continue
            try:
                value[name] = self.generate(sub)
                self.added += 1
            except _Skip:
                pass
        for rx, sub in schema.get("patternProperties", {}).items():
            if any(isinstance(k, str) and _regex(rx).search(k) for k in value):
                continue
            for key in _PATTERN_CANDIDATES:
                if _regex(rx).search(key) and key not in schema.get("properties", {}):
                    try:
                        value[key] = self.generate(sub)
                        self.added += 1
                    except _Skip:
                        pass
                    break
        for sub in schema.get("allOf", []):
            self.fill(value, sub)
        return value


def _fake_raw(tag):
    from roman_datamodels._stnode._registry import NODE_CLASSES_BY_TAG

    node = NODE_CLASSES_BY_TAG[tag].create_fake_data(shape=(2, 8, 8))
    buf = io.BytesIO()
    af = asdf.AsdfFile()
    af["roman"] = node
    af.write_to(buf)
    data = buf.getvalue()
    return data, _load_raw(data)


def _uses_blocks(value) -> bool:
    if isinstance(value, Mapping):
        if uri_match(NDARRAY_TAG_GLOB, getattr(value, "_tag", None)) and "source" in value:
            return True
        return any(_uses_blocks(v) for v in value.values())
    if isinstance(value, list):
        return any(_uses_blocks(v) for v in value)
    return False


def _inline_raw(tag):
    """The fake tree written with inline arrays (None where asdf cannot inline)."""
    from roman_datamodels._stnode._registry import NODE_CLASSES_BY_TAG

    node = NODE_CLASSES_BY_TAG[tag].create_fake_data(shape=(2, 8, 8))
    buf = io.BytesIO()
    try:
        with asdf.config_context() as cfg:
            cfg.array_inline_threshold = 10**9
            af = asdf.AsdfFile()
            af["roman"] = node
            af.write_to(buf)
    except Exception:  # noqa: BLE001 - e.g. structured arrays lose their byteorder inline
        return None
    return _load_raw(buf.getvalue())


def _collect_samples(raws) -> dict:
    """First node seen for every non-rad, non-ndarray tag in the trees (only nodes
    that do not point to binary blocks, so that they can be copied between files)."""
    samples: dict = {}

    def walk(value):
        tag = getattr(value, "_tag", None)
        if tag and not tag.startswith(RAD_PREFIX) and not uri_match(NDARRAY_TAG_GLOB, tag) \
                and "core/asdf-" not in tag and "core/software-" not in tag and "extension_metadata" not in tag \
                and not _uses_blocks(value):
            samples.setdefault(tag, value)
        if isinstance(value, Mapping):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for raw in raws:
        walk(raw)
    return samples


def maximal_trees(schemas) -> dict:
    """tag -> (raw tree with every optional property filled, blocks, number added)."""
    fakes = {tag: _fake_raw(tag) for tag in schemas}
    samples = _collect_samples(raw for raw in (_inline_raw(tag) for tag in schemas) if raw is not None)
    validator = SubsetValidator(schemas)
    out = {}
    for tag, (data, raw) in fakes.items():
        builder = MaximalBuilder(validator, samples)
        tree = copy.deepcopy(raw)
        builder.fill(tree["roman"], schemas[tag])
        out[tag] = (tree, _blocks(data), builder.added)
    return out


_AGREEMENT_SCHEMAS: dict = {}


def _agreement_init(schemas):
    warnings.simplefilter("ignore")
    _AGREEMENT_SCHEMAS.update(schemas)


def _agreement_for_tag(item):
    tag, yaml_bytes = item  # Tagged trees do not pickle: the worker re-reads the YAML
    raw = _load_raw(yaml_bytes)
    validator = SubsetValidator(_AGREEMENT_SCHEMAS)
    replacements = _REPLACEMENTS
    if "astropy/table/table" in json.dumps(_AGREEMENT_SCHEMAS[tag].get("properties", {}).get("source_catalog", {})):
        # asdf needs ~1 s per validation of a source catalog table: fewer variants.
        replacements = (("null", None), ("integer", 7))
    n = agree = accepted = 0
    disagreements = []
    for path in _agreement_paths(raw["roman"]):
        variants = [("delete", None, True)] + [(name, value, False) for name, value in replacements]
        for name, value, delete in variants:
            tree = copy.deepcopy(raw)
            parent = _get(tree["roman"], path[:-1])
            if delete:
                if not isinstance(parent, Mapping):
                    continue
                del parent[path[-1]]
            else:
                parent[path[-1]] = copy.deepcopy(value)
            ours = bool(validator.validate_tree(tree))
            theirs = bool(_asdf_errors(tree))
            n += 1
            accepted += not theirs
            if ours == theirs:
                agree += 1
            else:
                disagreements.append(
                    f"{tag} {'/'.join(map(str, path))} {name}: ours={'reject' if ours else 'accept'} "
                    f"asdf={'reject' if theirs else 'accept'}"
                )
    return tag, n, agree, accepted, disagreements


def agreement(document: dict, processes: int = 2) -> int:
    """Exhaustive comparison of verdicts (accept/reject) between this validator and
    asdf.schema.validate: for every path of every maximal product tree (not descending
    into non-rad tagged nodes), delete the value and replace it by each value of
    _REPLACEMENTS (source catalogs: delete, null, integer only)."""
    import roman_datamodels  # noqa: F401
    import multiprocessing

    schemas = document["schemas"]
    total = agree = accepted = 0
    disagreements = []
    with multiprocessing.Pool(processes, initializer=_agreement_init, initargs=(schemas,)) as pool:
        items = [(tag, _dump_raw(tree)) for tag, (tree, _, _) in maximal_trees(schemas).items()]
        for tag, n, a, acc, dis in pool.imap(_agreement_for_tag, items):
            total, agree, accepted = total + n, agree + a, accepted + acc
            disagreements += dis
            print(f"{'PASS' if a == n else 'FAIL'}  {tag}: {a}/{n} verdicts agree ({acc} accepted by asdf)", flush=True)
    print(f"agreement: {agree}/{total} verdicts agree ({accepted} accepted by asdf, {total - accepted} rejected)")
    for d in disagreements[:100]:
        print("  DISAGREE " + d)
    return 0 if agree == total else 1


def selftest(document: dict, quick: bool = False, verbose: bool = False) -> int:
    import roman_datamodels  # noqa: F401 - registers the converters
    from roman_datamodels._stnode._registry import NODE_CLASSES_BY_TAG

    schemas = document["schemas"]
    validator = SubsetValidator(schemas)
    failures: list[str] = []
    summary: list[tuple] = []
    n_mut = n_agree = n_added = 0
    warnings.simplefilter("ignore")

    maximal = maximal_trees(schemas)
    for tag, schema in schemas.items():
        cls = NODE_CLASSES_BY_TAG.get(tag)
        if cls is None:
            failures.append(f"{tag}: no roman_datamodels node class")
            continue
        node = cls.create_fake_data(shape=(2, 8, 8))

        # 1. The file roman_datamodels writes from its fake data (validated on write),
        # its YAML tree as Tagged objects (what a reader of the file sees), and a re-dump
        # of that tree followed by the original blocks (the route the mutations take).
        buf = io.BytesIO()
        af = asdf.AsdfFile()
        af["roman"] = node
        af.write_to(buf)
        data = buf.getvalue()
        raw = _load_raw(data)
        ours = validator.validate_tree(raw)
        rdm_errs = _rdm_open_errors(data) + _rdm_open_errors(_dump_raw(raw) + _blocks(data))
        asdf_errs = _asdf_errors(raw)
        ok = not (ours or rdm_errs or asdf_errs)
        if not ok:
            failures.append(f"{tag}: fake data rejected: ours={ours[:3]} asdf={asdf_errs} rdm={rdm_errs}")

        # 2. The same tree with every optional property filled in (MaximalBuilder).
        raw, blocks, added = maximal[tag]
        ours = validator.validate_tree(raw)
        rdm_errs = _rdm_open_errors(_dump_raw(raw) + blocks)
        asdf_errs = _asdf_errors(raw)
        ok_max = not (ours or rdm_errs or asdf_errs)
        if not ok_max:
            failures.append(f"{tag}: maximal tree rejected: ours={ours[:3]} asdf={asdf_errs} rdm={rdm_errs}")
        ok = ok and ok_max
        n_added += added

        # Mutations: ours, asdf.schema.validate and roman_datamodels.open must all reject.
        muts = _mutations(schema, raw["roman"]) + _catalog_mutations(raw["roman"])
        if quick:
            muts = muts[:3]
        results = []
        for name, path, mutate in muts:
            tree = copy.deepcopy(raw)
            mutate(tree["roman"])
            ours = validator.validate_tree(tree)
            theirs = _asdf_errors(tree)
            rdm_errs = _rdm_open_errors(_dump_raw(tree) + blocks)
            rdm_rejects = bool(rdm_errs) and not rdm_errs[0].startswith("ERROR")
            n_mut += 1
            agree = bool(ours) and bool(theirs) and rdm_rejects
            n_agree += agree
            results.append((name, "/".join(map(str, path)), bool(ours), bool(theirs), rdm_rejects))
            if not agree:
                failures.append(
                    f"{tag}: mutation '{name}' at {'/'.join(map(str, path))}: ours={ours[:2]} asdf={theirs} rdm={rdm_errs}"
                )
            elif verbose:
                print(f"    {tag.rsplit('/', 1)[1]} {name}: ours: {ours[0]} | asdf: {theirs[0][:100]}")
        summary.append((tag, ok, results, added))

    print(f"selftest: rad {RAD_VERSION}, {len(schemas)} tags")
    for tag, ok, results, added in summary:
        rejected = sum(1 for r in results if r[2] and r[3] and r[4])
        print(f"{'PASS' if ok and rejected == len(results) else 'FAIL'}  {tag}  "
              f"fake+maximal({added} optional added) accepted by ours+asdf+rdm={ok}  "
              f"mutations rejected by ours+asdf+rdm: {rejected}/{len(results)}")
        for name, path, ours, theirs, rdm_r in results:
            print(f"        {name:<48} {path:<55} ours={'reject' if ours else 'ACCEPT'} "
                  f"asdf={'reject' if theirs else 'ACCEPT'} rdm.open={'reject' if rdm_r else 'ACCEPT'}")
    print(f"optional properties added in maximal trees: {n_added}")
    print(f"mutations: {n_agree}/{n_mut} rejected by all three")
    if failures:
        print("FAILURES:")
        for f in failures:
            print("  " + f)
        return 1
    print("selftest OK")
    return 0


# ---------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the resolved JSON document here")
    parser.add_argument("--swift", type=Path, help="write the Swift source embedding the JSON here")
    parser.add_argument("--stats", action="store_true", help="print statistics on stderr")
    parser.add_argument("--selftest", action="store_true", help="validate fake data and mutations")
    parser.add_argument("--quick", action="store_true", help="with --selftest: at most 3 mutations per tag")
    parser.add_argument("--agreement", action="store_true",
                        help="exhaustive: delete/replace every value of every fake product, compare verdicts with asdf")
    parser.add_argument("--verbose", action="store_true", help="with --selftest: print the first error of each side")
    args = parser.parse_args(argv)

    resolver = Resolver()
    document = build_document(resolver)
    json_text = to_json(document)
    # The JSON must round-trip unchanged (determinism, JSON-compatibility).
    assert to_json(json.loads(json_text)) == json_text

    if args.json:
        args.json.write_text(json_text + "\n", encoding="utf-8")
    if args.swift:
        args.swift.parent.mkdir(parents=True, exist_ok=True)
        args.swift.write_text(swift_source(json_text), encoding="utf-8")
    if args.stats:
        print_stats(resolver, document, json_text)
    if not (args.json or args.swift or args.stats or args.selftest or args.agreement):
        sys.stdout.write(json_text + "\n")
    status = 0
    if args.selftest:
        status |= selftest(json.loads(json_text), quick=args.quick, verbose=args.verbose)
    if args.agreement:
        status |= agreement(json.loads(json_text))
    return status


if __name__ == "__main__":
    sys.exit(main())
