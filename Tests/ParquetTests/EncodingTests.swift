import InteropSupport
import Testing
@testable import Parquet

/// The RLE / bit-packing hybrid, DELTA decoders, PLAIN and the dictionary builder against bytes
/// from apache/parquet-format `Encodings.md` and pyarrow (formats.md §4.4).
@Suite struct EncodingTests {
    private func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var out: [UInt8] = []
        values.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: bitWidth, into: &out) }
        return out
    }

    private func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) throws -> [UInt32] {
        var out = [UInt32](repeating: 0, count: count)
        try bytes.withUnsafeBytes { raw in
            var decoder = try RLEHybridDecoder(raw, bitWidth: bitWidth)
            try out.withUnsafeMutableBufferPointer { buffer in try decoder.decode(into: buffer.baseAddress!, count: count) }
        }
        return out
    }

    @Test func hybridMatchesPyarrowAndTheSpecification() throws {
        // Three defined values: one RLE run of 3 ones (pyarrow: 06 01).
        var levels: [UInt8] = []
        [true, true, true].withUnsafeBufferPointer { RLEHybridEncoder.encodeLevels($0, into: &levels) }
        #expect(levels == [0x06, 0x01])
        // Defined, defined, null: one bit-packed group (pyarrow: 03 03).
        var mixed: [UInt8] = []
        [true, true, false].withUnsafeBufferPointer { RLEHybridEncoder.encodeLevels($0, into: &mixed) }
        #expect(mixed == [0x03, 0x03])
        // 0...7 at bit width 3 packs to 10001000 11000110 11111010 (Encodings.md).
        #expect(encode(Array(0...7), bitWidth: 3) == [0x03, 0x88, 0xC6, 0xFA])
        #expect(try decode([0x03, 0x88, 0xC6, 0xFA], bitWidth: 3, count: 8) == Array(0...7))
        // 100 zeros then 1, 2, 3 at bit width 2: RLE run (varint 200 = c8 01, value 00), then a
        // padded bit-packed group.
        #expect(encode([UInt32](repeating: 0, count: 100) + [1, 2, 3], bitWidth: 2) == [0xC8, 0x01, 0x00, 0x03, 0x39, 0x00])
        // A run of 8 after 3 literals: 5 of its values pad the literals to a group of 8, the
        // remaining 3 are too few for a run and stay bit-packed.
        #expect(encode([1, 2, 3] + [UInt32](repeating: 5, count: 8), bitWidth: 3) == [0x05, 0xD1, 0xDA, 0xB6, 0x6D, 0x01, 0x00])
    }

    @Test func hybridRoundTripsEveryBitWidth() throws {
        var rng = SplitMix64(seed: 3)
        for bitWidth in 1...32 {
            let limit = bitWidth == 32 ? UInt64(UInt32.max) : (UInt64(1) << UInt64(bitWidth)) - 1
            var values: [UInt32] = []
            while values.count < 3000 {
                let value = UInt32(rng.next() % (limit + 1))
                let repeats = rng.next() % 3 == 0 ? Int(rng.next() % 40) : 1
                values.append(contentsOf: repeatElement(value, count: repeats))
            }
            let encoded = encode(values, bitWidth: bitWidth)
            #expect(try decode(encoded, bitWidth: bitWidth, count: values.count) == values, "bit width \(bitWidth)")
        }
    }

    @Test func hybridDecoderChecksItsInput() throws {
        #expect(throws: ParquetError.self) { try decode([0x06, 0x01], bitWidth: 1, count: 4) }
        #expect(throws: ParquetError.self) { try decode([0x06], bitWidth: 9, count: 3) }
        #expect(throws: ParquetError.self) { try decode([0x06, 0x01], bitWidth: 33, count: 1) }
        #expect(throws: ParquetError.self) { try decode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], bitWidth: 1, count: 1) }
        // A last bit-packed run cut short keeps the values its bytes hold.
        #expect(try decode([0x05, 0xFF], bitWidth: 1, count: 8) == [UInt32](repeating: 1, count: 8))
    }

    @Test func deltaBinaryPackedDecodesTheSpecificationExamples() throws {
        // Example 1 (1, 2, 3, 4, 5) with a valid block of 128 values in 4 miniblocks: every delta
        // is the minimum, so all bit widths are 0 and no miniblock bytes follow.
        let first: [UInt8] = [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0]
        let one = try first.withUnsafeBytes { raw in try DeltaDecoding.binaryPacked(raw, count: 5) }
        #expect(one.values == [1, 2, 3, 4, 5] && one.consumed == first.count)
        // Example 2 (7, 5, 3, 1, 2, 3, 4, 5): min delta -2, relative deltas 0 0 0 3 3 3 3 at 2 bits.
        let second: [UInt8] = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0, 0, 0, 0xC0, 0x3F, 0, 0, 0, 0, 0, 0]
        let two = try second.withUnsafeBytes { raw in try DeltaDecoding.binaryPacked(raw, count: 8) }
        #expect(two.values == [7, 5, 3, 1, 2, 3, 4, 5] && two.consumed == second.count)
        // Lengths 1 and 2 then "abc"; prefixes 0 and 1 then suffixes "a", "b" -> "a", "ab".
        let lengths: [UInt8] = [0x80, 0x01, 0x04, 0x02, 0x02, 0x02, 0, 0, 0, 0] + Array("abc".utf8)
        let batch = try lengths.withUnsafeBytes { raw in try DeltaDecoding.lengthByteArray(raw, count: 2).batch }
        #expect(batch.bytes == Array("abc".utf8) && batch.offsets == [0, 1, 3])
        let prefixed: [UInt8] = [0x80, 0x01, 0x04, 0x02, 0x00, 0x02, 0, 0, 0, 0] + [0x80, 0x01, 0x04, 0x02, 0x02, 0x00, 0, 0, 0, 0] + Array("ab".utf8)
        let strings = try prefixed.withUnsafeBytes { raw in try DeltaDecoding.byteArray(raw, count: 2) }
        #expect(strings.bytes == Array("aab".utf8) && strings.offsets == [0, 1, 3])
        // A block size that is not a multiple of 128 is rejected.
        #expect(throws: ParquetError.self) {
            try [0x08, 0x01, 0x05, 0x02, 0x02, 0].withUnsafeBytes { raw in _ = try DeltaDecoding.binaryPacked(raw, count: 5) }
        }
    }

    @Test func plainEncodingIsLittleEndianAndBitPacked() {
        var out: [UInt8] = []
        [Int32(1), -2].withUnsafeBufferPointer { PlainEncoder.append($0, into: &out) }
        [UInt8(255)].withUnsafeBufferPointer { PlainEncoder.append($0, into: &out) }
        [Float16(1)].withUnsafeBufferPointer { PlainEncoder.append($0, into: &out) }
        #expect(out == [1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0x00, 0x3C])
        var bits: [UInt8] = []
        [true, false, true, true, false, false, false, false, true].withUnsafeBufferPointer { PlainEncoder.append($0, into: &bits) }
        #expect(bits == [0x0D, 0x01])
        var strings = ByteArrayBatch()
        "hé".utf8CString.dropLast().map { UInt8(bitPattern: $0) }.withUnsafeBytes { strings.append($0) }
        var encoded: [UInt8] = []
        PlainEncoder.append(strings, range: 0..<1, into: &encoded)
        #expect(encoded == [3, 0, 0, 0, 0x68, 0xC3, 0xA9])
    }

    @Test func dictionaryKeepsBitPatternsAndGivesUpWhenItWouldNotPay() throws {
        let values: [Double] = [0.0, -0.0, .nan, 0.0, -0.0, .nan, 1, 1]
        let dictionary = try #require(values.withUnsafeBufferPointer { DictionaryBuilder.build($0, byteLimit: 1 << 20) })
        #expect(dictionary.entries.map(\.bitPattern) == [0.0, -0.0, Double.nan, 1].map(\.bitPattern))
        #expect(dictionary.indices == [0, 1, 2, 0, 1, 2, 3, 3] && dictionary.bitWidth == 2)
        let unique = (0..<100).map(Int64.init)
        #expect(unique.withUnsafeBufferPointer { DictionaryBuilder.build($0, byteLimit: 1 << 20) } == nil)
        let repeated = (0..<1000).map { Int64($0 % 300) }
        #expect(repeated.withUnsafeBufferPointer { DictionaryBuilder.build($0, byteLimit: 1 << 20) } != nil)
        #expect(repeated.withUnsafeBufferPointer { DictionaryBuilder.build($0, byteLimit: 1000) } == nil)
        // Strings compare by bytes: NFC and NFD spellings of é stay distinct entries.
        let strings = ["caf\u{E9}", "cafe\u{301}", "caf\u{E9}", "cafe\u{301}"]
        let batch = strings.withUnsafeBufferPointer { ByteArrayBatch($0, validity: nil) }
        let encoded = try #require(DictionaryBuilder.build(batch, byteLimit: 1 << 20))
        #expect(encoded.entryCount == 2 && encoded.indices == [0, 1, 0, 1])
    }
}
