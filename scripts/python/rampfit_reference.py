"""Reference ramp fits with stcal, as romancal's ramp_fit step calls them.

    python rampfit_reference.py DIR

DIR holds meta.json ({"shape": [resultants, rows, columns], "read_pattern": [[...]],
"frame_time": s}) and raw native-endian arrays: data.f32 (resultants, rows, columns, DN),
groupdq.u8, pixeldq.u32, readnoise.f32 and gain.f32 (rows, columns). Writes, for ALG in
likely and ols_cas22: ALG_slope.f32, ALG_var_poisson.f32, ALG_var_rnoise.f32, ALG_err.f32,
ALG_chisq.f32, ALG_dq.u32 and ALG_groupdq.u8.
"""

import json
import sys
from pathlib import Path

import numpy as np
from stcal.ramp_fitting import ols_cas22_fit
from stcal.ramp_fitting.likely_fit import likely_ramp_fit
from stcal.ramp_fitting.ols_cas22 import Parameter, Variance
from stcal.ramp_fitting.ramp_fit_class import RampData

DO_NOT_USE, SATURATED, JUMP_DET, NO_GAIN_VALUE = 1, 2, 4, 1 << 19
SQRT2 = np.sqrt(2)


def load(folder):
    meta = json.loads((folder / "meta.json").read_text())
    ng, ny, nx = meta["shape"]
    data = np.fromfile(folder / "data.f32", dtype=np.float32).reshape(ng, ny, nx)
    gdq = np.fromfile(folder / "groupdq.u8", dtype=np.uint8).reshape(ng, ny, nx)
    pdq = np.fromfile(folder / "pixeldq.u32", dtype=np.uint32).reshape(ny, nx)
    rn = np.fromfile(folder / "readnoise.f32", dtype=np.float32).reshape(ny, nx)
    gain = np.fromfile(folder / "gain.f32", dtype=np.float32).reshape(ny, nx)
    return meta, data, gdq, pdq, rn, gain


def write(folder, alg, slope, var_p, var_r, err, chisq, dq, gdq):
    for name, arr, dtype in [("slope", slope, np.float32), ("var_poisson", var_p, np.float32),
                             ("var_rnoise", var_r, np.float32), ("err", err, np.float32),
                             ("chisq", chisq, np.float32)]:
        np.asarray(arr, dtype=dtype).tofile(folder / f"{alg}_{name}.f32")
    np.asarray(dq, dtype=np.uint32).tofile(folder / f"{alg}_dq.u32")
    np.asarray(gdq, dtype=np.uint8).tofile(folder / f"{alg}_groupdq.u8")


def likely(folder, meta, data, gdq, pdq, rn, gain):
    # romancal ramp_fit_step.likely: a 4-d cube, read times in seconds, CDS read noise.
    ramp = RampData()
    ramp.set_arrays(data[np.newaxis].copy(), gdq[np.newaxis].copy(), pdq.copy(), np.zeros(rn.shape))
    ramp.read_pattern = [list(np.array(r) * meta["frame_time"]) for r in meta["read_pattern"]]
    ramp.zeroframe = None
    ramp.rejection_threshold = 4.5
    ramp.flags_do_not_use, ramp.flags_saturated, ramp.flags_jump_det = DO_NOT_USE, SATURATED, JUMP_DET
    image_info, _, _ = likely_ramp_fit(ramp, rn * SQRT2, gain, jump_data=None)
    oneresultant = np.sum((ramp.groupdq[0] & (SATURATED | DO_NOT_USE)) == 0, axis=0) <= 1
    dq = image_info["dq"] | (DO_NOT_USE * oneresultant).astype(np.uint32)
    write(folder, "likely", image_info["slope"], image_info["var_poisson"], image_info["var_rnoise"],
          image_info["err"], image_info["chisq"], dq, ramp.groupdq[0])


def ols_cas22(folder, meta, data, gdq, pdq, rn, gain):
    # romancal ramp_fit_step.ols_cas22 (electrons in, DN/s out).
    out = ols_cas22_fit.fit_ramps_casertano(data * gain, gdq, rn * gain, meta["frame_time"],
                                            read_pattern=[list(r) for r in meta["read_pattern"]], use_jump=True)
    slopes = out.parameters[..., Parameter.slope] / gain
    var_r = out.variances[..., Variance.read_var] / gain**2
    var_p = out.variances[..., Variance.poisson_var] / gain**2
    err = np.sqrt(var_p + var_r)
    odq = out.dq.astype(np.uint32)
    dq = pdq.copy()
    dq |= (np.any(odq & JUMP_DET, axis=0) * JUMP_DET).astype(np.uint32)
    dq |= (np.all(odq & SATURATED, axis=0) * SATURATED).astype(np.uint32)
    m = np.all(odq & (SATURATED | DO_NOT_USE), axis=0) | ~np.isfinite(slopes) | (err <= 0)
    dq |= (m * DO_NOT_USE).astype(np.uint32)
    dq |= (((gain < 0) | ~np.isfinite(gain)) * NO_GAIN_VALUE).astype(np.uint32)
    write(folder, "ols_cas22", slopes, var_p, var_r, err, np.zeros_like(slopes), dq, odq)


def main():
    folder = Path(sys.argv[1])
    inputs = load(folder)
    likely(folder, *inputs)
    ols_cas22(folder, *inputs)
    print("ok")


if __name__ == "__main__":
    main()
