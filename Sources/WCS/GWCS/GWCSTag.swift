/// The gwcs tags gwcs 1.0.3 writes (gwcs-1.4.0 manifest of asdf-wcs-schemas,
/// extension `asdf://asdf-format.org/astronomy/gwcs/extensions/gwcs-1.4.0`) and the astropy
/// coordinate-frame tag of ICRS (asdf-coordinates-schemas, coordinates-1.3.0 extension). Any
/// version of the same tag name is read.
public enum GWCSTag {
    public static let wcs = TransformTag.gwcsPrefix + "wcs-1.4.0"
    public static let step = TransformTag.gwcsPrefix + "step-1.3.0"
    public static let frame = TransformTag.gwcsPrefix + "frame-1.2.0"
    public static let frame2D = TransformTag.gwcsPrefix + "frame2d-1.2.0"
    public static let celestialFrame = TransformTag.gwcsPrefix + "celestial_frame-1.2.0"
    /// `astropy.coordinates.ICRS()` as asdf-astropy writes it (`frame_attributes: {}`).
    public static let icrs = "tag:astropy.org:astropy/coordinates/frames/icrs-1.1.0"
    /// The extension to list in `history.extensions` of a file holding a gwcs.
    public static let extensionURI = "asdf://asdf-format.org/astronomy/gwcs/extensions/gwcs-1.4.0"
}
