import Arrays
import Testing

@Suite struct NDArrayTests {
    @Test func contiguousStridesAndExtent() {
        #expect(Layout.contiguousStrides(shape: [3, 4, 5], itemSize: 2) == [40, 10, 2])
        #expect(Layout.byteExtent(shape: [3, 4], strides: [16, 4], offset: 0, itemSize: 4) == 0...47)
        // Negative stride: the lowest element is row 2.
        #expect(Layout.byteExtent(shape: [3, 4], strides: [-16, 4], offset: 32, itemSize: 4) == 0...47)
        #expect(Layout.byteExtent(shape: [0, 4], strides: [16, 4], offset: 0, itemSize: 4) == nil)
        #expect(Layout.elementCount([1 << 40, 1 << 40]) == nil)
        #expect(Layout.elementCount([]) == 1)
    }

    @Test func forEachOffsetVisitsRowMajor() {
        var offsets: [Int] = []
        Layout.forEachOffset(shape: [2, 3], strides: [4, 8], offset: 1) { offsets.append($0) }
        #expect(offsets == [1, 9, 17, 5, 13, 21])
        var scalar: [Int] = []
        Layout.forEachOffset(shape: [], strides: [], offset: 3) { scalar.append($0) }
        #expect(scalar == [3])
    }

    @Test func viewOutsideStorageIsRejected() throws {
        let storage = DeferredStorage(try ByteStorage.allocate(count: 16))
        #expect(throws: StorageError.self) {
            try NDArray(dataType: .float32, byteOrder: .little, shape: [5], storage: storage)
        }
        #expect(throws: StorageError.self) {
            try NDArray(dataType: .float32, byteOrder: .little, shape: [2], strides: [-4], offset: 0, storage: storage)
        }
        _ = try NDArray(dataType: .float32, byteOrder: .little, shape: [2], strides: [-4], offset: 4, storage: storage)
    }

    @Test func typedViewIsZeroCopyWhenContiguousAndNative() throws {
        let source = try TypedArray<Int32>(shape: [2, 3], elements: [1, 2, 3, 4, 5, 6])
        let array = source.ndarray
        let view = try array.typed(Int32.self)
        let same = view.withUnsafeBufferPointer { v in source.withUnsafeBufferPointer { $0.baseAddress == v.baseAddress } }
        #expect(same)
        #expect(throws: StorageError.self) { try array.typed(Float.self) }
    }

    @Test func bigEndianAndStridedConvertOnTyped() throws {
        // Big-endian uint16 [1, 2, 3, 4] viewed transposed as 2x2.
        let bytes: [UInt8] = [0, 1, 0, 2, 0, 3, 0, 4]
        let array = try bytes.withUnsafeBytes { try NDArray(dataType: .uint16, byteOrder: .big, shape: [4], bytes: $0) }
        #expect(try array.typed(UInt16.self).elements == [1, 2, 3, 4])
        let transposed = try NDArray(dataType: .uint16, byteOrder: .big, shape: [2, 2], strides: [2, 4], storage: array.storage)
        #expect(try transposed.typed(UInt16.self).elements == [1, 3, 2, 4])
        #expect(!transposed.isContiguous)
        let packed = try transposed.withPackedBytes { Array($0) }
        #expect(packed == [0, 1, 0, 3, 0, 2, 0, 4])
    }

    @Test func recordFieldIsAStridedView() throws {
        let type = DataType.record([
            RecordField(name: "a", dataType: .uint8),
            RecordField(name: "b", dataType: .int16, byteOrder: .big),
            RecordField(name: "c", dataType: .float32, shape: [2]),
        ])
        #expect(type.itemSize == 11)
        var bytes: [UInt8] = []
        for i in 0..<3 {
            bytes.append(UInt8(i))
            bytes += withUnsafeBytes(of: Int16(-i * 100).bigEndian) { Array($0) }
            bytes += withUnsafeBytes(of: Float(i)) { Array($0) } + withUnsafeBytes(of: Float(i) + 0.5) { Array($0) }
        }
        let records = try bytes.withUnsafeBytes { try NDArray(dataType: type, byteOrder: .little, shape: [3], bytes: $0) }
        #expect(try records.field(named: "b").typed(Int16.self).elements == [0, -100, -200])
        let c = try records.field(named: "c")
        #expect(c.shape == [3, 2])
        #expect(try c.typed(Float.self).elements == [0, 0.5, 1, 1.5, 2, 2.5])
        #expect(try records.elementValues()[1] == .record([.uint(1), .int(-100), .list([.float(1), .float(1.5)])]))
    }

    @Test func copyOnWriteProtectsSharedAndReadOnlyStorage() throws {
        var a = try TypedArray<Float>(shape: [4], repeating: 1)
        let b = a
        a[flat: 0] = 7
        #expect(a.elements == [7, 1, 1, 1])
        #expect(b.elements == [1, 1, 1, 1])
    }

    @Test func elementEncoderRejectsOutOfRange() throws {
        let storage = try ByteStorage.allocate(count: 8)
        #expect(throws: ElementEncoder.Mismatch.self) {
            try ElementEncoder.encode(.int(300), as: .uint8, .little, at: storage.baseAddress)
        }
        #expect(throws: ElementEncoder.Mismatch.self) {
            try ElementEncoder.encode(.string("toolong"), as: .ascii(length: 3), .big, at: storage.baseAddress)
        }
        try ElementEncoder.encode(.float(-2.5), as: .float16, .big, at: storage.baseAddress)
        #expect(ElementDecoder.decode(.float16, .big, at: storage.baseAddress) == .float(-2.5))
    }

    @Test func hugeAllocationFailsCleanly() {
        #expect(throws: StorageError.self) { try ByteStorage.allocate(count: 1 << 62) }
    }
}
