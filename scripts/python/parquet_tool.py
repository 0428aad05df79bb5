"""Python side of the Parquet interoperability tests (Tests/ParquetTests).

    parquet_tool.py dump FILE      what pyarrow reads from FILE, as JSON
    parquet_tool.py astropy FILE   what astropy.table.Table.read(FILE, format='parquet') gives, as JSON
    parquet_tool.py make OUTDIR    pyarrow-written files of every type, encoding, codec and page
                                   version, and OUTDIR/manifest.json with their expected content

Values are compared as "cells" so nothing is lost in JSON: booleans "true"/"false", integers in
decimal, floats as the hex bit pattern of their own width (float16 4 digits, float32 8, float64
16), strings as themselves, nulls as JSON null.
"""

import json
import struct
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

FLOAT_FORMATS = {"halffloat": ("<e", "<H", 4), "float": ("<f", "<I", 8), "double": ("<d", "<Q", 16)}


def cell(value, type_name):
    """The cell text of one Python value of an Arrow column of type `type_name`."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if type_name in FLOAT_FORMATS:
        pack, unpack, digits = FLOAT_FORMATS[type_name]
        bits = struct.unpack(unpack, struct.pack(pack, value))[0]
        return format(bits, "0%dx" % digits)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def numpy_cell(value, dtype):
    """The cell text of one numpy scalar (astropy columns)."""
    if dtype.kind == "b":
        return "true" if bool(value) else "false"
    if dtype.kind == "f":
        return format(int(np.array([value], dtype=dtype).view("u%d" % dtype.itemsize)[0]), "0%dx" % (2 * dtype.itemsize))
    if dtype.kind in "iu":
        return str(int(value))
    return str(value)


def dump(path):
    """Schema, metadata, row groups, statistics and every value as pyarrow reads them."""
    parquet_file = pq.ParquetFile(path)
    table = pq.read_table(path)
    metadata = parquet_file.metadata
    fields = []
    for field in table.schema:
        fields.append({
            "name": field.name,
            "type": str(field.type),
            "nullable": field.nullable,
            "metadata": {k.decode(): v.decode() for k, v in (field.metadata or {}).items()},
            "cells": [cell(v, str(field.type)) for v in table.column(field.name).to_pylist()],
        })
    groups = []
    for g in range(metadata.num_row_groups):
        group = metadata.row_group(g)
        chunks = []
        for c in range(group.num_columns):
            chunk = group.column(c)
            stats = chunk.statistics
            entry = {"codec": chunk.compression, "encodings": list(chunk.encodings), "num_values": chunk.num_values}
            if stats is not None:
                entry["null_count"] = stats.null_count
                entry["has_min_max"] = stats.has_min_max
                if stats.has_min_max:
                    type_name = str(table.schema.field(c).type)
                    low, high = stats.min, stats.max
                    if isinstance(low, bytes):  # float16 statistics come back as raw bytes
                        low, high = struct.unpack("<e", low)[0], struct.unpack("<e", high)[0]
                    entry["min"] = cell(low, type_name)
                    entry["max"] = cell(high, type_name)
            chunks.append(entry)
        groups.append({"num_rows": group.num_rows, "columns": chunks})
    schema_metadata = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    return {
        "num_rows": table.num_rows,
        "fields": fields,
        "schema_metadata": schema_metadata,
        "row_groups": groups,
        "created_by": metadata.created_by,
    }


def json_safe(value):
    """Table meta values as JSON (floats as cells so NaN and infinities survive)."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return {"float": cell(float(value), "double")}
    if value is None:
        return None
    return str(value)


def read_astropy(path):
    """Columns (dtype, unit, description, cells) and meta of astropy's Table.read."""
    from astropy.table import Table

    table = Table.read(path, format="parquet")
    columns = []
    for name in table.colnames:
        column = table[name]
        values = np.asarray(column)
        mask = np.ma.getmaskarray(column) if hasattr(column, "mask") else np.zeros(len(column), bool)
        columns.append({
            "name": name,
            "dtype": str(values.dtype),
            "unit": None if column.unit is None else column.unit.to_string(),
            "description": column.description,
            "cells": [None if m else numpy_cell(v, values.dtype) for v, m in zip(values, mask)],
        })
    return {"columns": columns, "meta": json_safe(dict(table.meta))}


def sample_table(rows=37):
    """Every Arrow type the Swift reader maps, with nulls in several columns."""
    rng = np.random.default_rng(7)

    def nulls(every):
        return np.array([i % every == 0 for i in range(rows)])

    columns = {
        "flag": pa.array(rng.integers(0, 2, rows).astype(bool), mask=nulls(5)),
        "i8": pa.array(rng.integers(-128, 128, rows).astype(np.int8)),
        "i16": pa.array(rng.integers(-32768, 32768, rows).astype(np.int16), mask=nulls(7)),
        "i32": pa.array(rng.integers(-2**31, 2**31, rows).astype(np.int32)),
        "i64": pa.array(np.concatenate([[-2**63, 2**63 - 1], rng.integers(-10, 10, rows - 2)]).astype(np.int64), mask=nulls(6)),
        "u8": pa.array(rng.integers(0, 256, rows).astype(np.uint8)),
        "u16": pa.array(rng.integers(0, 65536, rows).astype(np.uint16)),
        "u32": pa.array(np.concatenate([[2**32 - 1, 0], rng.integers(0, 2**32, rows - 2)]).astype(np.uint32), mask=nulls(9)),
        "u64": pa.array(np.concatenate([np.array([2**64 - 1, 2**63], dtype=np.uint64),
                                        rng.integers(0, 100, rows - 2).astype(np.uint64)])),
        "f16": pa.array(rng.normal(size=rows).astype(np.float16), mask=nulls(4)),
        "f32": pa.array(np.concatenate([[np.nan, -0.0, np.inf], rng.normal(size=rows - 3)]).astype(np.float32)),
        "f64": pa.array(np.concatenate([[-np.inf, 0.0], rng.normal(size=rows - 2)]), mask=nulls(8)),
        "repeated": pa.array(rng.integers(0, 3, rows).astype(np.float64)),
        "name": pa.array(["src_%d" % (i % 5) if i % 3 else "é✓%d" % i for i in range(rows)], mask=nulls(10)),
    }
    return pa.table(columns)


