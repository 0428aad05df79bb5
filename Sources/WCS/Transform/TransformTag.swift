import ASDF

/// The transform tags asdf-astropy 0.11.0 writes (transform manifest 1.7.0 of
/// asdf-transform-schemas 0.6.0, `resources/manifests/transform-1.7.0.yaml`). Any version of the
/// same tag name is read.
public enum TransformTag {
    public static let prefix = "tag:stsci.edu:asdf/transform/"
    public static let compose = prefix + "compose-1.4.0"
    public static let concatenate = prefix + "concatenate-1.4.0"
    public static let identity = prefix + "identity-1.4.0"
    public static let shift = prefix + "shift-1.4.0"
    public static let scale = prefix + "scale-1.4.0"
    public static let multiplyScale = prefix + "multiplyscale-1.2.0"
    public static let affine = prefix + "affine-1.5.0"
    public static let remapAxes = prefix + "remap_axes-1.5.0"
    public static let polynomial = prefix + "polynomial-1.3.0"
    public static let rotateSequence3D = prefix + "rotate_sequence_3d-1.2.0"
    public static let rotate3D = prefix + "rotate3d-1.5.0"
    public static let rotate2D = prefix + "rotate2d-1.5.0"
    public static let gnomonic = prefix + "gnomonic-1.4.0"
    public static let constant = prefix + "constant-1.6.0"
    /// `add-1.4.0`, `subtract-1.4.0`, `multiply-1.4.0`, `divide-1.4.0`, `power-1.4.0`.
    public static func arithmetic(_ op: ArithmeticOperator) -> String { prefix + op.rawValue + "-1.4.0" }
    /// gwcs's own transforms (gwcs-1.4.0 manifest of asdf-wcs-schemas).
    public static let gwcsPrefix = "tag:stsci.edu:gwcs/"
    public static let sphericalCartesian = gwcsPrefix + "spherical_cartesian-1.3.0"
    public static let fitsImaging = gwcsPrefix + "fitswcs_imaging-1.0.0"
    public static let boundingBox = prefix + "property/bounding_box-1.2.0"

    /// The tag's name without prefix and version (`compose` for `.../compose-1.4.0`), or nil
    /// when it is not a transform tag.
    static func name(of tag: String) -> String? {
        if let name = gwcsName(of: tag) { return ["spherical_cartesian", "fitswcs_imaging"].contains(name) ? "gwcs/" + name : nil }
        guard tag.hasPrefix(prefix), let dash = tag.lastIndex(of: "-") else { return nil }
        let name = tag[tag.index(tag.startIndex, offsetBy: prefix.count)..<dash]
        return Tag.matches(tag, "transform/" + name) ? String(name) : nil
    }

    /// The name of a `tag:stsci.edu:gwcs/<name>-<version>` tag (`wcs`, `frame2d`), or nil.
    public static func gwcsName(of tag: String) -> String? {
        guard tag.hasPrefix(gwcsPrefix), let dash = tag.lastIndex(of: "-"),
              tag[tag.index(after: dash)...].first?.isNumber == true else { return nil }
        return String(tag[tag.index(tag.startIndex, offsetBy: gwcsPrefix.count)..<dash])
    }
}
