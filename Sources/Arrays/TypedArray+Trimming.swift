#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TypedArray {
    /// The 2-D array without `border` pixels on each side (a new contiguous array).
    public func trimmed(_ border: Int) throws(StorageError) -> TypedArray<Element> {
        let (outRows, outColumns) = try trimmedShape(border)
        var out = try TypedArray<Element>(shape: [outRows, outColumns])
        let columns = shape[1]
        withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for y in 0..<outRows {
                    let from = (y + border) * columns + border
                    for x in 0..<outColumns { target[y * outColumns + x] = source[from + x] }
                }
            }
        }
        return out
    }

    /// The 2-D array without `border` pixels on each side, made without new memory when this
    /// array owns its writable storage: the inner rows are moved to the front of the same buffer
    /// (each row's destination never lies after its source, so the forward moves are safe).
    /// Otherwise the same as `trimmed`. A full-frame 4096² float32 image is 64 MiB; this is how
    /// the ramp fit's full-frame outputs become the L2's science arrays.
    public consuming func trimmingBorder(_ border: Int) throws(StorageError) -> TypedArray<Element> {
        let (outRows, outColumns) = try trimmedShape(border)
        guard isKnownUniquelyReferenced(&storage), storage.isWritable else { return try trimmed(border) }
        let columns = shape[1], stride = MemoryLayout<Element>.stride
        let base = storage.baseAddress + byteOffset
        for y in 0..<outRows {
            memmove(base + y * outColumns * stride, base + ((y + border) * columns + border) * stride, outColumns * stride)
        }
        return try TypedArray(shape: [outRows, outColumns], storage: storage, byteOffset: byteOffset)
    }

    private func trimmedShape(_ border: Int) throws(StorageError) -> (rows: Int, columns: Int) {
        guard shape.count == 2, border >= 0, shape[0] >= 2 * border, shape[1] >= 2 * border else {
            throw .outOfBounds(needed: 0...max(0, 2 * border), available: shape.count == 2 ? min(shape[0], shape[1]) : 0)
        }
        return (shape[0] - 2 * border, shape[1] - 2 * border)
    }
}
