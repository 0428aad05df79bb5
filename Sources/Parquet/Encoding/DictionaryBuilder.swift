// Dictionary encoding (apache/parquet-format `Encodings.md`, "Dictionary Encoding"): the distinct
// values of a chunk go PLAIN into a dictionary page and the data pages hold their indices. A
// chunk falls back to PLAIN when its dictionary would outgrow the page-size limit or would not
// pay for itself (more distinct values than half the values, or nearly all distinct among the
// first `probeCount` values, which spares unique columns most of the hashing).

/// The distinct values of a chunk and each value's index into them.
struct DictionaryEncoded<Entries> {
    /// The distinct values in order of first appearance.
    var entries: Entries
    /// Number of distinct values.
    var entryCount: Int
    /// One index per (non-null) value.
    var indices: [UInt32]

    /// Bits per index in the data pages (at least 1; indices run up to `entryCount - 1`).
    var bitWidth: Int { max(1, UInt32.bitWidth - UInt32(max(entryCount - 1, 0)).leadingZeroBitCount) }
}

/// An open-addressing table from 64-bit keys to small indices (no per-entry allocation).
struct IndexHashTable {
    private var keys: [UInt64]
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        let size = max(16, (capacity * 2).nextPowerOfTwo)
        keys = [UInt64](repeating: 0, count: size)
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The index stored for `key` when `matches(index)` confirms it, else inserts `count` as the
    /// new index. `hash` spreads the key; `matches` compares the stored entry with the probe
    /// (always true for value keys, a byte comparison for strings).
    mutating func indexOrInsert(hash: UInt64, matches: (Int32) -> Bool) -> (index: Int32, inserted: Bool) {
        if count * 2 >= slots.count { grow() }
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let index = slots[slot]
            if index < 0 {
                slots[slot] = Int32(count)
                keys[slot] = hash
                count += 1
                return (Int32(count - 1), true)
            }
            if keys[slot] == hash && matches(index) { return (index, false) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldSlots = slots
        keys = [UInt64](repeating: 0, count: oldSlots.count * 2)
        slots = [Int32](repeating: -1, count: oldSlots.count * 2)
        mask = slots.count - 1
        for (key, index) in zip(oldKeys, oldSlots) where index >= 0 {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = index
            keys[slot] = key
        }
    }
}

extension Int {
    /// The smallest power of two >= self (1 for 0).
    fileprivate var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}

enum DictionaryBuilder {
    /// Values looked at before a chunk whose values are nearly all distinct gives up.
    static let probeCount = 16384

    /// Whether the values seen so far are too diverse for a dictionary to pay.
    private static func tooDiverse(seen: Int, distinct: Int) -> Bool {
        seen == probeCount && distinct * 4 > probeCount * 3
    }

    /// Dictionary-encodes fixed-width values, or nil when the dictionary would exceed
    /// `byteLimit` bytes or hold more than half the values.
    static func build<T: ColumnElement>(_ values: UnsafeBufferPointer<T>, byteLimit: Int) -> DictionaryEncoded<[T]>? {
        let width = MemoryLayout<T.Stored>.size
        let maxEntries = min(byteLimit / width, max(values.count / 2, 1))
        var table = IndexHashTable(capacity: min(values.count, probeCount))
        var entries: [T] = []
        var indices = [UInt32](repeating: 0, count: values.count)
        for (i, value) in values.enumerated() {
            // Keys are the exact bits, so a hit needs no second comparison.
            let (index, inserted) = table.indexOrInsert(hash: value.dictionaryKey) { _ in true }
            if inserted {
                guard entries.count < maxEntries else { return nil }
                entries.append(value)
            }
            if tooDiverse(seen: i + 1, distinct: entries.count) { return nil }
            indices[i] = UInt32(index)
        }
        return DictionaryEncoded(entries: entries, entryCount: entries.count, indices: indices)
    }

    /// Dictionary-encodes byte arrays (compared byte by byte), or nil past the same limits (the
    /// dictionary's PLAIN size counts the 4-byte length prefixes).
    static func build(_ batch: ByteArrayBatch, byteLimit: Int) -> DictionaryEncoded<ByteArrayBatch>? {
        let maxEntries = max(batch.count / 2, 1)
        var table = IndexHashTable(capacity: min(batch.count, probeCount))
        var entries = ByteArrayBatch()
        var indices = [UInt32](repeating: 0, count: batch.count)
        var plainSize = 0
        for i in 0..<batch.count {
            let result: (index: Int32, inserted: Bool)? = batch.withValue(i) { value in
                let (index, inserted) = table.indexOrInsert(hash: hashBytes(value)) { candidate in
                    entries.withValue(Int(candidate)) { $0.elementsEqual(value) }
                }
                if inserted {
                    plainSize += 4 + value.count
                    guard entries.count < maxEntries, plainSize <= byteLimit else { return nil }
                    entries.append(value)
                }
                return (index, inserted)
            }
            guard let result, !tooDiverse(seen: i + 1, distinct: entries.count) else { return nil }
            indices[i] = UInt32(result.index)
        }
        return DictionaryEncoded(entries: entries, entryCount: entries.count, indices: indices)
    }

    /// FNV-1a over the bytes, folded with the length.
    private static func hashBytes(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
