import Testing
@testable import Arrays

@Suite struct TypedArrayTrimmingTests {
    func frame(rows: Int, columns: Int) throws -> TypedArray<Float> {
        try TypedArray<Float>(shape: [rows, columns], elements: (0..<(rows * columns)).map { Float($0) })
    }

    @Test func trimmedKeepsTheInnerPixels() throws {
        let image = try frame(rows: 6, columns: 7)
        let inner = try image.trimmed(2)
        #expect(inner.shape == [2, 3])
        #expect(inner.elements == [16, 17, 18, 23, 24, 25])
        #expect(image.elements.count == 42)
    }

    @Test func trimmingBorderCompactsInPlaceWhenUnique() throws {
        // A frame large enough to live in its own mapping: the result must share its memory.
        let (rows, columns) = (1024, 1030)
        let image = try frame(rows: rows, columns: columns)
        let base = image.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) }
        let expected = try image.trimmed(4)
        let inner = try (consume image).trimmingBorder(4)
        #expect(inner.shape == [rows - 8, columns - 8])
        #expect(inner.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) } == base)
        #expect(inner.elements == expected.elements)
    }

    @Test func trimmingBorderCopiesSharedStorage() throws {
        let image = try frame(rows: 8, columns: 8)
        let other = image
        let inner = try image.trimmingBorder(1)
        #expect(inner.elements == (try other.trimmed(1)).elements)
        #expect(other.elements == (0..<64).map { Float($0) })
    }

    @Test func rejectsBordersLargerThanTheFrame() throws {
        let image = try frame(rows: 4, columns: 4)
        #expect(throws: StorageError.self) { try image.trimmed(3) }
        #expect(throws: StorageError.self) { try TypedArray<Float>(shape: [4]).trimmed(1) }
    }
}
