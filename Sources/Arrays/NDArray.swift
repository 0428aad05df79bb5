/// An n-dimensional array of any `DataType`, in either byte order, as a view (shape, byte strides,
/// byte offset) into shared storage.
///
/// This is how arrays come out of files: no bytes are copied or even read until an element is
/// used. `typed(_:)` gives a native-order contiguous `TypedArray` (without copying when the layout
/// already is one).
public struct NDArray: Sendable {
    public let dataType: DataType
    public let byteOrder: ByteOrder
    public let shape: [Int]
    /// Bytes between consecutive elements along each axis (may be negative).
    public let strides: [Int]
    /// Byte offset of element [0, 0, ...] within the storage.
    public let offset: Int
    /// The bytes the array is a view into.
    public let storage: DeferredStorage

    /// A view with an explicit layout. Throws if the layout reaches outside `storage`.
    public init(dataType: DataType, byteOrder: ByteOrder, shape: [Int], strides: [Int]? = nil,
                offset: Int = 0, storage: DeferredStorage) throws(StorageError) {
        guard Layout.elementCount(shape) != nil else { throw .shapeOverflow(shape) }
        let strides = strides ?? Layout.contiguousStrides(shape: shape, itemSize: dataType.itemSize)
        guard strides.count == shape.count else { throw .shapeOverflow(shape) }
        if let extent = Layout.byteExtent(shape: shape, strides: strides, offset: offset, itemSize: dataType.itemSize) {
            guard extent.lowerBound >= 0, extent.upperBound < storage.count else {
                throw .outOfBounds(needed: extent, available: storage.count)
            }
        } else if shape.allSatisfy({ $0 > 0 }) {
            throw .shapeOverflow(shape)
        }
        self.dataType = dataType
        self.byteOrder = byteOrder
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.storage = storage
    }

    /// A contiguous array over new storage holding `bytes` (copied).
    public init(dataType: DataType, byteOrder: ByteOrder = .native, shape: [Int], bytes: UnsafeRawBufferPointer) throws(StorageError) {
        guard let count = Layout.elementCount(shape) else { throw .shapeOverflow(shape) }
        guard count * dataType.itemSize == bytes.count else {
            throw .outOfBounds(needed: 0...Swift.max(0, count * dataType.itemSize - 1), available: bytes.count)
        }
        try self.init(dataType: dataType, byteOrder: byteOrder, shape: shape,
                      storage: DeferredStorage(ByteStorage.copying(bytes)))
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// Bytes the elements occupy when packed.
    public var byteCount: Int { count * dataType.itemSize }

    /// Whether the elements are packed in row-major order.
    public var isContiguous: Bool {
        guard !shape.contains(0) else { return true }
        let packed = Layout.contiguousStrides(shape: shape, itemSize: dataType.itemSize)
        return zip(zip(shape, strides), packed).allSatisfy { pair, expected in pair.0 == 1 || pair.1 == expected }
    }

    /// Calls `body` with the packed bytes of the array in row-major order, in the array's own byte
    /// order: the storage itself when contiguous, a temporary packed copy otherwise.
    public func withPackedBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let bytes = try storage.resolve()
        if isContiguous {
            return try body(UnsafeRawBufferPointer(start: bytes.baseAddress + offset, count: byteCount))
        }
        let packed = try ByteStorage.allocate(count: byteCount)
        let size = dataType.itemSize
        var destination = packed.baseAddress
        Layout.forEachOffset(shape: shape, strides: strides, offset: offset) { source in
            destination.copyMemory(from: bytes.baseAddress + source, byteCount: size)
            destination += size
        }
        return try body(packed.bytes)
    }

    /// The array as a native-order contiguous `TypedArray`: a view of the same bytes when the
    /// layout allows, otherwise a converted copy. Throws if `T` cannot hold this data type.
    public func typed<T: ArrayElement>(_ type: T.Type = T.self) throws -> TypedArray<T> {
        guard T.canView(dataType) else { throw StorageError.typeMismatch(stored: dataType, requested: T.dataType) }
        let bytes = try storage.resolve()
        if isContiguous && (byteOrder.isNative || dataType.itemSize == 1) {
            return try TypedArray(shape: shape, storage: bytes, byteOffset: offset)
        }
        var result = try TypedArray<T>(shape: shape)
        let swap = !byteOrder.isNative && dataType.itemSize > 1
        result.withUnsafeMutableBufferPointer { out in
            var i = 0
            Layout.forEachOffset(shape: shape, strides: strides, offset: offset) { source in
                let value = (bytes.baseAddress + source).loadUnaligned(as: T.self)
                out[i] = swap ? value.byteSwapped : value
                i += 1
            }
        }
        return result
    }

    /// The elements as a Swift array. An array that is a whole block in native order, not yet
    /// loaded, is decoded straight into the result (`DeferredStorage.copyBytes(into:)`): the
    /// decoded bytes are never held twice. Otherwise the elements of `typed()`, copied.
    public func elements<T: ArrayElement>(_ type: T.Type = T.self) throws -> [T] {
        guard T.canView(dataType), MemoryLayout<T>.stride == dataType.itemSize, isContiguous, offset == 0,
              byteOrder.isNative || dataType.itemSize == 1, byteCount == storage.count, !storage.isLoaded else {
            return try typed(T.self).elements
        }
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            try storage.copyBytes(into: UnsafeMutableRawBufferPointer(buffer))
            initialized = buffer.count
        }
    }

    /// A view of one field of a record array (same shape; the field's sub-array shape appended).
    public func field(named name: String) throws -> NDArray {
        guard case .record(let fields) = dataType else { throw StorageError.typeMismatch(stored: dataType, requested: .record([])) }
        var fieldOffset = 0
        for field in fields {
            if field.name == name {
                let subStrides = Layout.contiguousStrides(shape: field.shape, itemSize: field.dataType.itemSize)
                return try NDArray(dataType: field.dataType, byteOrder: field.byteOrder ?? byteOrder,
                                   shape: shape + field.shape, strides: strides + subStrides,
                                   offset: offset + fieldOffset, storage: storage)
            }
            fieldOffset += field.byteSize
        }
        throw StorageError.typeMismatch(stored: dataType, requested: .record([RecordField(name: name, dataType: .bool8)]))
    }
}
