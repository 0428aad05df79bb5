"""Runs romancal 1.1.0's SourceCatalogStep offline on one L2 (`_cal.asdf`) or L3 file.

Usage: catalog_romancal.py INPUT OUTDIR --apcorr FILE [--epsf FILE] [--deblend]
       [--snr-threshold X] [--npixels N] [--kernel-fwhm X] [--bkg-boxsize N]

Writes OUTDIR/<base>_cat.parquet and OUTDIR/<base>_segm.asdf as romancal names them and prints
one JSON line: {"seconds": wall time of the step, "sources": rows, "catalog": path, "segm": path}.
Without --epsf the step runs with fit_psf=False. Everything stays offline: astropy without
internet, CRDS in local mode with a stub server configuration (romancal-offline.md); the
dust_ebv column is then NaN, as romancal writes it when CRDS has no dust map.
"""
import argparse
import json
import os
import sys
import tempfile
import time


def offline_environment():
    root = tempfile.mkdtemp(prefix="romancal-offline-")
    os.makedirs(f"{root}/config/astropy")
    os.makedirs(f"{root}/crds/config/roman")
    with open(f"{root}/config/astropy/astropy.cfg", "w") as f:
        f.write("[utils.data]\nallow_internet = False\n\n[utils.iers.iers]\nauto_download = False\n")
    with open(f"{root}/crds/config/roman/server_config", "w") as f:
        f.write(repr({"observatory": "roman", "operational_context": "roman_0000.pmap",
                      "edit_context": "roman_0000.pmap", "effective_mode": "local",
                      "force_remote_mode": False, "bad_files": "", "bad_files_list": [],
                      "last_synced": "never (offline stub)", "reference_url": {},
                      "mapping_url": {}, "download_metadata": {}}))
    os.environ.update({
        "XDG_CONFIG_HOME": f"{root}/config", "XDG_CACHE_HOME": f"{root}/cache",
        "CRDS_MODE": "local", "CRDS_PATH": f"{root}/crds", "CRDS_OBSERVATORY": "roman",
        "CRDS_SERVER_URL": "https://127.0.0.1:9", "STPIPE_DISABLE_CRDS_STEPPARS": "True",
    })


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("outdir")
    parser.add_argument("--apcorr", required=True)
    parser.add_argument("--epsf")
    parser.add_argument("--deblend", action="store_true")
    parser.add_argument("--snr-threshold", type=float, default=3.0)
    parser.add_argument("--npixels", type=int, default=25)
    parser.add_argument("--kernel-fwhm", type=float, default=2.0)
    parser.add_argument("--bkg-boxsize", type=int, default=1000)
    args = parser.parse_args()
    offline_environment()

    import logging
    logging.disable(logging.WARNING)
    from romancal.source_catalog import SourceCatalogStep

    # romancal 1.1.0 asks for an epsf reference without declaring it, so no override would exist.
    if "epsf" not in SourceCatalogStep.reference_file_types:
        SourceCatalogStep.reference_file_types = [*SourceCatalogStep.reference_file_types, "epsf"]
    options = dict(override_apcorr=args.apcorr, fit_psf=args.epsf is not None, deblend=args.deblend,
                   snr_threshold=args.snr_threshold, npixels=args.npixels, kernel_fwhm=args.kernel_fwhm,
                   bkg_boxsize=args.bkg_boxsize, output_dir=args.outdir, save_results=True)
    if args.epsf:
        options["override_epsf"] = args.epsf
    os.makedirs(args.outdir, exist_ok=True)
    start = time.perf_counter()
    catalog, _ = SourceCatalogStep.call(args.input, **options)
    seconds = time.perf_counter() - start
    base = os.path.basename(args.input).rsplit("_", 1)[0]
    print(json.dumps({"seconds": seconds, "sources": len(catalog.source_catalog),
                      "catalog": os.path.join(args.outdir, base + "_cat.parquet"),
                      "segm": os.path.join(args.outdir, base + "_segm.asdf")}))


if __name__ == "__main__":
    sys.exit(main())
