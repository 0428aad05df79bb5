import CZlib

/// Accumulates a column's validity across pages: nil until the first null, then one flag per row.
struct ValidityBuilder {
    private(set) var flags: [Bool]?
    private(set) var rows = 0

    mutating func appendValid(_ count: Int) {
        flags?.append(contentsOf: repeatElement(true, count: count))
        rows += count
    }

    mutating func append(_ valid: UnsafeBufferPointer<Bool>) {
        if flags == nil {
            flags = [Bool](repeating: true, count: rows)
        }
        flags!.append(contentsOf: valid)
        rows += valid.count
    }
}

/// Reads the pages of one column chunk (apache/parquet-format `README.md`: an optional dictionary
/// page first, then data pages, each a Thrift `PageHeader` followed by its body) and hands the
/// values to a `ColumnValueDecoder`. Every size and count in the headers is checked against the
/// chunk, the page and the column metadata before it is used.
struct ColumnChunkReader {
    let file: UnsafeRawBufferPointer
    let options: ParquetReadOptions
    private let decompressor = PageDecompressor()
    private let scratch = Scratch()

    /// Buffers reused from page to page.
    private final class Scratch {
        /// Decompressed page bodies.
        var page = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        var levels: [UInt32] = []
        var valid: [Bool] = []

        func page(_ count: Int) -> UnsafeMutableRawBufferPointer {
            if page.count < count {
                page.deallocate()
                page = .allocate(byteCount: count, alignment: 16)
            }
            return UnsafeMutableRawBufferPointer(rebasing: page[0..<count])
        }

        deinit { page.deallocate() }
    }

    init(file: UnsafeRawBufferPointer, options: ParquetReadOptions) {
        self.file = file
        self.options = options
    }

    /// Reads chunk `metadata` (of a column whose leaf is OPTIONAL when `optional`), covering
    /// bytes `range` of the file, into `decoder` and `validity`.
    func read<D: ColumnValueDecoder>(_ metadata: ColumnMetaData, range: Range<Int>, optional: Bool,
                                              into decoder: inout D, validity: inout ValidityBuilder) throws(ParquetError) {
        let expected = Int(metadata.numValues)
        var read = 0
        var offset = range.lowerBound
        var sawDataPage = false
        while read < expected {
            guard offset < range.upperBound else {
                throw inconsistent("the column chunk ends after \(read) of its \(expected) values")
            }
            let (header, bodyRange) = try pageHeader(at: offset, chunkEnd: range.upperBound)
            let stored = UnsafeRawBufferPointer(rebasing: file[bodyRange])
            if let crc = header.crc, options.verifyChecksums {
                let actual = UInt32(crc32(0, stored.baseAddress?.assumingMemoryBound(to: Bytef.self), UInt32(stored.count)))
                guard actual == UInt32(bitPattern: crc) else {
                    throw ParquetError(file: nil, .checksumMismatch(offset: offset, expected: UInt32(bitPattern: crc), actual: actual))
                }
            }
            switch header.type {
            case .dictionaryPage:
                guard !sawDataPage else { throw corruptPage("a dictionary page follows data pages (at byte \(offset))") }
                guard let dictionary = header.dictionaryPageHeader, dictionary.numValues >= 0 else {
                    throw corruptPage("dictionary page at byte \(offset) lacks a valid dictionary page header")
                }
                guard dictionary.encoding == .plain || dictionary.encoding == .plainDictionary else {
                    throw ParquetError(file: nil, .unsupportedEncoding(dictionary.encoding))
                }
                try withBody(stored, codec: metadata.codec, uncompressedSize: Int(header.uncompressedPageSize)) { body throws(ParquetError) in
                    try decoder.readDictionary(body, count: Int(dictionary.numValues))
                }
            case .dataPage:
                sawDataPage = true
                guard let page = header.dataPageHeader else { throw corruptPage("data page at byte \(offset) lacks its data page header") }
                let rows = try pageRows(page.numValues, remaining: expected - read, offset: offset)
                try withBody(stored, codec: metadata.codec, uncompressedSize: Int(header.uncompressedPageSize)) { body throws(ParquetError) in
                    var values = body
                    var defined = rows
                    if optional {
                        guard page.definitionLevelEncoding == .rle else {
                            throw ParquetError(file: nil, .unsupportedEncoding(page.definitionLevelEncoding))
                        }
                        guard body.count >= 4 else { throw corruptPage("data page at byte \(offset) lacks its definition-level length") }
                        let length = Int(body.loadUnaligned(as: UInt32.self).littleEndian)
                        guard length <= body.count - 4 else { throw corruptPage("definition levels of \(length) bytes exceed the page") }
                        defined = try decodeLevels(UnsafeRawBufferPointer(rebasing: body[4..<(4 + length)]), rows: rows)
                        values = UnsafeRawBufferPointer(rebasing: body[(4 + length)...])
                    }
                    try append(values, encoding: page.encoding, rows: rows, defined: defined, into: &decoder, validity: &validity)
                }
                read += rows
            case .dataPageV2:
                sawDataPage = true
                guard let page = header.dataPageHeaderV2 else { throw corruptPage("v2 data page at byte \(offset) lacks its header") }
                let rows = try pageRows(page.numValues, remaining: expected - read, offset: offset)
                try readV2(page, header: header, stored: stored, codec: metadata.codec, rows: rows, optional: optional,
                           into: &decoder, validity: &validity)
                read += rows
            default:
                break
            }
            offset = bodyRange.upperBound
        }
    }

