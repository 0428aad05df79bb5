#!/usr/bin/env python3
"""Make an L1 (_uncal) file with STScI's simulator romanisim, offline, and describe it.

Usage: romanisim_make_l1.py OUTDIR [--resultants N]

Writes a three-source ECSV catalog (two stars and a Sersic galaxy near
RA 270, Dec 66), runs ``romanisim-make-image --level 1`` on detector WFI01 in
F158 with MA table 109 truncated to N resultants (default 4), ``--psftype
galsim`` and no CRDS (nothing touches the network), and prints one JSON
object: the file path, the read pattern romanisim used
(``romanisim.parameters.read_pattern[109][:N]``), the array shapes and exact
integer sums of ``data[0]``, ``data[-1]`` and ``amp33``, read back with
roman_datamodels.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

CATALOG = """# %ECSV 1.0
# ---
# datatype:
# - {name: ra, datatype: float64}
# - {name: dec, datatype: float64}
# - {name: type, datatype: string}
# - {name: n, datatype: float64}
# - {name: half_light_radius, datatype: float64}
# - {name: pa, datatype: float64}
# - {name: ba, datatype: float64}
# - {name: F158, datatype: float64}
# schema: astropy-2.0
ra dec type n half_light_radius pa ba F158
270.0 66.0 PSF -1 0 0 1 1e-8
270.001 66.001 PSF -1 0 0 1 2e-8
270.002 65.999 SER 1.0 0.5 30 0.6 1e-8
"""


def offline_environment(outdir):
    """astropy and CRDS settings that keep every call local (romancal-offline.md)."""
    config = os.path.join(outdir, "config")
    os.makedirs(os.path.join(config, "astropy"), exist_ok=True)
    with open(os.path.join(config, "astropy", "astropy.cfg"), "w") as f:
        f.write("[utils.data]\nallow_internet = False\n[utils.iers.iers]\nauto_download = False\n")
    env = dict(os.environ)
    env.update(XDG_CONFIG_HOME=config, CRDS_MODE="local", CRDS_SERVER_URL="http://127.0.0.1:9",
               CRDS_PATH=os.path.join(outdir, "crds"), CRDS_OBSERVATORY="roman")
    return env


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    outdir = argv[1]
    resultants = int(argv[argv.index("--resultants") + 1]) if "--resultants" in argv else 4
    os.makedirs(outdir, exist_ok=True)
    catalog = os.path.join(outdir, "catalog.ecsv")
    with open(catalog, "w") as f:
        f.write(CATALOG)
    path = os.path.join(outdir, "r0000101001001001001_0001_wfi01_f158_uncal.asdf")
    command = [os.path.join(os.path.dirname(sys.executable), "romanisim-make-image"), "--level", "1",
               "--catalog", catalog, "--radec", "270", "66", "--ma_table_number", "109",
               "--truncate", str(resultants), "--psftype", "galsim", "--sca", "1", "--bandpass", "F158",
               "--rng_seed", "1", "--date", "2027-06-01T00:00:00.000", path]
    run = subprocess.run(command, env=offline_environment(outdir), capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout[-3000:], run.stderr[-3000:], file=sys.stderr)
        return 1

    import numpy as np
    import roman_datamodels.datamodels as rdd
    from romanisim.models import parameters

    with rdd.open(path) as model:
        data = np.asarray(model.data)
        amp33 = np.asarray(model.amp33)
        summary = {
            "path": path,
            "read_pattern": [list(map(int, r)) for r in parameters.read_pattern[109][:resultants]],
            "file_read_pattern": [list(map(int, r)) for r in model.meta.exposure.read_pattern],
            "frame_time": float(model.meta.exposure.frame_time),
            "data_shape": list(data.shape),
            "amp33_shape": list(amp33.shape),
            "data_first_sum": str(int(data[0].sum(dtype=np.uint64))),
            "data_last_sum": str(int(data[-1].sum(dtype=np.uint64))),
            "amp33_sum": str(int(amp33.sum(dtype=np.uint64))),
            "detector": str(model.meta.instrument.detector),
            "optical_element": str(model.meta.instrument.optical_element),
        }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
