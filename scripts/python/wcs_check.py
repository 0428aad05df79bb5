"""Reference side of the WCS tests (Tests/WCSTests): astropy models, asdf-astropy and
roman_datamodels evaluating what the Swift `WCS` module writes, and writing what it reads.

    python wcs_check.py eval FILE KEY REQUEST_JSON
        opens FILE with asdf (or, with KEY 'roman', with roman_datamodels, validating), takes the
        transform at tree[KEY] (or model.coordinate_distortion_transform) and prints
        {"forward": [[...], ...], "inverse": [[...], ...]} for the request's "forward" and
        "inverse" point lists.
    python wcs_check.py write FILE REQUEST_JSON
        writes a compound model with polynomials and an explicit inverse under key 'model' and
        prints its values at the request's "forward" and "inverse" points.
    python wcs_check.py sky REQUEST_JSON
        evaluates astropy's RotationSequence3D v2v3 -> sky chain (romancal v23tosky) for
        {"v2_ref", "v3_ref", "ra_ref", "dec_ref", "roll_ref", "forward": [[v2, v3]...],
        "inverse": [[ra, dec]...]}.
    python wcs_check.py gwcs FILE KEY REQUEST_JSON
        opens FILE with asdf (or, with KEY 'roman', with roman_datamodels, validating, taking
        model.meta.wcs; with 'roman:ATTR', model.ATTR such as wcs_l1), takes the gwcs at
        tree[KEY] and prints {"type", "frames",
        "bounding_box", "forward": wcs(x, y), "inverse": wcs.invert(ra, dec)}.
    python wcs_check.py romancal FILE KEY OUT REQUEST_JSON
        builds the L2 gwcs as romancal's assign_wcs does from the distortion model at
        tree[KEY] of FILE and the request's wcsinfo ("v2_ref", "v3_ref", "ra_ref", "dec_ref",
        "roll_ref", "va_scale", "shape"), writes it to OUT under key 'wcs' and prints its values
        at the request's "forward" and "inverse" points. With "correction": {"matrix", "shift"}
        in the request, tweakwcs's RomanWCSCorrector first applies that tangent-plane correction
        (shift in arcsec), as romancal's tweakreg does.
    python wcs_check.py tweakwcs FILE KEY REQUEST_JSON
        opens the gwcs at tree[KEY] (or, with KEY 'roman', model.meta.wcs), builds tweakwcs's
        RomanWCSCorrector from it and the request's wcsinfo (which checks a v2v3corr frame's
        structure and reference angles) and prints {"frames", "tp_affine": {"matrix",
        "translation"}} (null without a correction) and `det_to_tanp` at the request's
        "forward" pixels.
    python wcs_check.py models OUT REQUEST_JSON
        writes the astropy/gwcs models of `reference_models` (projections, sky rotations,
        Rotation2D, constants, arithmetic compounds, Polynomial1D, a FITS imaging transform and
        tweakwcs's tangent-plane correction) under their names to OUT and prints
        {name: {"forward": ..., "inverse": ...}} at the request's "points" (given per input count
        under "points2"/"points3"; inverse where the model has one).
    python wcs_check.py assign_wcs DISTORTION OUT REQUEST_JSON
        runs romancal 1.1.0's AssignWcsStep (offline, the distortion reference overridden) on a
        roman_datamodels ImageModel with the request's wcsinfo ("v2_ref", "v3_ref", "ra_ref",
        "dec_ref", "roll_ref", "va_scale", "aperture_name"), saves the L2 to OUT and prints the
        `gwcs` reply for its meta.wcs.
    python wcs_check.py skycell OUT REQUEST_JSON
        builds romancal's L3 skycell WCS (`l3wcsinfo_to_wcs`) from the request's wcsinfo ("name",
        "x_ref", "y_ref", "ra_ref", "dec_ref", "pixel_scale_ref", "rotation_matrix", "shape"),
        saves it as the meta.wcs of a roman_datamodels MosaicModel to OUT and prints the `gwcs`
        reply.
"""
import json
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")


def apply(model, points):
    if not points:
        return []
    columns = np.array(points, dtype=float).T
    out = model(*columns)
    if not isinstance(out, tuple):
        out = (out,)
    return np.array(out, dtype=float).T.tolist()


def evaluate(path, key, request):
    if key == "roman":
        import roman_datamodels as rdm
        with rdm.open(path) as model:
            model.validate()
            transform = model.coordinate_distortion_transform
            return {"forward": apply(transform, request.get("forward")),
                    "inverse": apply(transform.inverse, request.get("inverse")),
                    "bounding_box": [list(map(float, i)) for i in transform.bounding_box.bounding_box(order="F")]}
    import asdf
    with asdf.open(path) as f:
        transform = f.tree[key]
        out = {"forward": apply(transform, request.get("forward"))}
        if request.get("inverse"):
            out["inverse"] = apply(transform.inverse, request["inverse"])
        return out