    /// A v2 data page: repetition and definition levels first, never compressed and without length
    /// prefixes; then the values, compressed unless `is_compressed` is false.
    private func readV2<D: ColumnValueDecoder>(_ page: DataPageHeaderV2, header: PageHeader, stored: UnsafeRawBufferPointer,
                                                        codec: ParquetCompressionCodec, rows: Int, optional: Bool,
                                                        into decoder: inout D, validity: inout ValidityBuilder) throws(ParquetError) {
        let repetitionLength = Int(page.repetitionLevelsByteLength), definitionLength = Int(page.definitionLevelsByteLength)
        guard repetitionLength >= 0, definitionLength >= 0, repetitionLength + definitionLength <= stored.count,
              repetitionLength + definitionLength <= Int(header.uncompressedPageSize) else {
            throw inconsistent("v2 level lengths \(repetitionLength) + \(definitionLength) exceed the page")
        }
        var defined = rows
        if optional {
            let levelBytes = UnsafeRawBufferPointer(rebasing: stored[repetitionLength..<(repetitionLength + definitionLength)])
            defined = try decodeLevels(levelBytes, rows: rows)
        }
        guard rows - defined == Int(page.numNulls) else {
            throw corruptPage("v2 page says \(page.numNulls) nulls, its definition levels \(rows - defined)")
        }
        let valuesStored = UnsafeRawBufferPointer(rebasing: stored[(repetitionLength + definitionLength)...])
        let valuesSize = Int(header.uncompressedPageSize) - repetitionLength - definitionLength
        try withBody(valuesStored, codec: page.isCompressed ? codec : .uncompressed, uncompressedSize: valuesSize) { values throws(ParquetError) in
            try append(values, encoding: page.encoding, rows: rows, defined: defined, into: &decoder, validity: &validity)
        }
    }

    /// Appends the values of a page and spreads them over its rows when some are null.
    private func append<D: ColumnValueDecoder>(_ values: UnsafeRawBufferPointer, encoding: ParquetEncoding, rows: Int, defined: Int,
                                               into decoder: inout D, validity: inout ValidityBuilder) throws(ParquetError) {
        try decoder.appendValues(values, encoding: encoding, count: defined)
        if defined == rows {
            validity.appendValid(rows)
        } else {
            scratch.valid.withUnsafeBufferPointer { flags in
                let page = UnsafeBufferPointer(rebasing: flags[0..<rows])
                decoder.spread(defined: defined, valid: page)
                validity.append(page)
            }
        }
    }

