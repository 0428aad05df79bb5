import Arrays
import OrderedCollections

/// The YAML form of `ndarray` datatypes: `float32`, `[ascii, 7]`, `[ucs4, 5]`, or a list of
/// `{name, datatype, byteorder?, shape?}` record fields.
enum DataTypeCoding {
    /// What is wrong with a datatype node.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func encode(_ type: DataType) -> Node {
        switch type {
        case .ascii(let n): return ["ascii", .int(Int64(n))]
        case .ucs4(let n): return ["ucs4", .int(Int64(n))]
        case .record(let fields):
            return .sequence(fields.map { field in
                var m = OrderedDictionary<Node.MappingKey, Node>()
                if let order = field.byteOrder { m["byteorder"] = .string(order.rawValue) }
                m["datatype"] = encode(field.dataType)
                m["name"] = .string(field.name)
                if !field.shape.isEmpty { m["shape"] = .sequence(field.shape.map { .int(Int64($0)) }) }
                return .mapping(m)
            })
        default:
            return .string(type.scalarName ?? "uint8")
        }
    }

    /// Parses a datatype node; the error message says what was found.
    static func decode(_ node: Node) -> Result<DataType, Failure> {
        switch node.untagged {
        case .string(let name):
            if let type = DataType(scalarName: name) { return .success(type) }
            return .failure(Failure(description: "unknown datatype '\(name)'"))
        case .sequence(let items):
            if items.count == 2, let kind = items[0].stringValue, let length = items[1].intValue,
               kind == "ascii" || kind == "ucs4" {
                guard length >= 0, length < 1 << 30 else { return .failure(Failure(description: "string length \(length) out of range")) }
                return .success(kind == "ascii" ? .ascii(length: Int(length)) : .ucs4(length: Int(length)))
            }
            var fields: [RecordField] = []
            for item in items {
                guard let name = item["name"]?.stringValue ?? Optional(""), let typeNode = item["datatype"] else {
                    return .failure(Failure(description: "record field without datatype"))
                }
                let type: DataType
                switch decode(typeNode) {
                case .success(let t): type = t
                case .failure(let why): return .failure(Failure(description: "field '\(name)': \(why)"))
                }
                var order: ByteOrder?
                if let text = item["byteorder"]?.stringValue {
                    guard let parsed = ByteOrder(rawValue: text) else { return .failure(Failure(description: "field '\(name)': byteorder '\(text)'")) }
                    order = parsed
                }
                var shape: [Int] = []
                if let shapeNode = item["shape"] {
                    guard let dims = shapeNode.sequenceValue?.compactMap({ $0.intValue }), dims.allSatisfy({ $0 >= 0 && $0 < 1 << 31 }) else {
                        return .failure(Failure(description: "field '\(name)': bad shape"))
                    }
                    shape = dims.map { Int($0) }
                }
                fields.append(RecordField(name: name, dataType: type, byteOrder: order, shape: shape))
            }
            guard !fields.isEmpty else { return .failure(Failure(description: "empty record datatype")) }
            return .success(.record(fields))
        default:
            return .failure(Failure(description: "datatype must be a name or a list"))
        }
    }
}