def write(path, request):
    import asdf
    from astropy.modeling import models as m
    px = m.Polynomial2D(3, c0_0=1.5, c1_0=0.11, c0_1=0.002, c2_0=1e-6, c1_1=-2e-6, c0_2=3e-6, c3_0=1e-9, c0_3=-1e-9)
    py = m.Polynomial2D(3, c0_0=-2.5, c1_0=-0.001, c0_1=0.107, c2_0=-4e-6, c1_1=5e-6, c2_1=2e-10)
    forward = (m.Shift(-2043.5) & m.Shift(-2043.5)) | (m.Scale(1 / 2048) & m.Scale(1 / 2048)) \
        | m.Mapping((0, 1, 0, 1)) | (px & py) | m.AffineTransformation2D([[0.5, -0.866], [0.866, 0.5]], [100.0, -200.0])
    qx = m.Polynomial2D(1, c1_0=9.0, c0_1=0.1)
    qy = m.Polynomial2D(1, c1_0=-0.2, c0_1=9.3)
    forward.inverse = m.Identity(2) | m.Mapping((0, 1, 0, 1)) | (qx & qy) | (m.Shift(2043.5) & m.Shift(2043.5))
    forward.bounding_box = ((-0.5, 4087.5), (-0.5, 4087.5))
    asdf.AsdfFile({"model": forward}).write_to(path)
    return {"forward": apply(forward, request.get("forward")),
            "inverse": apply(forward.inverse, request.get("inverse"))}


def sky(request):
    from astropy.modeling import models as m
    from gwcs.geometry import CartesianToSpherical, SphericalToCartesian
    angles = [request["v2_ref"] / 3600, -request["v3_ref"] / 3600, request["roll_ref"],
              request["dec_ref"], -request["ra_ref"]]
    rotation = m.RotationSequence3D(angles, axes_order="zyxyz")
    model = (m.Scale(1 / 3600) & m.Scale(1 / 3600)) | SphericalToCartesian(wrap_lon_at=180) \
        | rotation | CartesianToSpherical(wrap_lon_at=360)
    return {"forward": apply(model, request.get("forward")),
            "inverse": apply(model.inverse, request.get("inverse"))}


def apply_wcs(wcs, request):
    def run(function, points):
        if not points:
            return []
        columns = np.array(points, dtype=float).T
        return np.array(function(*columns), dtype=float).T.tolist()
    box = wcs.bounding_box
    return {"type": f"{type(wcs).__module__}.{type(wcs).__name__}",
            "frames": [str(f) for f in wcs.available_frames],
            "bounding_box": None if box is None else [list(map(float, i)) for i in box.bounding_box(order="F")],
            "forward": run(wcs, request.get("forward")),
            "inverse": run(wcs.invert, request.get("inverse"))}


def evaluate_gwcs(path, key, request):
    if key == "roman" or key.startswith("roman:"):
        import roman_datamodels as rdm
        with rdm.open(path) as model:
            model.validate()
            wcs = model.meta.wcs if key == "roman" else getattr(model, key.split(":", 1)[1])
            return apply_wcs(wcs, request)
    import asdf
    with asdf.open(path) as f:
        return apply_wcs(f.tree[key], request)


