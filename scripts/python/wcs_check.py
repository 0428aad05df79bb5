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


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "eval":
        result = evaluate(sys.argv[2], sys.argv[3], json.load(open(sys.argv[4])))
    elif command == "write":
        result = write(sys.argv[2], json.load(open(sys.argv[3])))
    elif command == "sky":
        result = sky(json.load(open(sys.argv[2])))
    else:
        sys.exit(__doc__)
    print(json.dumps(result))
