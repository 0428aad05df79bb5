"""Prepares an L2 image for SExtractor (Bertin & Arnouts 1996; Debian's `source-extractor`) with
settings equivalent to romancal's source catalog, for `roman-bench catalog`.

Usage: sextractor_input.py CAL OUTDIR [--box 1000] [--kernel-fwhm 2.0] [--snr 3] [--npixels 25]

Writes OUTDIR/image.fits (data, DN/s; masked pixels 0), OUTDIR/rms.fits (err; masked pixels
1e30, which SExtractor treats as no data), OUTDIR/gauss.conv (the same 2-D Gaussian kernel as
photutils' make_2dgaussian_kernel), OUTDIR/catalog.param and OUTDIR/catalog.sex, and prints the
command line to run (JSON: {"command": [...]}). SExtractor then writes its catalog and, like
romancal and `roman catalog`, a segmentation image (OUTDIR/segmentation.fits). Masked pixels as romancal's: non-finite data or
err, err <= 0, DO_NOT_USE.
"""
import argparse
import json
import os

import numpy as np
import roman_datamodels as rdm
from astropy.io import fits
from photutils.segmentation import make_2dgaussian_kernel

PARAMETERS = """NUMBER
X_IMAGE
Y_IMAGE
XWIN_IMAGE
YWIN_IMAGE
ISOAREA_IMAGE
A_IMAGE
B_IMAGE
THETA_IMAGE
FLUX_ISO
FLUXERR_ISO
FLUX_AUTO
FLUXERR_AUTO
KRON_RADIUS
FLUX_APER(5)
FLUXERR_APER(5)
FLUX_RADIUS
FLAGS
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cal")
    parser.add_argument("outdir")
    parser.add_argument("--box", type=int, default=1000)
    parser.add_argument("--kernel-fwhm", type=float, default=2.0)
    parser.add_argument("--snr", type=float, default=3.0)
    parser.add_argument("--npixels", type=int, default=25)
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    with rdm.open(args.cal) as model:
        data = np.array(model.data, dtype=np.float32)
        err = np.array(model.err, dtype=np.float32)
        dq = np.array(model.dq)
    mask = ~np.isfinite(data) | ~np.isfinite(err) | (err <= 0) | ((dq & 1) != 0)
    data[mask] = 0
    err[mask] = 1e30
    image, rms = os.path.join(args.outdir, "image.fits"), os.path.join(args.outdir, "rms.fits")
    fits.writeto(image, data, overwrite=True)
    fits.writeto(rms, err, overwrite=True)
    size = int(np.ceil(3 * args.kernel_fwhm))
    size += 1 - size % 2
    kernel = make_2dgaussian_kernel(args.kernel_fwhm, size=size).array
    conv = os.path.join(args.outdir, "gauss.conv")
    with open(conv, "w") as f:
        f.write("CONV NORM\n")
        for row in kernel:
            f.write(" ".join(f"{v:.6f}" for v in row) + "\n")
    param = os.path.join(args.outdir, "catalog.param")
    with open(param, "w") as f:
        f.write(PARAMETERS)
    pixel_scale = 0.11
    radii_px = " ".join(f"{2 * r / pixel_scale:.3f}" for r in (0.1, 0.2, 0.4, 0.8, 1.6))  # diameters
    config = os.path.join(args.outdir, "catalog.sex")
    with open(config, "w") as f:
        f.write(f"""CATALOG_NAME {os.path.join(args.outdir, 'catalog.fits')}
CATALOG_TYPE FITS_LDAC
PARAMETERS_NAME {param}
DETECT_TYPE CCD
DETECT_MINAREA {args.npixels}
DETECT_THRESH {args.snr}
ANALYSIS_THRESH {args.snr}
THRESH_TYPE RELATIVE
FILTER Y
FILTER_NAME {conv}
DEBLEND_NTHRESH 32
DEBLEND_MINCONT 1.0
CLEAN N
WEIGHT_TYPE MAP_RMS
WEIGHT_IMAGE {rms}
PHOT_APERTURES {radii_px}
PHOT_AUTOPARAMS 2.5,1.4
BACK_TYPE AUTO
BACK_SIZE {args.box}
BACK_FILTERSIZE 3
MEMORY_OBJSTACK 30000
MEMORY_PIXSTACK 3000000
MEMORY_BUFSIZE 4096
CHECKIMAGE_TYPE SEGMENTATION
CHECKIMAGE_NAME {os.path.join(args.outdir, 'segmentation.fits')}
VERBOSE_TYPE QUIET
NTHREADS 0
""")
    print(json.dumps({"command": ["source-extractor", image, "-c", config]}))


if __name__ == "__main__":
    main()
