"""JSON summary of a romancal L2 (_cal.asdf) file, for scripts/romancal-compare.

    python romancal_summary.py CAL.asdf [--truth r<visit>_truth.ecsv] [--filter F158]
                               [--zp 26.5088] [--gain 2.0] [--nstars 50] [--radius 15]

Prints one JSON object: the cal_step values, the shapes of data / err / dq, the median
rate (DN/s, finite pixels without DO_NOT_USE), the number of pixels flagged JUMP_DET, and
with --truth a comparison of measured and true rates of the NSTARS brightest isolated
stars of the truth catalog (the simulator's r<visit>_truth.ecsv: F158 etc. are fluxes in
maggies): the true rate is maggies * 10**(0.4 * ZP) e/s / GAIN (ZP: AB magnitude of
1 e/s in the filter, 26.5088 for F158), the measured one the sum of (rate - sky) in a
RADIUS-pixel aperture around the star's position from the file's WCS
(model.meta.wcs.world_to_pixel), sky being the median of an annulus of RADIUS+5 to
RADIUS+15 pixels. Isolated: no other truth source brighter than 1% of the star within
2 * RADIUS pixels; stars whose aperture or annulus leaves the image, or whose aperture has
non-finite or DO_NOT_USE pixels, are not used.
"""

import argparse
import json
import sys

import numpy as np
import roman_datamodels as rdm
from roman_datamodels.dqflags import pixel


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def basic_summary(model):
    data = np.asarray(model.data)
    dq = np.asarray(model.dq)
    good = np.isfinite(data) & ((dq & pixel.DO_NOT_USE) == 0)
    summary = {
        "file": model.meta.filename,
        "cal_step": {k: _jsonable(v) for k, v in model.meta.cal_step.items()},
        "shape": {
            "data": list(data.shape),
            "err": list(np.shape(model.err)),
            "dq": list(dq.shape),
        },
        "median_rate_dn_s": float(np.median(data[good])) if good.any() else None,
        "median_err_dn_s": float(np.nanmedian(np.asarray(model.err)[good])) if good.any() else None,
        "n_pixels": int(data.size),
        "n_nonfinite": int(np.count_nonzero(~np.isfinite(data))),
        "n_do_not_use": int(np.count_nonzero(dq & pixel.DO_NOT_USE)),
        "n_saturated": int(np.count_nonzero(dq & pixel.SATURATED)),
        "n_jump_det": int(np.count_nonzero(dq & pixel.JUMP_DET)),
    }
    return summary


