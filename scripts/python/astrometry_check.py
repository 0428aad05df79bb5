"""Reference side of the astrometry tests and benchmark (Tests/AstrometryTests,
roman-bench align): astropy's space motion and solar-system positions, and romancal's
absolute alignment (stcal 1.20.0 tweakreg with tweakwcs 0.9.3) on the same inputs as ours.

    python astrometry_check.py propagate REQUEST_JSON
        {"stars": [[ra, dec, pmra, pmdec, parallax, rv, epoch], ...], "epoch": E} ->
        {"positions": [[ra, dec], ...]}: SkyCoord.apply_space_motion to Julian epoch E (TCB),
        no observer parallax.
    python astrometry_check.py earth REQUEST_JSON
        {"epochs": [...]} -> {"heliocentric": [[x, y, z], ...]}: the Earth's heliocentric
        position (au, ICRS axes) from astropy's built-in ephemeris.
    python astrometry_check.py tweakreg DIR REQUEST_JSON
        DIR holds detNN_wcs.asdf (the L2 gwcs under 'wcs'), detNN.ecsv (columns x, y) per
        detector and refcat.ecsv (RA, DEC at the exposure epoch); the request gives "detectors"
        (names NN and wcsinfo v2_ref, v3_ref, roll_ref), "fitgeom", "points" (pixels at which
        to report the corrected sky), and "repeat" (timing runs). Runs stcal's
        tweakreg.absolute_align as romancal's TweakRegStep does (every detector one group,
        abs_* defaults) and prints {"seconds": [...], "fit": {...}, "sky": {NN: [[ra, dec]...]}}.
    python astrometry_check.py supplement L2 REQUEST_JSON
        roman_datamodels' own `WfiWcsModel.from_model_with_wcs` of the L2 file: prints its meta
        keys and its wcs_l2 and wcs_l1 at the request's "l2" and "l1" pixels.
"""
import json
import sys
import time
import warnings

import numpy as np

warnings.simplefilter("ignore")


def propagate(request):
    import astropy.units as u
    from astropy.coordinates import Distance, SkyCoord
    from astropy.time import Time

    out = []
    target = Time(request["epoch"], format="jyear", scale="tcb")
    for ra, dec, pmra, pmdec, parallax, rv, epoch in request["stars"]:
        kwargs = {}
        if parallax > 0:
            kwargs["distance"] = Distance(parallax=parallax * u.mas)
        if rv != 0:
            kwargs["radial_velocity"] = rv * u.km / u.s
        c = SkyCoord(ra=ra * u.deg, dec=dec * u.deg, pm_ra_cosdec=pmra * u.mas / u.yr, pm_dec=pmdec * u.mas / u.yr,
                     obstime=Time(epoch, format="jyear", scale="tcb"), **kwargs)
        n = c.apply_space_motion(new_obstime=target)
        out.append([float(n.ra.deg), float(n.dec.deg)])
    return {"positions": out}


def earth(request):
    from astropy.coordinates import get_body_barycentric
    from astropy.time import Time

    out = []
    for epoch in request["epochs"]:
        t = Time(epoch, format="jyear", scale="tdb")
        e = get_body_barycentric("earth", t) - get_body_barycentric("sun", t)
        out.append([float(v) for v in e.xyz.to("au").value])
    return {"heliocentric": out}


def tweakreg(directory, request):
    import asdf
    from astropy.table import Table
    from stcal.tweakreg import tweakreg as stcal_tweakreg
    from tweakwcs import RomanWCSCorrector

    def correctors():
        made = []
        for index, detector in enumerate(request["detectors"]):
            name = detector["name"]
            with asdf.open(f"{directory}/det{name}_wcs.asdf", lazy_load=False, memmap=False) as f:
                wcs = f.tree["wcs"]
            catalog = Table.read(f"{directory}/det{name}.ecsv", format="ascii.ecsv")
            catalog.meta["name"] = name
            catalog = stcal_tweakreg.filter_catalog_by_bounding_box(catalog, wcs.bounding_box)
            made.append(RomanWCSCorrector(wcs=wcs, wcsinfo={k: detector[k] for k in ("roll_ref", "v2_ref", "v3_ref")},
                                          meta={"catalog": catalog, "name": name, "group_id": 1, "model_index": index}))
        return made

    seconds = []
    result = None
    for _ in range(max(1, request.get("repeat", 1))):
        imcats = correctors()
        start = time.perf_counter()
        stcal_tweakreg.absolute_align(imcats, f"{directory}/refcat.ecsv", ref_wcs=imcats[0].wcs, ref_wcsinfo=None,
                                      epoch=None, abs_fitgeometry=request.get("fitgeom", "rshift"),
                                      abs_minobj=request.get("minobj", 10), clip_accum=True)
        seconds.append(time.perf_counter() - start)
        result = imcats
    info = result[0].meta.get("fit_info", {})
    fit = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in info.items()
           if k in ("status", "fitgeom", "matrix", "shift", "proper_rot", "<scale>", "rmse", "mae", "nmatches")}
    points = np.array(request.get("points", []), dtype=float)
    sky = {}
    for corrector in result:
        if len(points):
            ra, dec = corrector.wcs(points[:, 0], points[:, 1])
            sky[corrector.meta["name"]] = np.array([ra, dec]).T.tolist()
    return {"seconds": seconds, "fit": fit, "sky": sky}


def supplement(path, request):
    import roman_datamodels as rdm
    from roman_datamodels.datamodels import WfiWcsModel
    from wcs_check import apply as run

    with rdm.open(path) as model:
        made = WfiWcsModel.from_model_with_wcs(model)
        return {"meta_keys": sorted(made.meta.keys()), "wcs_l2": run(made.wcs_l2, request.get("l2", [])),
                "wcs_l1": run(made.wcs_l1, request.get("l1", [])),
                "bounding_box_l1": [list(map(float, i)) for i in made.wcs_l1.bounding_box.bounding_box(order="F")]}


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "propagate":
        result = propagate(json.load(open(sys.argv[2])))
    elif command == "earth":
        result = earth(json.load(open(sys.argv[2])))
    elif command == "supplement":
        result = supplement(sys.argv[2], json.load(open(sys.argv[3])))
    elif command == "tweakreg":
        result = tweakreg(sys.argv[2], json.load(open(sys.argv[3])))
    else:
        sys.exit(__doc__)
    from wcs_check import finite_json
    print(json.dumps(finite_json(result)))