    /// Decodes `rows` definition levels (bit width 1 for a flat OPTIONAL column) into `valid`
    /// and returns how many rows are defined.
    private func decodeLevels(_ data: UnsafeRawBufferPointer, rows: Int) throws(ParquetError) -> Int {
        // Fast path: one RLE run of 1s covers the page (no nulls; `valid` is then not read).
        if let run = RLEHybridDecoder.leadingRun(data, bitWidth: 1), run.count >= rows, run.value == 1 { return rows }
        if scratch.levels.count < rows { scratch.levels = [UInt32](repeating: 0, count: rows) }
        if scratch.valid.count < rows { scratch.valid = [Bool](repeating: false, count: rows) }
        var decoder = try RLEHybridDecoder(data, bitWidth: 1)
        try scratch.levels.withUnsafeMutableBufferPointer { out throws(ParquetError) in try decoder.decode(into: out.baseAddress!, count: rows) }
        var defined = 0
        var maximum: UInt32 = 0
        scratch.levels.withUnsafeBufferPointer { levels in
            scratch.valid.withUnsafeMutableBufferPointer { valid in
                for row in 0..<rows {
                    let level = levels[row]
                    maximum = max(maximum, level)
                    valid[row] = level == 1
                    defined += Int(level & 1)
                }
            }
        }
        guard maximum <= 1 else { throw corruptPage("definition level \(maximum) exceeds the column's maximum 1") }
        return defined
    }

    /// Calls `body` with the page body decompressed to exactly `uncompressedSize` bytes (the
    /// stored bytes themselves when uncompressed).
    private func withBody(_ stored: UnsafeRawBufferPointer, codec: ParquetCompressionCodec, uncompressedSize: Int,
                                   _ body: (UnsafeRawBufferPointer) throws(ParquetError) -> Void) throws(ParquetError) {
        guard uncompressedSize >= 0 else { throw inconsistent("negative uncompressed page size \(uncompressedSize)") }
        guard uncompressedSize <= options.maxDecodedBytes else {
            throw ParquetError(file: nil, .limitExceeded("a page of \(uncompressedSize) bytes exceeds maxDecodedBytes \(options.maxDecodedBytes)"))
        }
        if codec == .uncompressed {
            guard stored.count == uncompressedSize else {
                throw inconsistent("uncompressed page stores \(stored.count) bytes, its header says \(uncompressedSize)")
            }
            try body(stored)
            return
        }
        let output = scratch.page(uncompressedSize)
        try decompressor.decompress(codec, stored, into: output)
        try body(UnsafeRawBufferPointer(output))
    }

    /// Decodes the page header at `offset` and returns it with the byte range of its body.
    private func pageHeader(at offset: Int, chunkEnd: Int) throws(ParquetError) -> (PageHeader, Range<Int>) {
        var reader = ThriftCompactReader(UnsafeRawBufferPointer(rebasing: file[offset..<chunkEnd]))
        let header: PageHeader
        do throws(ThriftError) { header = try PageHeader(from: &reader) } catch {
            throw ParquetError(file: nil, .thrift(error, context: "page header at byte \(offset)"))
        }
        let start = offset + reader.position
        let size = Int(header.compressedPageSize)
        guard size >= 0, size <= chunkEnd - start else {
            throw inconsistent("page at byte \(offset) claims \(size) bytes, the column chunk has \(chunkEnd - start) left")
        }
        return (header, start..<(start + size))
    }

    private func pageRows(_ numValues: Int32, remaining: Int, offset: Int) throws(ParquetError) -> Int {
        guard numValues >= 0, Int(numValues) <= remaining else {
            throw inconsistent("page at byte \(offset) holds \(numValues) values, only \(remaining) remain in the column chunk")
        }
        return Int(numValues)
    }

    private func inconsistent(_ message: String) -> ParquetError { ParquetError(file: nil, .inconsistentPageSizes(message)) }
    private func corruptPage(_ message: String) -> ParquetError { ParquetError(file: nil, .corruptPage(message)) }
}
