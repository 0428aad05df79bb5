import ASDF

/// A gnomonic (TAN) world coordinate system as a gwcs tree (`tag:stsci.edu:gwcs/wcs-1.4.0`),
/// the form of Roman skycell (L3) WCSs: pixel -> shift by the reference pixel -> scale to degrees
/// -> gnomonic projection -> native-to-celestial rotation to (RA, Dec) of the reference point.
/// (General WCS reading, evaluation and the L2 distortion chain are the `WCS` module's job.)
public struct TangentPlaneWCS: Sendable {
    /// 0-based pixel coordinates of the reference point.
    public var crpix: (x: Double, y: Double)
    /// Degrees per pixel.
    public var pixelScale: Double
    /// Sky position of the reference point, degrees.
    public var ra: Double
    public var dec: Double

    public init(crpix: (Double, Double), pixelScale: Double, ra: Double, dec: Double) {
        self.crpix = (crpix.0, crpix.1)
        self.pixelScale = pixelScale
        self.ra = ra
        self.dec = dec
    }

    private static func transform(_ name: String, _ fields: KeyValuePairs<String, Node>, version: String = "1.4.0") -> Node {
        .tagged("tag:stsci.edu:asdf/transform/\(name)-\(version)", .map(fields))
    }

    private static func pair(_ a: Node, _ b: Node) -> Node {
        transform("concatenate", ["forward": [a, b], "inputs": ["x0", "x1"], "outputs": ["y0", "y1"]])
    }

    private static func unit(_ name: String) -> Node { Unit(name).node }

    public var node: Node {
        let shift = { (offset: Double) in Self.transform("shift", ["inputs": ["x"], "offset": .float(-offset), "outputs": ["y"]]) }
        let scale = Self.transform("scale", ["factor": .float(pixelScale), "inputs": ["x"], "outputs": ["y"]])
        let toPlane = Self.transform("compose", [
            "forward": [Self.pair(shift(crpix.x), shift(crpix.y)), Self.pair(scale, scale)],
            "inputs": ["x0", "x1"], "outputs": ["y0", "y1"],
        ])
        let projection = Self.transform("compose", [
            "forward": [toPlane, Self.transform("gnomonic", ["direction": "pix2sky", "inputs": ["x", "y"], "outputs": ["phi", "theta"]])],
            "inputs": ["x0", "x1"], "outputs": ["phi", "theta"],
        ])
        let rotation = Self.transform("rotate3d", [
            "direction": "native2celestial", "inputs": ["phi_N", "theta_N"], "outputs": ["alpha_C", "delta_C"],
            "phi": .float(ra), "psi": 180.0, "theta": .float(dec),
        ], version: "1.5.0")
        let pipeline = Self.transform("compose", ["forward": [projection, rotation], "inputs": ["x0", "x1"], "outputs": ["alpha_C", "delta_C"]])
        let detector: Node = .tagged("tag:stsci.edu:gwcs/frame2d-1.2.0", .map([
            "axes_names": ["x", "y"], "axes_order": [0, 1], "axis_physical_types": ["custom:x", "custom:y"],
            "name": "detector", "unit": [Self.unit("pixel"), Self.unit("pixel")],
        ]))
        let sky: Node = .tagged("tag:stsci.edu:gwcs/celestial_frame-1.2.0", .map([
            "axes_names": ["lon", "lat"], "axes_order": [0, 1], "axis_physical_types": ["pos.eq.ra", "pos.eq.dec"],
            "name": "icrs",
            "reference_frame": .tagged("tag:astropy.org:astropy/coordinates/frames/icrs-1.1.0", .map(["frame_attributes": .mapping([:])])),
            "unit": [Self.unit("deg"), Self.unit("deg")],
        ]))
        return .tagged("tag:stsci.edu:gwcs/wcs-1.4.0", .map([
            "name": "",
            "pixel_shape": nil,
            "steps": [
                .tagged("tag:stsci.edu:gwcs/step-1.3.0", .map(["frame": detector, "transform": pipeline])),
                .tagged("tag:stsci.edu:gwcs/step-1.3.0", .map(["frame": sky, "transform": nil])),
            ],
        ]))
    }
}
