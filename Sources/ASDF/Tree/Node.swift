import Arrays
import OrderedCollections

/// One value of an ASDF tree: the YAML data model plus tags, with `ndarray` nodes resolved to
/// array views so that arrays can be read and written without touching YAML.
///
/// Unknown tags are kept as `.tagged(tag, value)` and written back unchanged, as the ASDF standard
/// requires of parsers.
public indirect enum Node: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    /// A YAML 1.1 timestamp written without quotes (`2026-11-21 18:59:54+00:00`), kept as its text.
    case timestamp(String)
    case sequence([Node])
    case mapping(OrderedDictionary<MappingKey, Node>)
    /// A node carrying a tag (a full URI such as `tag:stsci.edu:asdf/time/time-1.4.0`).
    case tagged(String, Node)
    /// An `ndarray`: its data, optional mask and how it should be stored.
    case ndarray(ArrayNode)

    /// Mapping keys allowed by ASDF: strings, integers and booleans.
    public enum MappingKey: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
        case string(String)
        case int(Int64)
        case bool(Bool)

        public init(stringLiteral value: String) { self = .string(value) }

        public var description: String {
            switch self {
            case .string(let s): s
            case .int(let i): String(i)
            case .bool(let b): String(b)
            }
        }
    }

    /// A mapping from string keys, in the given order.
    public static func map(_ pairs: KeyValuePairs<String, Node>) -> Node {
        var mapping = OrderedDictionary<MappingKey, Node>()
        for (key, value) in pairs { mapping[.string(key)] = value }
        return .mapping(mapping)
    }

    /// The value under `key` of a mapping (looking through a tag), or nil.
    public subscript(key: String) -> Node? {
        get { untagged.mappingValue?[.string(key)] }
        set {
            switch self {
            case .mapping(var mapping):
                mapping[.string(key)] = newValue
                self = .mapping(mapping)
            case .tagged(let tag, var inner):
                inner[key] = newValue
                self = .tagged(tag, inner)
            default:
                break
            }
        }
    }

    /// The node at a `/`-separated path of mapping keys and sequence indices (`roman/meta/exposure`).
    public subscript(path path: String) -> Node? {
        var node: Node? = self
        for component in path.split(separator: "/") where !component.isEmpty {
            guard let current = node else { return nil }
            if case .sequence(let items) = current.untagged, let index = Int(component) {
                node = items.indices.contains(index) ? items[index] : nil
            } else {
                node = current[String(component)]
            }
        }
        return node
    }

    /// The node with any tag removed.
    public var untagged: Node {
        if case .tagged(_, let inner) = self { return inner.untagged }
        return self
    }

    /// The tag, if the node has one (`ndarray` nodes report the ndarray tag).
    public var tag: String? {
        switch self {
        case .tagged(let tag, _): tag
        case .ndarray: Tag.ndarray
        default: nil
        }
    }

    public var mappingValue: OrderedDictionary<MappingKey, Node>? {
        if case .mapping(let m) = self { return m }
        return nil
    }

    public var sequenceValue: [Node]? {
        if case .sequence(let s) = untagged { return s }
        return nil
    }

    public var stringValue: String? {
        switch untagged {
        case .string(let s), .timestamp(let s): s
        default: nil
        }
    }

    public var intValue: Int64? {
        if case .int(let i) = untagged { return i }
        return nil
    }

    /// A number as a double (integers converted).
    public var doubleValue: Double? {
        switch untagged {
        case .float(let d): d
        case .int(let i): Double(i)
        default: nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = untagged { return b }
        return nil
    }

    public var arrayValue: ArrayNode? {
        if case .ndarray(let a) = self { return a }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// An `ndarray` in a tree: the array view plus what ASDF records beside it.
public struct ArrayNode: Sendable {
    /// How the array is stored in a file.
    public enum Storage: Sendable, Equatable {
        /// In a binary block (the default).
        case block
        /// As a YAML list in the tree.
        case inline
        /// In a streamed last block whose first dimension grows with the file.
        case streamed
    }

    /// The elements.
    public var array: NDArray
    /// Masked elements: a sentinel value, or a bool array of the same shape (non-zero = masked).
    public var mask: Mask?
    /// Where to store it when writing (the reader records where it came from).
    public var storage: Storage
    /// Compression when writing; nil uses the writer's default. The reader records the block's.
    public var compression: BlockCompression?
    /// The block index the array was read from (informational).
    public var sourceBlock: Int?

    /// Masked elements of an array.
    public enum Mask: Sendable {
        case value(Node)
        case array(NDArray)
    }

    public init(_ array: NDArray, mask: Mask? = nil, storage: Storage = .block, compression: BlockCompression? = nil) {
        self.array = array
        self.mask = mask
        self.storage = storage
        self.compression = compression
        self.sourceBlock = nil
    }
}

extension Node: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Node...) { self = .sequence(elements) }
    public init(nilLiteral: ()) { self = .null }
}
