@testable import Arrays
import Testing

/// Swift arrays viewed as array storage without a copy.
@Suite struct ByteStorageViewingTests {
    @Test func viewsTheArrayElementsWithoutCopying() throws {
        let pixels: [Float] = (0..<12).map { Float($0) * 0.5 }
        let typed = try TypedArray<Float>(shape: [3, 4], viewing: pixels)
        #expect(typed.elements == pixels)
        #expect(typed.storage.count == 48)
        #expect(!typed.storage.isWritable)
        pixels.withUnsafeBytes { #expect(UnsafeRawPointer(typed.storage.baseAddress) == $0.baseAddress) }
        #expect(try typed.ndarray.typed(Float.self).elements == pixels)
    }

    @Test func mutationsOnEitherSideCopy() throws {
        var pixels: [UInt32] = [1, 2, 3, 4]
        var typed = try TypedArray<UInt32>(shape: [2, 2], viewing: pixels)
        pixels[0] = 99  // the array is shared with the storage: Swift copies it first
        #expect(typed.elements == [1, 2, 3, 4])
        typed[flat: 3] = 7  // read-only storage: the typed array copies first
        #expect(typed.elements == [1, 2, 3, 7])
        #expect(pixels == [99, 2, 3, 4])
    }

    @Test func theShapeMustMatch() {
        #expect(throws: StorageError.self) { try TypedArray<Float>(shape: [2, 3], viewing: [1, 2, 3, 4]) }
        #expect(throws: StorageError.self) { try TypedArray<Float>(shape: [1, 2], viewing: [1, 2, 3, 4]) }
        #expect(throws: Never.self) { try TypedArray<Float>(shape: [0], viewing: []) }
    }
}

/// Work on a thread of its own, its result collected later.
@Suite struct BackgroundWorkTests {
    struct Failed: Error, Equatable { let code: Int }

    @Test func returnsTheValueOnEveryCall() throws {
        let work = BackgroundWork { () throws(Failed) -> Int in (1...1000).reduce(0, +) }
        #expect(try work.value() == 500_500)
        #expect(try work.value() == 500_500)
    }

    @Test func rethrowsTheTypedError() {
        let work = BackgroundWork { () throws(Failed) -> Int in throw Failed(code: 7) }
        #expect(throws: Failed(code: 7)) { try work.value() }
    }
}