def star_comparison(model, truth_path, filt, zp, gain, nstars, radius):
    from astropy.coordinates import SkyCoord
    from astropy.table import Table
    import astropy.units as u

    truth = Table.read(truth_path, format="ascii.ecsv")
    flux = np.asarray(truth[filt], dtype=float)  # maggies
    true_rate = flux * 10 ** (0.4 * zp) / gain  # DN/s
    world = SkyCoord(np.asarray(truth["ra"]) * u.deg, np.asarray(truth["dec"]) * u.deg)
    x, y = model.meta.wcs.world_to_pixel(world)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)

    data = np.asarray(model.data, dtype=float)
    dq = np.asarray(model.dq)
    ny, nx = data.shape
    r_in, r_out = radius + 5, radius + 15
    is_star = np.asarray([str(t).upper() in ("PSF", "STAR") for t in truth["type"]])
    inside = (
        np.isfinite(x) & np.isfinite(y)
        & (x >= r_out) & (x <= nx - 1 - r_out) & (y >= r_out) & (y <= ny - 1 - r_out)
    )
    on_image = np.isfinite(x) & (x > -2 * radius) & (x < nx + 2 * radius) & \
        np.isfinite(y) & (y > -2 * radius) & (y < ny + 2 * radius)
    nx_all, ny_all, rate_all = x[on_image], y[on_image], true_rate[on_image]

    half = int(np.ceil(r_out)) + 1
    yy, xx = np.mgrid[-half:half + 1, -half:half + 1]
    counts = {"stars_on_image": int(np.count_nonzero(is_star & inside)),
              "not_isolated": 0, "flagged_or_nonfinite": 0}
    rows = []
    for i in np.argsort(-true_rate):
        if len(rows) >= nstars:
            break
        if not (is_star[i] and inside[i] and true_rate[i] > 0):
            continue
        d2 = (nx_all - x[i]) ** 2 + (ny_all - y[i]) ** 2
        neighbours = (d2 < (2 * radius) ** 2) & (d2 > 1e-6) & (rate_all > 0.01 * true_rate[i])
        if neighbours.any():
            counts["not_isolated"] += 1
            continue
        cx, cy = int(round(x[i])), int(round(y[i]))
        cut = data[cy - half:cy + half + 1, cx - half:cx + half + 1]
        cdq = dq[cy - half:cy + half + 1, cx - half:cx + half + 1]
        r = np.hypot(xx + cx - x[i], yy + cy - y[i])
        aper = r <= radius
        ann = (r >= r_in) & (r <= r_out) & np.isfinite(cut) & ((cdq & pixel.DO_NOT_USE) == 0)
        if not np.all(np.isfinite(cut[aper])) or np.any(cdq[aper] & pixel.DO_NOT_USE):
            counts["flagged_or_nonfinite"] += 1
            continue
        sky = float(np.median(cut[ann]))
        measured = float(np.sum(cut[aper] - sky))
        rows.append({
            "id": int(truth["id"][i]),
            "x": round(float(x[i]), 2),
            "y": round(float(y[i]), 2),
            "true_dn_s": float(true_rate[i]),
            "measured_dn_s": measured,
            "ratio": measured / float(true_rate[i]),
            "sky_dn_s": sky,
            "saturated_pixels": int(np.count_nonzero(cdq[aper] & pixel.SATURATED)),
        })
    result = {"truth": truth_path, "filter": filt, "zp": zp, "gain": gain,
              "aperture_radius_px": radius, "sky_annulus_px": [r_in, r_out], **counts,
              "n_used": len(rows)}
    if rows:
        ratio = np.array([row["ratio"] for row in rows])
        med = float(np.median(ratio))
        result.update({
            "median_ratio": med,
            "mad_std_ratio": float(1.4826 * np.median(np.abs(ratio - med))),
            "std_ratio": float(np.std(ratio)),
            "min_ratio": float(ratio.min()),
            "max_ratio": float(ratio.max()),
            "true_dn_s_range": [float(min(r["true_dn_s"] for r in rows)),
                                float(max(r["true_dn_s"] for r in rows))],
            "n_with_saturated_pixels": int(sum(r["saturated_pixels"] > 0 for r in rows)),
            "brightest": rows[:5],
        })
    return result


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("cal")
    p.add_argument("--truth")
    p.add_argument("--filter", help="truth column (default: the file's optical_element)")
    p.add_argument("--zp", type=float, default=26.5088,
                   help="AB magnitude of 1 e/s in the filter (default: F158's)")
    p.add_argument("--gain", type=float, default=2.0, help="e/DN")
    p.add_argument("--nstars", type=int, default=50)
    p.add_argument("--radius", type=float, default=15.0)
    args = p.parse_args(argv)

    with rdm.open(args.cal) as model:
        summary = basic_summary(model)
        if "photometry" in model.meta:
            summary["photometry"] = {
                k: _jsonable(v) for k, v in model.meta.photometry.items()
            }
        if args.truth:
            filt = args.filter or str(model.meta.instrument.optical_element).upper()
            try:
                summary["stars"] = star_comparison(
                    model, args.truth, filt, args.zp, args.gain, args.nstars, args.radius
                )
            except Exception as exc:  # optional part: report, do not fail
                summary["stars"] = {"error": f"{type(exc).__name__}: {exc}"}
    json.dump(summary, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
