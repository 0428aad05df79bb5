#!/usr/bin/env python3
"""Benchmark STScI's romanisim on one full detector, offline.

Usage: romanisim_bench.py OUTDIR [--sources N] [--seed S] [--margin PIX]
                                 [--truncate N] [--catalog-only]

Run it with the venv's Python (``.venv/bin/python``); the job takes about
35 minutes and 8 GB at the default size, so on a shared machine start it
under ``nice``.

1. Catalog.  Draws ``--sources`` (default 9000) sources, one third stars
   (``type PSF``) and two thirds Sersic galaxies (``type SER``), with F158
   magnitudes between 18 and 26 AB (``F158`` column in maggies,
   ``10**(-0.4 * mag)``), and writes them as ``catalog.ecsv`` in romanisim's
   table format (ra, dec, type, n, half_light_radius, pa, ba, F158).
   Positions are uniform over the footprint of detector WFI01 for the
   pointing below, extended by ``--margin`` pixels (default 32) on every
   side so that the detector edges also receive light from sources just off
   them.  The footprint comes from the WCS romanisim itself uses
   (``set_metadata`` + ``fill_in_parameters`` + ``get_wcs(usecrds=False)``,
   as in ``romanisim-make-image``).  Note that ``--radec`` is the centre of
   the whole WFI array (aperture WFI_CEN), not of WFI01: WFI01's centre lies
   about 0.08 deg away, so a catalog merely centred on (270, 66) would
   mostly miss the detector.  The number of sources whose centres fall on
   the 4088 x 4088 science array is counted with the same WCS and printed
   (stderr).

2. Simulation.  Runs, offline (astropy without internet, CRDS local with a
   loopback server, ``--psftype galsim``, no ``--usecrds``; see
   docs/romancal-offline.md and ``romanisim_make_l1.py``)::

       /usr/bin/time -v -o OUTDIR/time.txt romanisim-make-image --level 1
           --ma_table_number 109 --psftype galsim --sca 1 --bandpass F158
           --radec 270 66 --rng_seed 1 --date 2027-06-01T00:00:00.000
           --catalog OUTDIR/catalog.ecsv
           OUTDIR/r0000101001001001001_0001_wfi01_f158_uncal.asdf

   (all 10 resultants of MA table 109 unless ``--truncate N`` is given, which
   is only meant for quick smoke tests).  romanisim's own log goes to
   ``OUTDIR/romanisim.log``.

Prints one JSON line on stdout: sources in the catalog and on the detector,
the counts romanisim reports (sources it added and rendered, and its render
time), wall seconds, user + system CPU seconds and peak RSS (MiB, from GNU
time's kbytes / 1024) of the romanisim process, output file size, the
shape of the ``data`` cube, the romanisim version and the command line.
``--catalog-only`` stops after step 1.  GNU time is needed for step 2
(``apt-get install time``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from importlib.metadata import version

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from romanisim_make_l1 import offline_environment  # noqa: E402

RA, DEC = 270.0, 66.0
SCA = 1
BANDPASS = "F158"
MA_TABLE = 109
DATE = "2027-06-01T00:00:00.000"
RNG_SEED = 1
OUTPUT_NAME = "r0000101001001001001_0001_wfi01_f158_uncal.asdf"
GNU_TIME = "/usr/bin/time"

STAR_FRACTION = 1 / 3
BRIGHT_MAG, FAINT_MAG = 18.0, 26.0
# Slopes of dlog10(N)/dm: shallow for stars, steeper for galaxies (near-IR
# galaxy counts at these magnitudes are about 0.3).
STAR_SLOPE, GALAXY_SLOPE = 0.2, 0.3


def detector_wcs(truncate=None):
    """The galsim WCS romanisim-make-image uses for this detector and pointing."""
    from astropy import units as u
    from astropy.coordinates import SkyCoord
    from romanisim import ris_make_utils
    from romanisim.models import wcs

    metadata = ris_make_utils.set_metadata(
        date=DATE, bandpass=BANDPASS, sca=SCA, ma_table_number=MA_TABLE,
        usecrds=False, truncate=truncate, scale_factor=-1.0)
    wcs.fill_in_parameters(metadata, SkyCoord(ra=RA * u.deg, dec=DEC * u.deg, frame="icrs"),
                           boresight=False, pa_aper=0)
    return wcs.get_wcs(metadata, usecrds=False)


def truncated_power_law_mags(rng, n, slope, bright=BRIGHT_MAG, faint=FAINT_MAG):
    """Magnitudes with dN/dm proportional to 10**(slope * m) on [bright, faint]."""
    lo, hi = 10 ** (slope * bright), 10 ** (slope * faint)
    return np.log10(lo + rng.uniform(size=n) * (hi - lo)) / slope


def make_catalog(imwcs, n_sources, seed, margin):
    """Stars and Sersic galaxies uniform over the detector (plus margin) in romanisim's format."""
    from astropy.table import Table
    from romanisim.models import parameters

    rng = np.random.default_rng(seed)
    npix = parameters.n_pix  # science array, pixel centres 0 .. npix - 1
    lo, hi = -0.5 - margin, npix - 0.5 + margin
    x = rng.uniform(lo, hi, n_sources)
    y = rng.uniform(lo, hi, n_sources)
    ra, dec = imwcs.xyToradec(x, y, units="deg")

    star = np.zeros(n_sources, dtype=bool)
    star[rng.permutation(n_sources)[:round(n_sources * STAR_FRACTION)]] = True
    galaxy = ~star
    n_gal = int(galaxy.sum())

    mag = np.empty(n_sources)
    mag[star] = truncated_power_law_mags(rng, int(star.sum()), STAR_SLOPE)
    mag[galaxy] = truncated_power_law_mags(rng, n_gal, GALAXY_SLOPE)

    # Stars: romanisim's PSF convention (make_stars): n = -1, hlr = 0, pa = 0, ba = 1.
    sersic_n = np.full(n_sources, -1.0)
    hlr = np.zeros(n_sources)
    pa = np.zeros(n_sources)
    ba = np.ones(n_sources)
    # Galaxies: Sersic index and b/a as in romanisim's make_galaxies; half-light
    # radius 0.3" at 26 mag growing to ~1.9" at 18 mag, with 0.3 dex-ish scatter.
    sersic_n[galaxy] = rng.uniform(1.0, 4.0, n_gal)
    hlr[galaxy] = np.clip(0.3 * 10 ** (0.1 * (FAINT_MAG - mag[galaxy]))
                          * np.exp(0.3 * rng.normal(size=n_gal)), 0.05, 2.5)
    pa[galaxy] = rng.uniform(0.0, 360.0, n_gal)
    ba[galaxy] = np.clip(rng.beta(3, 1, n_gal), 0.2, 1.0)

    table = Table()
    table["ra"] = np.asarray(ra, dtype="f8")
    table["dec"] = np.asarray(dec, dtype="f8")
    table["type"] = np.where(star, "PSF", "SER")
    table["n"] = sersic_n.astype("f4")
    table["half_light_radius"] = hlr.astype("f4")
    table["pa"] = pa.astype("f4")
    table["ba"] = ba.astype("f4")
    table[BANDPASS] = 10 ** (-0.4 * mag)
    return table


