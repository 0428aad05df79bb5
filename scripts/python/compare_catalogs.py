"""Compares two source catalogs of one image, ours and romancal's (each a _cat.parquet or a
catalog-model _cat.asdf), and optionally their segmentation maps.

Usage: compare_catalogs.py OURS ROMANCAL [--segm OURS_SEGM ROMANCAL_SEGM] [--match-radius PX]

Sources are matched by centroid (nearest within --match-radius pixels, default 1). Prints one
JSON object: counts, matched fraction, and for each numeric column present in both the median
and 95th percentile of |ours - romancal| and of the relative difference over matched sources;
with --segm, the fraction of pixels whose source membership (0 or not) agrees and whether the
label counts agree.
"""
import argparse
import json

import numpy as np


def read_table(path):
    if path.endswith(".parquet"):
        import pyarrow.parquet as pq
        table = pq.read_table(path)
        return {name: np.asarray(col) for name, col in zip(table.column_names, table.columns)}
    import roman_datamodels as rdm
    with rdm.open(path) as model:
        table = model.source_catalog
        return {name: np.array(table[name]) for name in table.colnames}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ours")
    parser.add_argument("romancal")
    parser.add_argument("--segm", nargs=2)
    parser.add_argument("--match-radius", type=float, default=1.0)
    args = parser.parse_args()
    a, b = read_table(args.ours), read_table(args.romancal)
    out = {"ours": int(len(a["label"])), "romancal": int(len(b["label"]))}
    ax, ay, bx, by = a["x_centroid"], a["y_centroid"], b["x_centroid"], b["y_centroid"]
    pairs = []
    for i in range(len(ax)):
        d = np.hypot(bx - ax[i], by - ay[i])
        if len(d) and np.nanmin(d) <= args.match_radius:
            pairs.append((i, int(np.nanargmin(d))))
    out["matched"] = len(pairs)
    columns = {}
    if pairs:
        ia, ib = np.array(pairs).T
        for name in a:
            if name not in b or a[name].dtype.kind not in "fiub":
                continue
            va, vb = a[name][ia].astype(float), b[name][ib].astype(float)
            ok = np.isfinite(va) & np.isfinite(vb)
            if not ok.any():
                columns[name] = {"finite_both": 0, "nan_ours": int((~np.isfinite(va)).sum()), "nan_romancal": int((~np.isfinite(vb)).sum())}
                continue
            diff = np.abs(va[ok] - vb[ok])
            rel = diff / np.maximum(np.abs(vb[ok]), 1e-30)
            columns[name] = {"finite_both": int(ok.sum()), "median_abs": float(np.median(diff)),
                             "p95_abs": float(np.percentile(diff, 95)), "median_rel": float(np.median(rel)),
                             "p95_rel": float(np.percentile(rel, 95)),
                             "nan_ours": int((~np.isfinite(va)).sum()), "nan_romancal": int((~np.isfinite(vb)).sum())}
    out["columns"] = columns
    if args.segm:
        import roman_datamodels as rdm
        models = [rdm.open(p) for p in args.segm]
        sa, sb = (np.array(m.data) for m in models)
        out["segm_membership_agreement"] = float(np.mean((sa > 0) == (sb > 0)))
        out["segm_labels"] = [int(sa.max()), int(sb.max())]
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
