import Arrays
import OrderedCollections

/// Where the bytes of an `ndarray` with a `source` come from.
protocol BlockSource {
    var blockCount: Int { get }
    /// The decoded bytes of block `index` (lazily loaded), its compression and whether it is streamed.
    func block(_ index: Int) -> (storage: DeferredStorage, compression: BlockCompression, streamed: Bool)
}

/// Converts between `ndarray` tree nodes and `ArrayNode`s (schema `core/ndarray-1.1.0`).
enum NDArrayCoding {
    // MARK: Reading

    static func decode(_ node: Node, path: String, file: String?, blocks: some BlockSource) throws(ASDFError) -> ArrayNode {
        func fail(_ why: String) -> ASDFError { ASDFError(file: file, .treePath(path), .invalidNDArray(why)) }
        let body = node.untagged
        if case .sequence = body {
            return try decodeInline(body, datatype: nil, shape: nil, path: path, file: file)
        }
        guard case .mapping = body else { throw fail("expected a mapping or a list") }

        var mask: ArrayNode.Mask?
        if let maskNode = body["mask"] {
            switch maskNode {
            case .ndarray(let maskArray): mask = .array(maskArray.array)
            default: mask = .value(maskNode)
            }
        }
        let declaredType: DataType?
        if let typeNode = body["datatype"] {
            switch DataTypeCoding.decode(typeNode) {
            case .success(let t): declaredType = t
            case .failure(let why): throw fail(why.description)
            }
        } else {
            declaredType = nil
        }
        if let data = body["data"] {
            var result = try decodeInline(data, datatype: declaredType, shape: try shape(body["shape"], allowStar: false, path: path, file: file), path: path, file: file)
            result.mask = mask
            return result
        }
        guard let source = body["source"] else { throw fail("has neither 'source' nor 'data'") }
        guard let type = declaredType else { throw fail("'source' without 'datatype'") }
        guard let orderText = body["byteorder"]?.stringValue, let order = ByteOrder(rawValue: orderText) else {
            throw fail("'byteorder' must be 'big' or 'little'")
        }
        guard let sourceIndex = source.intValue else {
            throw ASDFError(file: file, .treePath(path), .unsupported("external array source \(source.stringValue.map { "'\($0)'" } ?? "")"))
        }
        let index = sourceIndex < 0 ? Int64(blocks.blockCount) + sourceIndex : sourceIndex
        guard index >= 0, index < blocks.blockCount else {
            throw ASDFError(file: file, .treePath(path), .danglingBlockReference(source: Int(sourceIndex), blockCount: blocks.blockCount))
        }
        let block = blocks.block(Int(index))
        let offset = Int(body["offset"]?.intValue ?? 0)
        var dims = try shape(body["shape"], allowStar: block.streamed, path: path, file: file)
        guard var dimensions = dims else { throw fail("'source' without 'shape'") }
        if dimensions.first == -1 {
            // Streamed: the first dimension is however many rows the block holds.
            let rowBytes = dimensions.dropFirst().reduce(type.itemSize, *)
            dimensions[0] = rowBytes > 0 ? max(0, block.storage.count - offset) / rowBytes : 0
            dims = dimensions
        }
        var strides: [Int]?
        if let stridesNode = body["strides"] {
            guard let values = stridesNode.sequenceValue?.compactMap({ $0.intValue }), values.count == dimensions.count else {
                throw fail("'strides' must be a list of \(dimensions.count) integers")
            }
            strides = values.map { Int($0) }
        }
        let array: NDArray
        do {
            array = try NDArray(dataType: type, byteOrder: order, shape: dimensions, strides: strides, offset: offset, storage: block.storage)
        } catch {
            throw ASDFError(file: file, .treePath(path), .shapeMismatch("\(error) (block \(index), shape \(dimensions), \(type.displayName), offset \(offset))"))
        }
        var result = ArrayNode(array, mask: mask, storage: block.streamed ? .streamed : .block, compression: block.compression)
        result.sourceBlock = Int(index)
        return result
    }

    /// A shape list; `'*'` (streamed) is returned as -1 in the first place.
    private static func shape(_ node: Node?, allowStar: Bool, path: String, file: String?) throws(ASDFError) -> [Int]? {
        guard let node else { return nil }
        guard let items = node.sequenceValue else {
            throw ASDFError(file: file, .treePath(path), .invalidNDArray("'shape' must be a list"))
        }
        var dims: [Int] = []
        for (i, item) in items.enumerated() {
            if i == 0, allowStar, item.stringValue == "*" {
                dims.append(-1)
                continue
            }
            guard let value = item.intValue, value >= 0, value <= Int64(Int32.max) else {
                throw ASDFError(file: file, .treePath(path), .invalidNDArray("'shape' entry \(i) must be a non-negative integer"))
            }
            dims.append(Int(value))
        }
        guard Layout.elementCount(dims.map { max($0, 0) }) != nil else {
            throw ASDFError(file: file, .treePath(path), .invalidNDArray("shape \(dims) overflows"))
        }
        return dims
    }

