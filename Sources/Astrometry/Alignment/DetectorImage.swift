import ASDF
import WCS
import WFI

/// Source positions measured on one detector: 0-based pixel coordinates of its L2 science
/// array (the WCS's `detector` frame) and optional relative weights (e.g. 1/σ²; zero excludes).
public struct SourceList: Sendable, Equatable {
    public var x: [Double]
    public var y: [Double]
    public var weights: [Double]?

    public init(x: [Double], y: [Double], weights: [Double]? = nil) {
        self.x = x
        self.y = y
        self.weights = weights
    }

    public static let empty = SourceList(x: [], y: [])
    public var count: Int { x.count }
}

/// One detector of an exposure as the aligner sees it: its name, its current WCS, the reference
/// point and roll that define its tangent-plane correction (`meta.wcsinfo` v2_ref, v3_ref,
/// roll_ref; a correction already in the WCS brings its own), and its sources.
public struct DetectorImage: Sendable {
    public var name: String
    public var wcs: GWCS
    public var v2Ref: Double
    public var v3Ref: Double
    public var rollRef: Double
    public var sources: SourceList

    public init(name: String, wcs: GWCS, v2Ref: Double, v3Ref: Double, rollRef: Double, sources: SourceList) {
        self.name = name
        self.wcs = wcs
        self.v2Ref = v2Ref
        self.v3Ref = v3Ref
        self.rollRef = rollRef
        self.sources = sources
    }

    /// The detector of an L2 product: `meta.wcs`, `meta.wcsinfo` and `meta.instrument.detector`.
    public init(model: RomanDataModel, sources: SourceList) throws(AlignmentError) {
        let file = model.file.path ?? "L2 model"
        let name = model.meta("instrument/detector")?.stringValue ?? file
        guard let node = model.meta("wcs"), !node.isNull else { throw .noWCS(detector: name, file: file) }
        let wcs: GWCS
        do { wcs = try GWCS(node: node, path: "meta/wcs") } catch { throw .wcs(detector: name, error) }
        func value(_ key: String) throws(AlignmentError) -> Double {
            guard let v = model.meta("wcsinfo/" + key)?.doubleValue, v.isFinite, v != ModelFactory.unknownNumber else {
                throw .missingMetadata(detector: name, key: "meta.wcsinfo." + key)
            }
            return v
        }
        self.init(name: name, wcs: wcs, v2Ref: try value("v2_ref"), v3Ref: try value("v3_ref"), rollRef: try value("roll_ref"),
                  sources: sources)
    }

    /// The tangent-plane correction now in the WCS, or an identity one at the wcsinfo reference.
    func currentCorrection() throws(AlignmentError) -> TangentPlaneCorrection {
        do {
            if let existing = try wcs.tangentPlaneCorrection { return existing }
        } catch { throw .wcs(detector: name, error) }
        return TangentPlaneCorrection(v2Ref: v2Ref, v3Ref: v3Ref, rollRef: rollRef)
    }
}
