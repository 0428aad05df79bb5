import Testing
@testable import Parquet

/// Truncated and corrupted files give typed errors that name what is wrong, never a crash.
@Suite struct CorruptInputTests {
    private static let table = ParquetFixtures.everyType(rows: 40, nulls: true)

    private func file(_ options: ParquetWriteOptions = ParquetWriteOptions(rowGroupSize: 25)) throws -> [UInt8] {
        try ParquetWriter.encode(Self.table, options: options)
    }

    /// Reads the whole table from `bytes` and returns the problem it fails with.
    private func problem(_ bytes: [UInt8], options: ParquetReadOptions = .init()) -> ParquetError.Problem? {
        do {
            _ = try ParquetReader(bytes: bytes, options: options).readTable()
            return nil
        } catch {
            return error.problem
        }
    }

    @Test func badMagicAndFooterLength() throws {
        let bytes = try file()
        #expect(problem([0x50, 0x41, 0x52]) == .fileTooSmall(size: 3))
        #expect(problem([0x00] + bytes.dropFirst()) == .badMagic(found: [0x00, 0x41, 0x52, 0x31], atEnd: false))
        #expect(problem(bytes.dropLast() + [0x00]) == .badMagic(found: [0x50, 0x41, 0x52, 0x00], atEnd: true))
        var long = bytes
        long[bytes.count - 5] = 0x7F
        let claimed = long[(bytes.count - 8)..<(bytes.count - 4)].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(problem(long) == .footerLengthBeyondFile(footerLength: claimed, fileSize: bytes.count))
        // A footer length pointing into the middle of the footer: the Thrift decoder fails.
        var short = bytes
        short[bytes.count - 8] = 10
        short[bytes.count - 7] = 0
        short[bytes.count - 6] = 0
        short[bytes.count - 5] = 0
        guard case .thrift(_, let context)? = problem(short) else { Issue.record("expected a Thrift error"); return }
        #expect(context.hasPrefix("footer"))
    }

    @Test func everyTruncationFails() throws {
        let bytes = try file()
        for length in 0..<bytes.count {
            #expect(problem(Array(bytes.prefix(length))) != nil, "truncated to \(length)")
        }
    }

    /// Every single-byte corruption either decodes or gives a ParquetError (a crash would end the
    /// test run); corruptions of the footer length or magics must fail.
    @Test func everyFlippedByteIsHandled() throws {
        let small = ParquetFixtures.everyType(rows: 12, nulls: true)
        for options in [ParquetWriteOptions(rowGroupSize: 8), ParquetWriteOptions(compression: .snappy, rowGroupSize: 8, dictionary: false)] {
            let bytes = try ParquetWriter.encode(small, options: options)
            var failures = 0
            for position in bytes.indices {
                var corrupted = bytes
                corrupted[position] ^= 0xA5
                if problem(corrupted, options: ParquetReadOptions(maxDecodedBytes: 1 << 24)) != nil { failures += 1 }
            }
            #expect(failures >= 12, "only \(failures) corruptions detected")
        }
    }

    @Test func inconsistentSizesAndCountsAreNamed() throws {
        let bytes = try file()
        let outside = try ParquetFixtures.rewritingFooter(bytes) { $0.rowGroups[0].columns[2].metaData?.totalCompressedSize = 1 << 40 }
        let error = try #require(throws: ParquetError.self) { try ParquetReader(bytes: outside) }
        #expect(error.column == "i16")
        guard case .inconsistentPageSizes = error.problem else { Issue.record("got \(error)"); return }

        // The chunk ends inside its first page's body.
        let start = Int(try ParquetReader(bytes: bytes).columnMetaData(rowGroup: 0, column: 1).dictionaryPageOffset ?? 0)
        let (_, headerLength) = try ParquetFixtures.pageHeader(in: bytes, at: start)
        let tooShort = try ParquetFixtures.rewritingFooter(bytes) {
            $0.rowGroups[0].columns[1].metaData?.totalCompressedSize = Int64(headerLength + 1)
        }
        let short = try #require(throws: ParquetError.self) { try ParquetReader(bytes: tooShort).readTable() }
        #expect(short.column == "i8")
        guard case .inconsistentPageSizes = short.problem else { Issue.record("got \(short)"); return }

        let counts = try ParquetFixtures.rewritingFooter(bytes) { $0.rowGroups[1].columns[0].metaData?.numValues = 3 }
        #expect(throws: ParquetError.self) { try ParquetReader(bytes: counts) }
        let rows = try ParquetFixtures.rewritingFooter(bytes) { $0.numRows = 41 }
        guard case .invalidMetadata? = problem(rows) else { Issue.record("num_rows mismatch not detected"); return }
    }