def count_on_detector(imwcs, table):
    """Sources whose centres fall on the science array, by romanisim's WCS."""
    from romanisim.models import parameters

    x, y = imwcs.radecToxy(np.asarray(table["ra"]), np.asarray(table["dec"]), units="deg")
    edge = parameters.n_pix - 0.5
    return int(np.sum((x >= -0.5) & (x < edge) & (y >= -0.5) & (y < edge)))


def parse_gnu_time(path):
    """Wall, user + system CPU seconds, peak RSS (KiB) and exit status from `time -v -o`."""
    fields = {}
    with open(path) as f:
        for line in f:
            key, sep, value = line.strip().rpartition(": ")
            if sep:
                fields[key] = value
    wall = 0.0
    for part in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
        wall = wall * 60 + float(part)
    return {
        "wall_s": wall,
        "cpu_s": float(fields["User time (seconds)"]) + float(fields["System time (seconds)"]),
        "max_rss_kib": int(fields["Maximum resident set size (kbytes)"]),
        "exit_status": int(fields.get("Exit status", "0")),
    }


def run_romanisim(outdir, catalog, env, truncate):
    """Run romanisim-make-image under GNU time; return (command, output path, time fields)."""
    if not os.access(GNU_TIME, os.X_OK):
        raise SystemExit(f"{GNU_TIME} not found: install GNU time (apt-get install time)")
    output = os.path.join(outdir, OUTPUT_NAME)
    time_file = os.path.join(outdir, "time.txt")
    make_image = os.path.join(os.path.dirname(sys.executable), "romanisim-make-image")
    command = [make_image, "--level", "1", "--ma_table_number", str(MA_TABLE),
               "--psftype", "galsim", "--sca", str(SCA), "--bandpass", BANDPASS,
               "--radec", str(RA), str(DEC), "--rng_seed", str(RNG_SEED), "--date", DATE,
               "--catalog", catalog]
    if truncate is not None:
        command += ["--truncate", str(truncate)]
    command.append(output)
    with open(os.path.join(outdir, "romanisim.log"), "w") as log:
        run = subprocess.run([GNU_TIME, "-v", "-o", time_file] + command, env=env,
                             stdout=log, stderr=subprocess.STDOUT)
    if run.returncode != 0:
        with open(os.path.join(outdir, "romanisim.log")) as log:
            tail = log.read()[-3000:]
        raise SystemExit(f"romanisim-make-image failed (exit {run.returncode}); "
                         f"log tail:\n{tail}")
    return command, output, parse_gnu_time(time_file)


