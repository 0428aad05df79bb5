"""Reads a catalog run's outputs with the reference tools and prints what they see, as JSON.

Usage: catalog_check.py CAT SEGM

CAT is a _cat.parquet (read with pyarrow and with astropy's Table.read) or a catalog-model
_cat.asdf (opened and validated with roman_datamodels); SEGM a _segm.asdf (opened and validated
with roman_datamodels). Prints {"rows", "columns": [[name, arrow or numpy type, unit], ...],
"model_type", "meta_keys" (parquet key-value keys), "labels" (max label), "segm_model",
"segm_dtype", "segm_shape", "has_detection_image"}.
"""
import json
import sys

import numpy as np
import roman_datamodels as rdm


def main():
    cat, segm = sys.argv[1], sys.argv[2]
    out = {}
    if cat.endswith(".parquet"):
        import pyarrow.parquet as pq
        from astropy.table import Table
        table = pq.read_table(cat)
        astropy_table = Table.read(cat)
        out["rows"] = table.num_rows
        out["columns"] = [[f.name, str(f.type), None if astropy_table[f.name].unit is None else str(astropy_table[f.name].unit)]
                          for f in table.schema]
        out["descriptions"] = {name: astropy_table[name].description for name in astropy_table.colnames}
        metadata = {k.decode(): v.decode() for k, v in table.schema.metadata.items()}
        out["meta_keys"] = sorted(metadata)
        out["model_type"] = metadata.get("roman.meta.model_type")
        out["filename"] = metadata.get("roman.meta.filename")
        out["astropy_meta"] = sorted(astropy_table.meta)
        out["label_column"] = [int(v) for v in np.asarray(table["label"])]
    else:
        with rdm.open(cat) as model:
            model.validate()
            table = model.source_catalog
            out["rows"] = len(table)
            out["columns"] = [[name, str(table[name].dtype), None if table[name].unit is None else str(table[name].unit)]
                              for name in table.colnames]
            out["model_type"] = type(model).__name__
            out["label_column"] = [int(v) for v in np.asarray(table["label"])]
    with rdm.open(segm) as model:
        model.validate()
        data = np.asarray(model.data)
        out["segm_model"] = type(model).__name__
        out["segm_dtype"] = str(data.dtype)
        out["segm_shape"] = list(data.shape)
        out["labels"] = sorted(int(v) for v in np.unique(data) if v != 0)
        out["has_detection_image"] = "detection_image" in model
        out["image_filename"] = str(model.meta.image.filename)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
