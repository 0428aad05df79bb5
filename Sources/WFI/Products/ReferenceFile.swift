import Arrays
import ASDF

/// A calibration reference file (any `reference_files/*` model): what it is for (`reftype`),
/// which detector and optical element it applies to, from when (`useafter`), and its arrays.
public struct ReferenceFile: Sendable {
    public var model: RomanDataModel

    /// Wraps a reference-file model (throws for products).
    public init(_ model: RomanDataModel) throws(ProductError) {
        guard model.kind.isReferenceFile else {
            throw .notRoman(path: model.file.path ?? "(model)", reason: "\(model.kind) is not a reference file")
        }
        self.model = model
    }

    /// Reads and validates a reference file.
    public init(contentsOf path: String, options: ReadOptions = ReadOptions()) throws(ProductError) {
        try self.init(RomanDataModel(contentsOf: path, options: options))
    }

    /// `meta.reftype` (`DARK`, `FLAT`, `PHOTOM`...), falling back to the kind.
    public var referenceType: String {
        model.meta("reftype")?.stringValue ?? model.kind.referenceType ?? model.kind.name
    }

    /// The detector it applies to; nil for `NOT_CONFIGURED` (all detectors).
    public var detector: Detector? { model.meta("instrument/detector")?.stringValue.flatMap(Detector.init(name:)) }

    /// The optical element it applies to, when the schema has one.
    public var opticalElement: OpticalElement? {
        model.meta("instrument/optical_element")?.stringValue.flatMap(OpticalElement.init(rawValue:))
    }

    /// `meta.useafter` as an ISO time string.
    public var useAfter: String? { model.meta("useafter").flatMap(Time.init(node:))?.value.stringValue }

    /// Whether this file serves `detector` and `element` (files without a detector or element
    /// serve all).
    public func applies(to detector: Detector, element: OpticalElement?) -> Bool {
        if let own = self.detector, own != detector { return false }
        if let own = opticalElement, let element, own != element { return false }
        return true
    }

    /// An array of the file as a typed view.
    public func array<T: ArrayElement>(_ name: String, _: T.Type = T.self) throws(ProductError) -> TypedArray<T> {
        guard let array = model.array(name) else { throw .missingArray(kind: model.kind, name: name) }
        do { return try array.typed(T.self) } catch {
            throw .invalid(path: model.file.path ?? "(model)", kind: model.kind, problems: [SchemaProblem(path: name, message: "\(error)")])
        }
    }
}
