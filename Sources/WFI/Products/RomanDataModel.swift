import Arrays
import ASDF
import FileIO
import OrderedCollections

/// A Roman data product or reference file: the tagged node under the tree's `roman` key, with
/// the ASDF file around it (other top-level keys are kept), validated against its rad schema.
///
/// Arrays are the ASDF layer's views (memory-mapped or lazily decompressed): reaching
/// `model.array("data")` copies nothing.
public struct RomanDataModel: Sendable {
    public var kind: ProductKind
    /// The content of the `roman` node (a mapping: `meta`, `data`, ...).
    public var node: Node
    /// The whole file (root mapping and read information); `roman` is replaced by `node` on write.
    public var file: ASDFFile

    /// A new model of `kind` with `node` as content.
    public init(kind: ProductKind, node: Node) {
        self.kind = kind
        self.node = node
        file = ASDFFile(tree: .map([:]))
    }

    /// Reads a Roman file and validates it. Throws `ProductError.notRoman` when the tree has no
    /// tagged `roman` node and `ProductError.invalid` listing every schema problem.
    public init(contentsOf path: String, validate: Bool = true, options: ReadOptions = ReadOptions()) throws(ProductError) {
        let file: ASDFFile
        do { file = try ASDFFile(contentsOf: path, options: options) } catch { throw .file(error) }
        guard let roman = file.tree["roman"] else { throw .notRoman(path: path, reason: "the tree has no 'roman' key") }
        guard let tag = roman.tag, let kind = ProductKind(tag: tag) else {
            throw .notRoman(path: path, reason: "'roman' is not a tagged Roman data model (tag \(roman.tag ?? "none"))")
        }
        guard SchemaCatalog.schema(for: tag) != nil else {
            throw .unknownKind(path: path, tag: tag)
        }
        self.kind = kind
        self.node = roman.untagged
        self.file = file
        if validate {
            let problems = self.problems()
            if !problems.isEmpty { throw .invalid(path: path, kind: kind, problems: problems) }
        }
    }

    /// Every way the model breaks its schema (empty when valid).
    public func problems() -> [SchemaProblem] {
        guard let schema = SchemaCatalog.schema(for: kind.tag) else {
            return [SchemaProblem(path: "", message: "no schema for \(kind.tag)")]
        }
        return SchemaValidator().validate(.tagged(kind.tag, node), against: schema)
    }

    /// Validates, then writes atomically. Roman products are lz4-compressed and small arrays
    /// (at most 512 elements) inline, as `roman_datamodels` saves them.
    public func write(to path: String, options: WriteOptions = RomanDataModel.defaultWriteOptions) throws(ProductError) {
        let file = try validatedFile(path: path)
        do { try file.write(to: path, options: options) } catch { throw .file(error) }
    }

    /// Validates, then writes the file under a temporary name and flushes it (`ASDFFile.stage`):
    /// `commit()` on the result puts it in place, dropping the result removes it.
    public func stage(to path: String, options: WriteOptions = RomanDataModel.defaultWriteOptions) throws(ProductError) -> AtomicFileWriter {
        let file = try validatedFile(path: path)
        do { return try file.stage(to: path, options: options) } catch { throw .file(error) }
    }

    /// The file to write: this model under `roman`, after checking it against its schema.
    private func validatedFile(path: String) throws(ProductError) -> ASDFFile {
        let problems = self.problems()
        guard problems.isEmpty else { throw .invalid(path: path, kind: kind, problems: problems) }
        var out = file
        out.tree["roman"] = .tagged(kind.tag, node)
        return out
    }

    /// lz4 for every block and inline arrays up to 512 elements, like `roman_datamodels.save`,
    /// except blocks lz4 does not shrink by at least 3% (noise-dominated float images, which
    /// lz4 grows by 0.4%): those are stored uncompressed, which every ASDF reader reads alike
    /// and which costs neither compression on writing nor decompression on reading.
    public static var defaultWriteOptions: WriteOptions {
        var options = WriteOptions(compression: .lz4, inlineThreshold: 512)
        options.minimumCompressionGain = 0.03
        return options
    }

    // MARK: Access

    /// The array at a `/`-separated path under the model (`data`, `meta/...`), no copy.
    public func array(_ path: String) -> NDArray? { node[path: path]?.arrayValue?.array }

    /// The metadata mapping.
    public var meta: Node { node["meta"] ?? .null }

    /// The value at a `/`-separated path under `meta`.
    public func meta(_ path: String) -> Node? { node[path: "meta/" + path] }

    /// Sets the value at a `/`-separated path under the model, creating mappings on the way.
    public mutating func set(_ path: String, _ value: Node) {
        node = Self.setting(node, path.split(separator: "/").map(String.init)[...], value)
    }

    private static func setting(_ node: Node, _ keys: ArraySlice<String>, _ value: Node) -> Node {
        guard let key = keys.first else { return value }
        var current = node
        if case .null = current { current = .mapping([:]) }
        let existing = current[key] ?? .null
        current[key] = setting(existing, keys.dropFirst(), value)
        return current
    }
}

/// Why a Roman product could not be read, validated or written.
public enum ProductError: Error, Sendable, CustomStringConvertible {
    case file(ASDFError)
    case notRoman(path: String, reason: String)
    case unknownKind(path: String, tag: String)
    case invalid(path: String, kind: ProductKind, problems: [SchemaProblem])
    case missingArray(kind: ProductKind, name: String)

    public var description: String {
        switch self {
        case .file(let error): error.description
        case .notRoman(let path, let reason): "\(path): not a Roman data product: \(reason)"
        case .unknownKind(let path, let tag): "\(path): unknown Roman data model \(tag) (this build knows rad \(SchemaCatalog.radVersion))"
        case .invalid(let path, let kind, let problems):
            "\(path): invalid \(kind) (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
                + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .missingArray(let kind, let name): "\(kind) has no array '\(name)'"
        }
    }
}
