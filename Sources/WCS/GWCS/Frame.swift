import ASDF

/// A gwcs coordinate frame (`gwcs.coordinate_frames`): the frame a pipeline step starts in.
///
/// `frame2d-1.2.0` and `celestial_frame-1.2.0` are modelled; a frame written as a plain string
/// (allowed by `step-1.3.0`) or with another frame tag is kept as read and written back unchanged.
public struct Frame: Sendable {
    /// What kind of frame this is.
    public enum Kind: Sendable {
        /// `cf.Frame2D`: two generic axes (pixels, V2/V3 arcsec).
        case frame2D
        /// `cf.CelestialFrame` with its astropy reference frame node (ICRS: `GWCSTag.icrs`
        /// with `frame_attributes: {}`).
        case celestial(referenceFrame: Node)
        /// A step whose frame is only a name (a plain string in the file).
        case nameOnly
        /// Another gwcs frame tag, kept as read (`node` is the whole tagged node).
        case other(Node)
    }

    public var kind: Kind
    /// `name`: `detector`, `v2v3`, `world`...
    public var name: String
    /// `axes_names` (`x`, `y`; `v2`, `v3`; `lon`, `lat`).
    public var axesNames: [String]
    /// `axes_order`.
    public var axesOrder: [Int]
    /// `unit`, one astropy/VOUnit string per axis (`pixel`, `arcsec`, `deg`).
    public var units: [String]
    /// `axis_physical_types` (IVOA UCD1+ or `custom:<name>`).
    public var axisPhysicalTypes: [String]

    public init(kind: Kind, name: String, axesNames: [String], axesOrder: [Int] = [0, 1], units: [String],
                axisPhysicalTypes: [String]? = nil) {
        self.kind = kind
        self.name = name
        self.axesNames = axesNames
        self.axesOrder = axesOrder
        self.units = units
        self.axisPhysicalTypes = axisPhysicalTypes ?? axesNames.map { "custom:" + $0 }
    }

    /// gwcs `Frame2D(name=name, axes_names=axesNames, unit=(unit, unit))`; physical types
    /// `custom:<axis name>` as gwcs derives them.
    public static func frame2D(_ name: String, axesNames: [String] = ["x", "y"], unit: String) -> Frame {
        Frame(kind: .frame2D, name: name, axesNames: axesNames, units: [unit, unit])
    }

    /// gwcs `CelestialFrame(reference_frame=ICRS(), name=name)`: axes `lon`, `lat` in degrees,
    /// physical types `pos.eq.ra`, `pos.eq.dec`.
    public static func icrs(_ name: String) -> Frame {
        Frame(kind: .celestial(referenceFrame: .tagged(GWCSTag.icrs, .map(["frame_attributes": .map([:])]))),
              name: name, axesNames: ["lon", "lat"], units: ["deg", "deg"],
              axisPhysicalTypes: ["pos.eq.ra", "pos.eq.dec"])
    }

    /// A frame known only by its name.
    public static func named(_ name: String) -> Frame {
        Frame(kind: .nameOnly, name: name, axesNames: [], axesOrder: [], units: [], axisPhysicalTypes: [])
    }

    /// Whether the frame is a celestial frame (longitude, latitude in degrees).
    public var isCelestial: Bool {
        if case .celestial = kind { return true }
        return false
    }

    /// Whether the frame is celestial with an ICRS reference frame.
    public var isICRS: Bool {
        if case .celestial(let reference) = kind, let tag = reference.tag {
            return tag.hasPrefix("tag:astropy.org:astropy/coordinates/frames/icrs-")
        }
        return false
    }
}

extension Frame: Equatable {
    /// Equal names, axes, units and kinds; reference frames and unmodelled frame nodes compare
    /// by their structure (the nodes hold no arrays).
    public static func == (a: Frame, b: Frame) -> Bool {
        guard a.name == b.name, a.axesNames == b.axesNames, a.axesOrder == b.axesOrder, a.units == b.units,
              a.axisPhysicalTypes == b.axisPhysicalTypes else { return false }
        switch (a.kind, b.kind) {
        case (.frame2D, .frame2D), (.nameOnly, .nameOnly): return true
        case (.celestial(let x), .celestial(let y)), (.other(let x), .other(let y)):
            return String(reflecting: x) == String(reflecting: y)
        default: return false
        }
    }
}
