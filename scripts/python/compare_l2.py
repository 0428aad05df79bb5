#!/usr/bin/env python3
"""Compare two L2 calibrated images of the same exposure: ours and romancal's.

Usage: compare_l2.py OURS_cal.asdf ROMANCAL_cal.asdf [--truth-rate RATE.npy]

Prints one JSON object:

* ``rate``: over the science pixels flagged DO_NOT_USE in neither file and finite in
  both, the differences ``(ours - romancal) / err_romancal``: the fraction of pixels
  with ``|difference| < 0.01`` (the goal is at least 99.9%), the 50th / 99th / 99.9th
  percentiles of ``|difference|``, the median rate of both and the number of pixels
  compared;
* ``jumps``: pixels with JUMP_DET in either file; the fraction flagged in both (the goal
  is at least 99%), and the counts flagged by each;
* ``dq``: for each of DO_NOT_USE, SATURATED and JUMP_DET, the pixels flagged by each and by
  both;
* ``err``: the median ratio of the errors (ours / romancal) on the compared pixels;
* ``cal_step`` of both files.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

DO_NOT_USE, SATURATED, JUMP_DET = 1, 2, 4


def load(path):
    import roman_datamodels as rdm

    with rdm.open(path) as model:
        return {
            "data": np.asarray(model.data, dtype=np.float64),
            "err": np.asarray(model.err, dtype=np.float64),
            "dq": np.asarray(model.dq, dtype=np.uint32),
            "cal_step": {k: str(v) for k, v in dict(model.meta.cal_step).items()},
        }


def compare(ours, theirs):
    usable = ((ours["dq"] & DO_NOT_USE) == 0) & ((theirs["dq"] & DO_NOT_USE) == 0)
    usable &= np.isfinite(ours["data"]) & np.isfinite(theirs["data"]) & (theirs["err"] > 0)
    usable &= np.isfinite(ours["err"])
    difference = np.abs(ours["data"] - theirs["data"])[usable] / theirs["err"][usable]
    jumps_ours = (ours["dq"] & JUMP_DET) != 0
    jumps_theirs = (theirs["dq"] & JUMP_DET) != 0
    either = jumps_ours | jumps_theirs
    both = jumps_ours & jumps_theirs
    flags = {}
    for name, bit in (("do_not_use", DO_NOT_USE), ("saturated", SATURATED), ("jump_det", JUMP_DET)):
        a, b = (ours["dq"] & bit) != 0, (theirs["dq"] & bit) != 0
        flags[name] = {"ours": int(a.sum()), "romancal": int(b.sum()), "both": int((a & b).sum())}
    return {
        "rate": {
            "pixels_compared": int(usable.sum()),
            "fraction_within_0.01_sigma": float(np.mean(difference < 0.01)) if difference.size else None,
            "abs_difference_sigma_p50_p99_p999": [float(np.percentile(difference, q)) for q in (50, 99, 99.9)]
            if difference.size else None,
            "median_rate_ours": float(np.median(ours["data"][usable])),
            "median_rate_romancal": float(np.median(theirs["data"][usable])),
        },
        "jumps": {
            "pixels_flagged_in_either": int(either.sum()),
            "fraction_flagged_in_both": float(both.sum() / either.sum()) if either.any() else 1.0,
            "ours": int(jumps_ours.sum()),
            "romancal": int(jumps_theirs.sum()),
        },
        "dq": flags,
        "err": {"median_ratio": float(np.median(ours["err"][usable] / theirs["err"][usable]))},
        "cal_step": {"ours": ours["cal_step"], "romancal": theirs["cal_step"]},
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ours")
    parser.add_argument("romancal")
    args = parser.parse_args(argv[1:])
    print(json.dumps(compare(load(args.ours), load(args.romancal)), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