def romancal_wcs(path, key, out, request):
    """romancal.assign_wcs.assign_wcs.load_wcs, with its helpers, on plain values."""
    import asdf
    import gwcs.coordinate_frames as cf
    from astropy import coordinates as coord
    from astropy import units as u
    from astropy.modeling import bind_bounding_box
    from astropy.modeling.models import Identity, RotationSequence3D, Scale, Shift
    from gwcs.geometry import CartesianToSpherical, SphericalToCartesian
    from gwcs.wcs import WCS, Step

    with asdf.open(path) as f:
        transform = f.tree[key]
    try:
        bbox = transform.bounding_box.bounding_box(order="F")
    except NotImplementedError:
        bbox = None
    shape = request["shape"]
    bind_bounding_box(transform, ((-0.5, shape[-1] - 0.5), (-0.5, shape[-2] - 0.5)) if bbox is None else bbox,
                      order="F")
    detector = cf.Frame2D(name="detector", axes_order=(0, 1), unit=(u.pix, u.pix))
    v2v3 = cf.Frame2D(name="v2v3", axes_order=(0, 1), axes_names=("v2", "v3"), unit=(u.arcsec, u.arcsec))
    v2v3vacorr = cf.Frame2D(name="v2v3vacorr", axes_order=(0, 1), axes_names=("v2", "v3"),
                            unit=(u.arcsec, u.arcsec))
    world = cf.CelestialFrame(reference_frame=coord.ICRS(), name="world")
    transform.inputs = ("x", "y")
    transform.outputs = ("v2", "v3")
    angles = np.array([request["v2_ref"] / 3600, -request["v3_ref"] / 3600, request["roll_ref"],
                       request["dec_ref"], -request["ra_ref"]])
    tel2sky = (Scale(1 / 3600) & Scale(1 / 3600)) | SphericalToCartesian(wrap_lon_at=180) \
        | RotationSequence3D(angles, axes_order="zyxyz") | CartesianToSpherical(wrap_lon_at=360)
    tel2sky.name = "v23tosky"
    tel2sky.inputs = ("v2", "v3")
    tel2sky.outputs = ("ra", "dec")
    va_scale, v2_ref, v3_ref = request.get("va_scale"), request["v2_ref"], request["v3_ref"]
    if va_scale is None or va_scale == 1:
        va_corr = Identity(2)
    else:
        va_corr = Scale(va_scale, name="dva_scale_v2") & Scale(va_scale, name="dva_scale_v3")
        if not (v2_ref == 0 and v3_ref == 0):
            va_corr |= Shift((1 - va_scale) * v2_ref, name="dva_v2_shift") \
                & Shift((1 - va_scale) * v3_ref, name="dva_v3_shift")
            va_corr.name = "DVA_Correction"
    va_corr.inputs = ("v2", "v3")
    va_corr.outputs = ("v2", "v3")
    wcs = WCS([Step(detector, transform), Step(v2v3, va_corr), Step(v2v3vacorr, tel2sky), Step(world, None)])
    if request.get("correction"):
        from tweakwcs import RomanWCSCorrector
        corrector = RomanWCSCorrector(wcs, {k: request[k] for k in ("v2_ref", "v3_ref", "roll_ref")})
        corrector.set_correction(matrix=request["correction"]["matrix"], shift=request["correction"]["shift"])
        wcs = corrector.wcs
    asdf.AsdfFile({"wcs": wcs}).write_to(out)
    return apply_wcs(wcs, request)


def tweakwcs_check(path, key, request):
    from tweakwcs import RomanWCSCorrector

    def check(wcs):
        corrector = RomanWCSCorrector(wcs, {k: request[k] for k in ("v2_ref", "v3_ref", "roll_ref")})
        affine = None
        if "v2v3corr" in wcs.available_frames:
            tp = wcs.pipeline[wcs.available_frames.index("v2v3corr") - 1].transform["tp_affine"]
            affine = {"matrix": tp.matrix.value.tolist(), "translation": tp.translation.value.tolist()}
        points = request.get("forward", [])
        tanp = []
        if points:
            columns = np.array(points, dtype=float).T
            tanp = np.array(corrector.det_to_tanp(*columns)).T.tolist()
        return {"frames": list(wcs.available_frames), "tp_affine": affine, "det_to_tanp": tanp}

    if key == "roman":
        import roman_datamodels as rdm
        with rdm.open(path) as model:
            return check(model.meta.wcs)
    import asdf
    with asdf.open(path) as f:
        return check(f.tree[key])


def offline_environment():
    """CRDS local with a stub server config and no step-parameter look-ups (romancal-offline.md)."""
    import os
    import tempfile
    root = tempfile.mkdtemp(prefix="crds-")
    os.makedirs(os.path.join(root, "config", "roman"))
    with open(os.path.join(root, "config", "roman", "server_config"), "w") as f:
        f.write("{'observatory': 'roman', 'operational_context': 'roman_0000.pmap', "
                "'edit_context': 'roman_0000.pmap', 'effective_mode': 'local', 'force_remote_mode': False, "
                "'bad_files': '', 'bad_files_list': [], 'last_synced': 'never', 'reference_url': {}, "
                "'mapping_url': {}, 'download_metadata': {}}")
    os.environ.update(CRDS_MODE="local", CRDS_SERVER_URL="http://127.0.0.1:9", CRDS_PATH=root,
                      CRDS_OBSERVATORY="roman", STPIPE_DISABLE_CRDS_STEPPARS="True")