def romanisim_log_counts(outdir):
    """Sources romanisim added / rendered and its render time, from its log."""
    with open(os.path.join(outdir, "romanisim.log")) as log:
        text = log.read()
    added = re.findall(r"Adding (\d+) sources to image", text)
    rendered = re.findall(r"Rendered (\d+) total sources in ([0-9.eE+-]+) seconds", text)
    return {
        "romanisim_sources_added": int(added[-1]) if added else None,
        "romanisim_sources_rendered": int(rendered[-1][0]) if rendered else None,
        "romanisim_render_s": float(rendered[-1][1]) if rendered else None,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--sources", type=int, default=9000, help="sources in the catalog")
    parser.add_argument("--seed", type=int, default=1, help="catalog random seed")
    parser.add_argument("--margin", type=float, default=32.0,
                        help="pixels beyond each detector edge that sources may fall in")
    parser.add_argument("--truncate", type=int, default=None,
                        help="keep only N resultants (smoke tests; default: all 10)")
    parser.add_argument("--catalog-only", action="store_true",
                        help="write the catalog, print the counts and stop")
    args = parser.parse_args(argv)

    outdir = os.path.abspath(args.outdir)
    os.makedirs(outdir, exist_ok=True)
    env = offline_environment(outdir)
    os.environ.update(env)  # before astropy / romanisim are imported in this process

    imwcs = detector_wcs(args.truncate)
    table = make_catalog(imwcs, args.sources, args.seed, args.margin)
    catalog = os.path.join(outdir, "catalog.ecsv")
    table.write(catalog, format="ascii.ecsv", overwrite=True)
    on_detector = count_on_detector(imwcs, table)
    n_stars = int((table["type"] == "PSF").sum())
    centre_ra, centre_dec = imwcs.xyToradec(2043.5, 2043.5, units="deg")
    print(f"catalog {catalog}: {len(table)} sources ({n_stars} stars, "
          f"{len(table) - n_stars} galaxies), {on_detector} on WFI{SCA:02d} "
          f"(centre RA {float(centre_ra):.4f}, Dec {float(centre_dec):.4f})",
          file=sys.stderr, flush=True)

    summary = {
        "sources_in_catalog": len(table),
        "sources_on_detector": on_detector,
        "stars_in_catalog": n_stars,
    }
    if args.catalog_only:
        print(json.dumps(summary))
        return 0

    command, output, timing = run_romanisim(outdir, catalog, env, args.truncate)

    import asdf

    with asdf.open(output, lazy_load=True) as af:
        data_shape = list(af["roman"]["data"].shape)
    summary.update(romanisim_log_counts(outdir))
    summary.update({
        "wall_s": round(timing["wall_s"], 2),
        "cpu_s": round(timing["cpu_s"], 2),
        "peak_rss_mb": round(timing["max_rss_kib"] / 1024, 1),
        "output_bytes": os.path.getsize(output),
        "output_mb": round(os.path.getsize(output) / 2**20, 1),
        "data_shape": data_shape,
        "romanisim_version": version("romanisim"),
        "output": output,
        "command": command,
    })
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
