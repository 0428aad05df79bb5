// Column-chunk statistics by the rules of apache/parquet-format `parquet.thrift` (Statistics and
// ColumnOrder): min/max in the column's own order (unsigned integers compare unsigned), NaN left
// out of min/max and counted in nan_count, a zero minimum written as -0.0 and a zero maximum as
// +0.0, no min/max when every value is null or NaN, null_count always.

enum StatisticsBuilder {
    /// Statistics of the non-null values of a fixed-width column chunk.
    static func statistics<T: ColumnElement>(_ values: UnsafeBufferPointer<T>, nullCount: Int) -> Statistics {
        // Comparisons with NaN are false, so after a non-NaN start NaNs never become min or max.
        var first = 0
        while first < values.count && values[first].isNaNValue { first += 1 }
        var minimum: T?
        var maximum: T?
        if first < values.count {
            var low = values[first], high = low
            for value in UnsafeBufferPointer(rebasing: values[(first + 1)...]) {
                if value < low { low = value }
                if value > high { high = value }
            }
            minimum = low
            maximum = high
        }
        var statistics = Statistics(nullCount: Int64(nullCount))
        if T.kind.isFloatingPoint { statistics.nanCount = Int64(values.count { $0.isNaNValue }) }
        if let minimum, let maximum {
            let low = encode(minimum.asStatisticsMinimum), high = encode(maximum.asStatisticsMaximum)
            setBounds(&statistics, min: low, max: high, signedOrder: T.kind.hasSignedLegacyOrder)
        }
        return statistics
    }

    /// Statistics of booleans (false < true).
    static func statistics(_ values: UnsafeBufferPointer<Bool>, nullCount: Int) -> Statistics {
        var statistics = Statistics(nullCount: Int64(nullCount))
        guard !values.isEmpty else { return statistics }
        let hasTrue = values.contains(true), hasFalse = values.contains(false)
        setBounds(&statistics, min: [hasFalse ? 0 : 1], max: [hasTrue ? 1 : 0], signedOrder: true)
        return statistics
    }

    /// Statistics of byte arrays in unsigned lexicographic byte order (UTF-8 byte order is code
    /// point order). Values longer than `maxValueBytes` leave min/max out, as pyarrow does.
    static func statistics(_ batch: ByteArrayBatch, nullCount: Int, maxValueBytes: Int = 4096) -> Statistics {
        var statistics = Statistics(nullCount: Int64(nullCount))
        guard batch.count > 0 else { return statistics }
        var low = 0, high = 0
        batch.bytes.withUnsafeBytes { raw in
            func value(_ i: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: raw[batch.offsets[i]..<batch.offsets[i + 1]]) }
            for i in 1..<batch.count {
                let v = value(i)
                if v.lexicographicallyPrecedes(value(low)) { low = i }
                if value(high).lexicographicallyPrecedes(v) { high = i }
            }
        }
        let minimum = Array(batch.bytes[batch.offsets[low]..<batch.offsets[low + 1]])
        let maximum = Array(batch.bytes[batch.offsets[high]..<batch.offsets[high + 1]])
        guard minimum.count <= maxValueBytes, maximum.count <= maxValueBytes else { return statistics }
        setBounds(&statistics, min: minimum, max: maximum, signedOrder: false)
        return statistics
    }

    /// Sets min_value/max_value (exact), and the deprecated min/max when the column's order is
    /// the signed order those fields are defined with.
    private static func setBounds(_ statistics: inout Statistics, min: [UInt8], max: [UInt8], signedOrder: Bool) {
        statistics.minValue = min
        statistics.maxValue = max
        statistics.isMinValueExact = true
        statistics.isMaxValueExact = true
        if signedOrder {
            statistics.min = min
            statistics.max = max
        }
    }

    /// The PLAIN bytes of one value.
    static func encode<T: ColumnElement>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.stored) { Array($0) }
    }
}

extension ParquetValueKind {
    /// Whether the deprecated Statistics.min/max (signed comparison of the physical type)
    /// agree with the column's order: not for unsigned integers, FLOAT16 or byte arrays.
    var hasSignedLegacyOrder: Bool {
        switch self {
        case .bool, .int8, .int16, .int32, .int64, .float32, .float64: true
        case .uint8, .uint16, .uint32, .uint64, .float16, .string: false
        }
    }
}
