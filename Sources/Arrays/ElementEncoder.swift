/// Writes `ElementValue`s into raw memory as elements of a given data type (used to build arrays
/// from inline YAML lists).
public enum ElementEncoder {
    /// Why a value cannot be stored as an element of the requested type.
    public struct Mismatch: Error, Sendable, CustomStringConvertible {
        public let value: ElementValue
        public let dataType: DataType
        public var description: String { "value \(value) cannot be stored as \(dataType.displayName)" }
    }

    /// Stores `value` as one element of `type` in `order` at `pointer`.
    public static func encode(_ value: ElementValue, as type: DataType, _ order: ByteOrder,
                              at pointer: UnsafeMutableRawPointer) throws(Mismatch) {
        func store<T: ArrayElement>(_ element: T, at byteOffset: Int = 0) {
            (pointer + byteOffset).storeBytes(of: order.isNative ? element : element.byteSwapped, as: T.self)
        }
        func integer<T: FixedWidthInteger & ArrayElement>(_: T.Type) throws(Mismatch) -> T {
            switch value {
            case .int(let v): if let x = T(exactly: v) { return x }
            case .uint(let v): if let x = T(exactly: v) { return x }
            case .bool(let b): return b ? 1 : 0
            case .float(let d): if let x = T(exactly: d) { return x }
            default: break
            }
            throw Mismatch(value: value, dataType: type)
        }
        func real() throws(Mismatch) -> Double {
            switch value {
            case .int(let v): return Double(v)
            case .uint(let v): return Double(v)
            case .float(let d): return d
            case .bool(let b): return b ? 1 : 0
            default: throw Mismatch(value: value, dataType: type)
            }
        }
        func parts() throws(Mismatch) -> (Double, Double) {
            if case .complex(let re, let im) = value { return (re, im) }
            return (try real(), 0)
        }
        switch type {
        case .bool8:
            switch value {
            case .bool(let b): pointer.storeBytes(of: b ? 1 : 0, as: UInt8.self)
            case .int(let v): pointer.storeBytes(of: v != 0 ? 1 : 0, as: UInt8.self)
            case .uint(let v): pointer.storeBytes(of: v != 0 ? 1 : 0, as: UInt8.self)
            default: throw Mismatch(value: value, dataType: type)
            }
        case .int8: store(try integer(Int8.self))
        case .uint8: store(try integer(UInt8.self))
        case .int16: store(try integer(Int16.self))
        case .uint16: store(try integer(UInt16.self))
        case .int32: store(try integer(Int32.self))
        case .uint32: store(try integer(UInt32.self))
        case .int64: store(try integer(Int64.self))
        case .uint64: store(try integer(UInt64.self))
        case .float16: store(Float16(try real()))
        case .float32: store(Float(try real()))
        case .float64: store(try real())
        case .complex64:
            let (re, im) = try parts()
            store(Float(re)); store(Float(im), at: 4)
        case .complex128:
            let (re, im) = try parts()
            store(re); store(im, at: 8)
        case .ascii(let length):
            guard case .string(let s) = value, s.utf8.count <= length, s.utf8.allSatisfy({ $0 < 128 }) else {
                throw Mismatch(value: value, dataType: type)
            }
            let bytes = Array(s.utf8)
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: length)
            for (i, b) in bytes.enumerated() { pointer.storeBytes(of: b, toByteOffset: i, as: UInt8.self) }
        case .ucs4(let length):
            guard case .string(let s) = value, s.unicodeScalars.count <= length else {
                throw Mismatch(value: value, dataType: type)
            }
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: 4 * length)
            for (i, scalar) in s.unicodeScalars.enumerated() { store(scalar.value, at: 4 * i) }
        case .record(let fields):
            guard case .record(let values) = value, values.count == fields.count else {
                throw Mismatch(value: value, dataType: type)
            }
            var fieldOffset = 0
            for (field, fieldValue) in zip(fields, values) {
                try encodeSubArray(fieldValue, as: field.dataType, field.byteOrder ?? order, shape: field.shape,
                                   at: pointer + fieldOffset)
                fieldOffset += field.byteSize
            }
        }
    }

    private static func encodeSubArray(_ value: ElementValue, as type: DataType, _ order: ByteOrder, shape: [Int],
                                       at pointer: UnsafeMutableRawPointer) throws(Mismatch) {
        guard let extent = shape.first else { return try encode(value, as: type, order, at: pointer) }
        guard case .list(let items) = value, items.count == extent else { throw Mismatch(value: value, dataType: type) }
        let rest = Array(shape.dropFirst())
        let step = type.itemSize * rest.reduce(1, *)
        for (i, item) in items.enumerated() {
            try encodeSubArray(item, as: type, order, shape: rest, at: pointer + i * step)
        }
    }
}