    @Test func decompressionFailuresAndUnsupportedCodecs() throws {
        let plain = try file(ParquetWriteOptions(rowGroupSize: 25))
        let snappy = try ParquetFixtures.rewritingFooter(plain) { metadata in
            for g in metadata.rowGroups.indices { metadata.rowGroups[g].columns[0].metaData?.codec = .snappy }
        }
        guard case .decompression(let codec, _)? = problem(snappy) else { Issue.record("snappy failure not detected"); return }
        #expect(codec == .snappy)
        let brotli = try ParquetFixtures.rewritingFooter(plain) { $0.rowGroups[0].columns[0].metaData?.codec = .brotli }
        #expect(problem(brotli) == .unsupportedCodec(.brotli))

        // A zstd page whose frame magic is broken.
        let zstd = try file(ParquetWriteOptions(compression: .zstd(), rowGroupSize: 25, dictionary: false))
        let reader = try ParquetReader(bytes: zstd)
        let offset = Int(reader.columnMetaData(rowGroup: 0, column: 2).dataPageOffset)
        let (_, headerLength) = try ParquetFixtures.pageHeader(in: zstd, at: offset)
        var broken = zstd
        broken[offset + headerLength] ^= 0xFF
        let error = try #require(throws: ParquetError.self) { try ParquetReader(bytes: broken).readColumn(2) }
        #expect(error.column == "i16")
        guard case .decompression(.zstd, _) = error.problem else { Issue.record("got \(error)"); return }
    }

    @Test func unsupportedTypesAndEncodingsAreNamed() throws {
        let bytes = try file()
        // A BYTE_ARRAY leaf without a string annotation (opaque binary).
        let binary = try ParquetFixtures.rewritingFooter(bytes) { metadata in
            metadata.schema[13].logicalType = nil
            metadata.schema[13].convertedType = nil
        }
        let reader = try ParquetReader(bytes: binary)
        #expect(reader.columns[12].kind == nil)
        let error = try #require(throws: ParquetError.self) { try reader.readTable() }
        #expect(error.column == "name" && error.problem == .unsupportedType("BYTE_ARRAY"))
        #expect(throws: Never.self) { try reader.readTable(columns: ["i8"]) }

        // A page re-labelled with an encoding this reader does not decode (ALP, same header size).
        let plain = try file(ParquetWriteOptions(rowGroupSize: 25, dictionary: false))
        let offset = Int(try ParquetReader(bytes: plain).columnMetaData(rowGroup: 0, column: 10).dataPageOffset)
        var (header, length) = try ParquetFixtures.pageHeader(in: plain, at: offset)
        header.dataPageHeader?.encoding = .alp
        let encoded = header.thriftEncoded()
        #expect(encoded.count == length)
        let relabelled = Array(plain[..<offset]) + encoded + Array(plain[(offset + length)...])
        let encodingError = try #require(throws: ParquetError.self) { try ParquetReader(bytes: relabelled).readColumn(10) }
        #expect(encodingError.column == "f32" && encodingError.problem == .unsupportedEncoding(.alp))
    }

    @Test func checksumsAndLimits() throws {
        let bytes = try file(ParquetWriteOptions(rowGroupSize: 25, dictionary: false, pageChecksums: true))
        let reader = try ParquetReader(bytes: bytes)
        let offset = Int(reader.columnMetaData(rowGroup: 1, column: 4).dataPageOffset)
        let (_, headerLength) = try ParquetFixtures.pageHeader(in: bytes, at: offset)
        var flipped = bytes
        flipped[offset + headerLength + 9] ^= 0x01
        guard case .checksumMismatch(let at, _, _)? = problem(flipped) else { Issue.record("CRC mismatch not detected"); return }
        #expect(at == offset)
        #expect(throws: Never.self) { try ParquetReader(bytes: flipped, options: ParquetReadOptions(verifyChecksums: false)).readTable() }
        guard case .limitExceeded? = problem(bytes, options: ParquetReadOptions(maxDecodedBytes: 100)) else {
            Issue.record("limit not applied")
            return
        }
    }
}