    /// Builds an array from inline nested lists.
    private static func decodeInline(_ data: Node, datatype: DataType?, shape declared: [Int]?, path: String, file: String?) throws(ASDFError) -> ArrayNode {
        func fail(_ why: String) -> ASDFError { ASDFError(file: file, .treePath(path), .invalidNDArray(why)) }
        var shape: [Int] = []
        if let declared {
            shape = declared
        } else {
            guard !isRecordType(datatype) else { throw fail("inline record data needs a 'shape'") }
            var cursor = data.untagged
            while case .sequence(let items) = cursor {
                shape.append(items.count)
                guard let first = items.first else { break }
                cursor = first.untagged
            }
        }
        guard let expected = Layout.elementCount(shape), expected <= 1 << 24 else {
            throw fail("inline shape \(shape) is too large")
        }
        var leaves: [Node] = []
        leaves.reserveCapacity(expected)
        func flatten(_ node: Node, depth: Int) throws(ASDFError) {
            if depth == shape.count {
                leaves.append(node)
                return
            }
            guard case .sequence(let items) = node.untagged, items.count == shape[depth] else {
                throw ASDFError(file: file, .treePath(path), .shapeMismatch("inline data does not have shape \(shape)"))
            }
            for item in items { try flatten(item, depth: depth + 1) }
        }
        try flatten(data, depth: 0)
        let type = datatype ?? inferType(leaves)
        let storage: ByteStorage
        do { storage = try ByteStorage.allocate(count: leaves.count * type.itemSize) }
        catch { throw ASDFError(file: file, .treePath(path), .storage(error)) }
        for (i, leaf) in leaves.enumerated() {
            do throws(ElementEncoder.Mismatch) {
                try ElementEncoder.encode(elementValue(leaf, type), as: type, .native, at: storage.baseAddress + i * type.itemSize)
            } catch {
                throw fail("element \(i): \(error)")
            }
        }
        do {
            let array = try NDArray(dataType: type, byteOrder: .native, shape: shape, storage: DeferredStorage(storage))
            return ArrayNode(array, storage: .inline)
        } catch {
            throw ASDFError(file: file, .treePath(path), .storage(error))
        }
    }

    private static func isRecordType(_ type: DataType?) -> Bool {
        if case .record = type { return true }
        return false
    }

    /// The datatype rules of the standard for inline data without one.
    private static func inferType(_ leaves: [Node]) -> DataType {
        if leaves.contains(where: { $0.stringValue != nil }) {
            let longest = leaves.compactMap { $0.stringValue?.unicodeScalars.count }.max() ?? 0
            return .ucs4(length: longest)
        }
        if leaves.contains(where: { if case .float = $0.untagged { true } else { false } }) { return .float64 }
        if leaves.contains(where: { if case .int = $0.untagged { true } else { false } }) { return .int64 }
        return .bool8
    }

    private static func elementValue(_ node: Node, _ type: DataType) -> ElementValue {
        if type == .complex64 || type == .complex128, let text = node.untagged.stringValue,
           let value = ComplexNumber(text: text) {
            return .complex(value.real, value.imaginary)
        }
        switch node.untagged {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s), .timestamp(let s): return .string(s)
        case .null: return type.scalarName.map { $0.hasPrefix("float") || $0.hasPrefix("complex") } == true ? .float(.nan) : .int(0)
        case .sequence(let items):
            if case .record(let fields) = type {
                return .record(zip(items, fields).map { elementValue($0, $1.shape.isEmpty ? $1.dataType : $1.dataType) })
            }
            return .list(items.map { elementValue($0, type) })
        default: return .string("")
        }
    }

    // MARK: Writing

    /// The tree form of an array stored in block `source`, or inline when `source` is nil.
    static func encode(_ node: ArrayNode, source: Int?) -> Node {
        var m = OrderedDictionary<Node.MappingKey, Node>()
        let array = node.array
        if let source {
            m["source"] = .int(Int64(source))
        } else {
            m["data"] = inlineData(array)
        }
        if let mask = node.mask {
            switch mask {
            case .value(let v): m["mask"] = v
            case .array(let a): m["mask"] = .ndarray(ArrayNode(a, storage: source == nil ? .inline : .block))
            }
        }
        m["datatype"] = DataTypeCoding.encode(array.dataType)
        if source != nil {
            let singleByte = array.dataType.swapUnit == 1 || array.dataType == .bool8 || array.dataType.itemSize == 1
            m["byteorder"] = .string(singleByte ? "big" : array.byteOrder.rawValue)
        }
        var shape: [Node] = array.shape.map { .int(Int64($0)) }
        if source == -1, node.storage == .streamed, !shape.isEmpty { shape[0] = "*" }
        m["shape"] = .sequence(shape)
        if source != nil {
            if array.offset != 0 { m["offset"] = .int(Int64(array.offset)) }
            if !array.isContiguous || array.strides != Layout.contiguousStrides(shape: array.shape, itemSize: array.dataType.itemSize) {
                m["strides"] = .sequence(array.strides.map { .int(Int64($0)) })
            }
        }
        return .tagged(Tag.ndarray, .mapping(m))
    }

    private static func inlineData(_ array: NDArray) -> Node {
        let values = (try? array.elementValues()) ?? []
        var index = 0
        func build(_ axis: Int) -> Node {
            if axis == array.shape.count {
                defer { index += 1 }
                return index < values.count ? node(values[index]) : .null
            }
            return .sequence((0..<array.shape[axis]).map { _ in build(axis + 1) })
        }
        return build(0)
    }

    private static func node(_ value: ElementValue) -> Node {
        switch value {
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .uint(let u): Int64(exactly: u).map(Node.int) ?? .string(String(u))
        case .float(let d): .float(d)
        case .complex(let re, let im): ComplexNumber(re, im).node
        case .string(let s): .string(s)
        case .record(let items), .list(let items): .sequence(items.map(node))
        }
    }
}

extension ArrayNode {
    /// The array's tree form as a mapping (`source`, `datatype`, `byteorder`, `shape`...), as a
    /// schema validator working on the YAML tree sees it (block index shown as 0).
    public var treeMapping: Node {
        NDArrayCoding.encode(self, source: storage == .inline ? nil : 0).untagged
    }
}