def make(outdir):
    """pyarrow-written files in many configurations, and their expected cells."""
    table = sample_table()
    ints = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"]
    floats = ["f16", "f32", "f64", "repeated"]
    configurations = {
        "default.parquet": {},
        "v2_snappy.parquet": {"data_page_version": "2.0", "compression": "snappy"},
        "v2_zstd_groups.parquet": {"data_page_version": "2.0", "compression": "zstd", "row_group_size": 10},
        "v2_uncompressed_plain.parquet": {"data_page_version": "2.0", "compression": "none", "use_dictionary": False},
        "gzip_groups_pages.parquet": {"compression": "gzip", "row_group_size": 16, "data_page_size": 64,
                                      "write_batch_size": 8},
        "lz4_plain.parquet": {"compression": "lz4", "use_dictionary": False},
        "uncompressed.parquet": {"compression": "none"},
        "checksums.parquet": {"write_page_checksum": True, "compression": "zstd"},
        "no_arrow_schema.parquet": {"store_schema": False},
        "byte_stream_split.parquet": {"use_dictionary": False,
                                      "column_encoding": {name: "BYTE_STREAM_SPLIT" for name in floats + ["i32", "i64"]}},
        "delta.parquet": {"use_dictionary": False, "data_page_version": "2.0",
                          "column_encoding": dict({name: "DELTA_BINARY_PACKED" for name in ints}, name="DELTA_BYTE_ARRAY")},
        "delta_length.parquet": {"use_dictionary": False, "column_encoding": {"name": "DELTA_LENGTH_BYTE_ARRAY"}},
    }
    manifest = {}
    expected = {field.name: [cell(v, str(field.type)) for v in table.column(field.name).to_pylist()]
                for field in table.schema}
    types = {field.name: str(field.type) for field in table.schema}
    for name, options in configurations.items():
        pq.write_table(table, f"{outdir}/{name}", **options)
        manifest[name] = {"cells": expected, "types": types, "options": {k: str(v) for k, v in options.items()}}

    # An astropy-written table: units, descriptions and meta in table_meta_yaml.
    from astropy.table import Table
    import astropy.units as u

    astropy_table = Table()
    astropy_table["ra"] = np.array([10.5, 11.25, 12.0]) * u.deg
    astropy_table["flux"] = np.array([1.5, 2.5, 3.5], dtype=np.float32) * u.nJy
    astropy_table["flux"].description = "PSF flux"
    astropy_table["id"] = np.array([1, 2, 3], dtype=np.int64)
    astropy_table.meta["aperture_radii"] = [1, 2]
    astropy_table.meta["origin"] = "test"
    astropy_table.write(f"{outdir}/astropy.parquet", format="parquet", overwrite=True)
    manifest["astropy.parquet"] = {
        "units": {"ra": "deg", "flux": "nJy"},
        "descriptions": {"flux": "PSF flux"},
        "meta": json_safe(dict(astropy_table.meta)),
    }

    # Units only in Arrow field metadata, as roman_datamodels writes every field.
    fields = [pa.field("x", pa.float32(), metadata={"unit": "pix"}), pa.field("y", pa.float32(), metadata={"unit": "None"})]
    units_table = pa.Table.from_arrays([pa.array([1.0, 2.0], pa.float32()), pa.array([3.0, 4.0], pa.float32())],
                                       schema=pa.schema(fields, metadata={"roman.meta.filename": "a.parquet"}))
    pq.write_table(units_table, f"{outdir}/field_units.parquet", compression=None)
    manifest["field_units.parquet"] = {"units": {"x": "pix"}, "keys": {"roman.meta.filename": "a.parquet"}}

    # A nested column the reader must reject by name.
    nested = pa.table({"ok": pa.array([1, 2], pa.int32()), "lists": pa.array([[1, 2], [3]], pa.list_(pa.int32()))})
    pq.write_table(nested, f"{outdir}/nested.parquet")
    manifest["nested.parquet"] = {"unsupported": "lists"}

    with open(f"{outdir}/manifest.json", "w") as out:
        json.dump(manifest, out)
    return {"files": sorted(manifest)}


def main():
    command, argument = sys.argv[1], sys.argv[2]
    if command == "dump":
        result = dump(argument)
    elif command == "astropy":
        result = read_astropy(argument)
    elif command == "make":
        result = make(argument)
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
