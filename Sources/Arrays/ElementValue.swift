/// One array element as a plain value, for generic code (summaries, inline YAML, comparisons)
/// that handles every data type without knowing it at compile time.
public indirect enum ElementValue: Sendable, Equatable {
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case float(Double)
    case complex(Double, Double)
    case string(String)
    /// A record's field values, in field order; a sub-array field is a `.list`.
    case record([ElementValue])
    case list([ElementValue])
}

extension NDArray {
    /// Every element as an `ElementValue`, in row-major order.
    public func elementValues() throws -> [ElementValue] {
        let bytes = try storage.resolve()
        var values: [ElementValue] = []
        values.reserveCapacity(count)
        Layout.forEachOffset(shape: shape, strides: strides, offset: offset) { position in
            values.append(ElementDecoder.decode(dataType, byteOrder, at: UnsafeRawPointer(bytes.baseAddress + position)))
        }
        return values
    }
}

/// Reads single elements of any data type from raw memory.
public enum ElementDecoder {
    /// The element of `type` stored in `order` at `pointer`.
    public static func decode(_ type: DataType, _ order: ByteOrder, at pointer: UnsafeRawPointer) -> ElementValue {
        func load<T: ArrayElement>(_: T.Type) -> T {
            let value = pointer.loadUnaligned(as: T.self)
            return order.isNative ? value : value.byteSwapped
        }
        func loadAt<T: ArrayElement>(_: T.Type, _ byteOffset: Int) -> T {
            let value = (pointer + byteOffset).loadUnaligned(as: T.self)
            return order.isNative ? value : value.byteSwapped
        }
        switch type {
        case .bool8: return .bool(pointer.load(as: UInt8.self) != 0)
        case .int8: return .int(Int64(load(Int8.self)))
        case .uint8: return .uint(UInt64(load(UInt8.self)))
        case .int16: return .int(Int64(load(Int16.self)))
        case .uint16: return .uint(UInt64(load(UInt16.self)))
        case .int32: return .int(Int64(load(Int32.self)))
        case .uint32: return .uint(UInt64(load(UInt32.self)))
        case .int64: return .int(load(Int64.self))
        case .uint64: return .uint(load(UInt64.self))
        case .float16: return .float(Double(load(Float16.self)))
        case .float32: return .float(Double(load(Float.self)))
        case .float64: return .float(load(Double.self))
        case .complex64: return .complex(Double(loadAt(Float.self, 0)), Double(loadAt(Float.self, 4)))
        case .complex128: return .complex(loadAt(Double.self, 0), loadAt(Double.self, 8))
        case .ascii(let length):
            let raw = UnsafeRawBufferPointer(start: pointer, count: length)
            let end = raw.firstIndex(of: 0) ?? length
            return .string(String(decoding: raw[..<end], as: Unicode.ASCII.self))
        case .ucs4(let length):
            var scalars = String.UnicodeScalarView()
            for i in 0..<length {
                let code = loadAt(UInt32.self, 4 * i)
                if code == 0 { break }
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            }
            return .string(String(scalars))
        case .record(let fields):
            var values: [ElementValue] = []
            var fieldOffset = 0
            for field in fields {
                let fieldOrder = field.byteOrder ?? order
                if field.shape.isEmpty {
                    values.append(decode(field.dataType, fieldOrder, at: pointer + fieldOffset))
                } else {
                    values.append(decodeSubArray(field.dataType, fieldOrder, shape: field.shape, at: pointer + fieldOffset))
                }
                fieldOffset += field.byteSize
            }
            return .record(values)
        }
    }

    private static func decodeSubArray(_ type: DataType, _ order: ByteOrder, shape: [Int], at pointer: UnsafeRawPointer) -> ElementValue {
        guard let extent = shape.first else { return decode(type, order, at: pointer) }
        let rest = Array(shape.dropFirst())
        let step = type.itemSize * rest.reduce(1, *)
        return .list((0..<extent).map { decodeSubArray(type, order, shape: rest, at: pointer + $0 * step) })
    }
}