def reference_models():
    """The models whose ASDF forms and values the Swift WCS module must match."""
    from astropy.modeling import models as m
    from gwcs import FITSImagingWCSTransform
    poly = m.Polynomial1D(3, c0=0.5, c1=-2.0, c2=0.25, c3=1e-3, domain=[-10, 30], window=[-1, 1])
    constant = m.Const1D(2.5) & m.Identity(1)
    tan = m.Pix2Sky_Gnomonic()
    fits = FITSImagingWCSTransform(m.Pix2Sky_Gnomonic(), crpix=[2000.0, 2100.0], crval=[10.0, -30.0],
                                   cdelt=[0.1 / 3600, 0.1 / 3600], pc=[[-0.9, 0.1], [0.1, 0.9]])
    fits.name = "detector_to_sky"
    return {
        "pix2sky": (tan, 2),
        "sky2pix": (m.Sky2Pix_Gnomonic(), 2),
        "native2celestial": (m.RotateNative2Celestial(273.2, 65.5, 180.0), 2),
        "celestial2native": (m.RotateCelestial2Native(12.0, -75.0, 180.0), 2),
        "euler": (m.EulerAngleRotation(23.0, -41.0, 112.0, "zxz"), 2),
        "rotation2d": (m.Rotation2D(33.3), 2),
        "divide": ((m.Mapping((0, 1, 2)) / m.Mapping((0, 0, 0), n_inputs=3)) | m.Mapping((1, 2)), 3),
        "constant": (constant, 2),
        "const2d": (m.Const2D(-7.0), 2),
        "polynomial1d": (poly, 1),
        "fitswcs": (fits, 2),
        "tan_chain": ((m.Shift(-10.0) & m.Shift(5.0)) | (m.Scale(1e-4) & m.Scale(1e-4)) | tan
                      | m.RotateNative2Celestial(5.0, 89.0, 180.0), 2),
    }


def models(out, request):
    import asdf
    built = reference_models()
    result = {}
    for name, (model, n) in built.items():
        points = request.get(f"points{n}", [])
        entry = {"forward": apply(model, points)}
        try:
            inverse = model.inverse
        except NotImplementedError:
            inverse = None
        if inverse is not None and points:
            entry["inverse"] = apply(inverse, apply(model, points))
        result[name] = entry
    asdf.AsdfFile({name: model for name, (model, _) in built.items()}).write_to(out)
    return result


def assign_wcs(distortion, out, request):
    offline_environment()
    from roman_datamodels import datamodels as dm
    from roman_datamodels._stnode import L2CalStep
    from romancal.assign_wcs import AssignWcsStep
    model = dm.ImageModel.create_fake_data(shape=(8, 8))
    model.meta.cal_step = L2CalStep.create_fake_data()
    for step in ("dark_decay", "wfi18_transient"):   # required by rad 1.1.0, absent from the fake node
        model.meta.cal_step[step] = "INCOMPLETE"
    for key in ("v2_ref", "v3_ref", "ra_ref", "dec_ref", "roll_ref"):
        model.meta.wcsinfo[key] = request[key]
    model.meta.wcsinfo.aperture_name = request.get("aperture_name", "WFI01_FULL")
    model.meta.velocity_aberration.scale_factor = request.get("va_scale", 1.0)
    result = AssignWcsStep.call(model, override_distortion=distortion)
    result.save(out)
    return apply_wcs(result.meta.wcs, request)


def skycell(out, request):
    from roman_datamodels import datamodels as dm
    from romancal.resample._l3_wcs import l3wcsinfo_to_wcs
    shape = request["shape"]
    wcs = l3wcsinfo_to_wcs(request, bounding_box=((-0.5, shape[1] - 0.5), (-0.5, shape[0] - 0.5)))
    model = dm.MosaicModel.create_fake_data(shape=(2, 2))
    model.meta.wcs = wcs
    model.save(out)
    return apply_wcs(wcs, request)


def finite_json(value):
    """NaN (outside a bounding box) as JSON null, which strict JSON readers accept."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, list):
        return [finite_json(v) for v in value]
    if isinstance(value, dict):
        return {k: finite_json(v) for k, v in value.items()}
    return value


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "eval":
        result = evaluate(sys.argv[2], sys.argv[3], json.load(open(sys.argv[4])))
    elif command == "write":
        result = write(sys.argv[2], json.load(open(sys.argv[3])))
    elif command == "sky":
        result = sky(json.load(open(sys.argv[2])))
    elif command == "gwcs":
        result = evaluate_gwcs(sys.argv[2], sys.argv[3], json.load(open(sys.argv[4])))
    elif command == "tweakwcs":
        result = tweakwcs_check(sys.argv[2], sys.argv[3], json.load(open(sys.argv[4])))
    elif command == "models":
        result = models(sys.argv[2], json.load(open(sys.argv[3])))
    elif command == "assign_wcs":
        result = assign_wcs(sys.argv[2], sys.argv[3], json.load(open(sys.argv[4])))
    elif command == "skycell":
        result = skycell(sys.argv[2], json.load(open(sys.argv[3])))
    elif command == "romancal":
        result = romancal_wcs(sys.argv[2], sys.argv[3], sys.argv[4], json.load(open(sys.argv[5])))
    else:
        sys.exit(__doc__)
    print(json.dumps(finite_json(result)))
