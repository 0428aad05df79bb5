/// A Swift type that can view the elements of an array of a given `DataType` directly.
public protocol ArrayElement: BitwiseCopyable, Sendable {
    /// The data type this Swift type stores.
    static var dataType: DataType { get }
    /// The value with its bytes in the opposite order.
    var byteSwapped: Self { get }
}

extension ArrayElement {
    /// Whether arrays of `type` can be viewed as this Swift type (bool8 is viewable as UInt8).
    @inlinable public static func canView(_ type: DataType) -> Bool {
        type == dataType || (type == .bool8 && dataType == .uint8)
    }
}

extension Int8: ArrayElement { public static var dataType: DataType { .int8 } }
extension UInt8: ArrayElement { public static var dataType: DataType { .uint8 } }
extension Int16: ArrayElement { public static var dataType: DataType { .int16 } }
extension UInt16: ArrayElement { public static var dataType: DataType { .uint16 } }
extension Int32: ArrayElement { public static var dataType: DataType { .int32 } }
extension UInt32: ArrayElement { public static var dataType: DataType { .uint32 } }
extension Int64: ArrayElement { public static var dataType: DataType { .int64 } }
extension UInt64: ArrayElement { public static var dataType: DataType { .uint64 } }

extension Float16: ArrayElement {
    public static var dataType: DataType { .float16 }
    @inlinable public var byteSwapped: Float16 { Float16(bitPattern: bitPattern.byteSwapped) }
}

extension Float: ArrayElement {
    public static var dataType: DataType { .float32 }
    @inlinable public var byteSwapped: Float { Float(bitPattern: bitPattern.byteSwapped) }
}

extension Double: ArrayElement {
    public static var dataType: DataType { .float64 }
    @inlinable public var byteSwapped: Double { Double(bitPattern: bitPattern.byteSwapped) }
}

/// A complex array element (`complex64` with `Float` parts, `complex128` with `Double` parts),
/// laid out as real part then imaginary part.
public struct ComplexElement<Real: BinaryFloatingPoint & ArrayElement>: ArrayElement, Hashable {
    public var real: Real
    public var imaginary: Real

    public init(_ real: Real, _ imaginary: Real) {
        self.real = real
        self.imaginary = imaginary
    }

    public static var dataType: DataType { MemoryLayout<Real>.size == 4 ? .complex64 : .complex128 }
    @inlinable public var byteSwapped: ComplexElement<Real> { ComplexElement(real.byteSwapped, imaginary.byteSwapped) }
}
