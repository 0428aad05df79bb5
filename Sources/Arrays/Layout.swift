/// Shape and byte strides of an array, with the arithmetic shared by every array type.
public enum Layout {
    /// Number of elements of `shape`, or nil if it overflows or a dimension is negative.
    public static func elementCount(_ shape: [Int]) -> Int? {
        var total = 1
        for extent in shape {
            guard extent >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: extent)
            guard !overflow else { return nil }
            total = product
        }
        return total
    }

    /// Row-major (C order) byte strides for `shape` with elements of `itemSize` bytes.
    public static func contiguousStrides(shape: [Int], itemSize: Int) -> [Int] {
        var strides = [Int](repeating: itemSize, count: shape.count)
        var step = itemSize
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step = step &* Swift.max(shape[axis], 1)
        }
        return strides
    }

    /// The lowest and highest byte touched by elements (first byte of the lowest element, last
    /// byte of the highest), relative to the buffer start; nil for an empty array or on overflow.
    public static func byteExtent(shape: [Int], strides: [Int], offset: Int, itemSize: Int) -> ClosedRange<Int>? {
        guard shape.allSatisfy({ $0 > 0 }) else { return nil }
        var low = offset, high = offset
        for (extent, step) in zip(shape, strides) {
            let (reach, overflow) = (extent - 1).multipliedReportingOverflow(by: step)
            guard !overflow else { return nil }
            if reach < 0 { low += reach } else { high += reach }
        }
        let (last, overflow) = high.addingReportingOverflow(itemSize - 1)
        guard !overflow else { return nil }
        return low...last
    }

    /// Calls `body` with the byte offset of every element in row-major order.
    @inlinable
    public static func forEachOffset(shape: [Int], strides: [Int], offset: Int, _ body: (Int) throws -> Void) rethrows {
        guard !shape.contains(0) else { return }
        if shape.isEmpty {
            try body(offset)
            return
        }
        var index = [Int](repeating: 0, count: shape.count)
        var position = offset
        let last = shape.count - 1
        while true {
            let innerStride = strides[last]
            var p = position
            for _ in 0..<shape[last] {
                try body(p)
                p &+= innerStride
            }
            var axis = last - 1
            while axis >= 0 {
                index[axis] += 1
                position &+= strides[axis]
                if index[axis] < shape[axis] { break }
                position &-= strides[axis] &* shape[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}
