/// A contiguous, row-major, native-byte-order array of `Element`, the form pixel algorithms work
/// on. Copy-on-write: views of a file (read-only) or of shared storage are copied before the
/// first mutation.
public struct TypedArray<Element: ArrayElement>: Sendable {
    public let shape: [Int]
    /// Number of elements.
    public let count: Int
    var storage: ByteStorage
    var byteOffset: Int

    /// A view of `storage` starting at `byteOffset` (no copy).
    public init(shape: [Int], storage: ByteStorage, byteOffset: Int = 0) throws(StorageError) {
        guard let count = Layout.elementCount(shape) else { throw .shapeOverflow(shape) }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        guard !overflow else { throw .shapeOverflow(shape) }
        guard byteOffset >= 0, byteOffset <= storage.count - bytes else {
            throw .outOfBounds(needed: byteOffset...(byteOffset + Swift.max(bytes, 1) - 1), available: storage.count)
        }
        self.shape = shape
        self.count = count
        self.storage = storage
        self.byteOffset = byteOffset
    }

    /// A zero-filled array.
    public init(shape: [Int]) throws(StorageError) {
        guard let count = Layout.elementCount(shape) else { throw .shapeOverflow(shape) }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        guard !overflow else { throw .shapeOverflow(shape) }
        try self.init(shape: shape, storage: ByteStorage.allocate(count: bytes))
    }

    /// An array filled with `value`.
    public init(shape: [Int], repeating value: Element) throws(StorageError) {
        try self.init(shape: shape)
        withUnsafeMutableBufferPointer { $0.initialize(repeating: value) }
    }

    /// An array holding `elements` in row-major order; their count must match `shape`.
    public init(shape: [Int], elements: [Element]) throws(StorageError) {
        try self.init(shape: shape)
        guard elements.count == count else {
            throw .outOfBounds(needed: 0...Swift.max(0, elements.count - 1), available: count)
        }
        withUnsafeMutableBufferPointer { out in
            elements.withUnsafeBufferPointer { out.baseAddress?.update(from: $0.baseAddress!, count: $0.count) }
        }
    }

    /// An array viewing `elements` without copying them (`ByteStorage.viewing`); read-only, so
    /// the first mutation makes a copy.
    public init(shape: [Int], viewing elements: [Element]) throws(StorageError) {
        try self.init(shape: shape, storage: ByteStorage.viewing(elements))
        guard elements.count == count else {
            throw .outOfBounds(needed: 0...Swift.max(0, elements.count - 1), available: count)
        }
    }

    /// Reads the elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(unsafeElements)
    }

    @usableFromInline var unsafeElements: UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: (storage.baseAddress + byteOffset).assumingMemoryBound(to: Element.self), count: count)
    }

    /// Writes the elements, copying first if the storage is shared or read-only.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) || !storage.isWritable {
            // Allocation of an existing valid size cannot fail short of memory exhaustion.
            let copy = try! ByteStorage.copying(UnsafeRawBufferPointer(unsafeElements))
            storage = copy
            byteOffset = 0
        }
        let start = (storage.baseAddress + byteOffset).assumingMemoryBound(to: Element.self)
        return try body(UnsafeMutableBufferPointer(start: start, count: count))
    }

    /// The element at a row-major flat index.
    public subscript(flat index: Int) -> Element {
        get { unsafeElements[index] }
        set { withUnsafeMutableBufferPointer { $0[index] = newValue } }
    }

    /// The elements as a Swift array (a copy).
    public var elements: [Element] { Array(unsafeElements) }

    /// The same bytes as an `NDArray` (native byte order, contiguous).
    public var ndarray: NDArray {
        // The layout was validated when this array was made, so this cannot fail.
        try! NDArray(dataType: Element.dataType, byteOrder: .native, shape: shape, offset: byteOffset,
                     storage: DeferredStorage(storage))
    }
}
