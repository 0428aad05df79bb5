import CZlib

/// One column chunk as written: its pages back to back, with offsets relative to its first byte.
struct EncodedColumnChunk: Sendable {
    var bytes: [UInt8]
    /// Offset of the dictionary page (always 0 when present).
    var dictionaryPageOffset: Int?
    /// Offset of the first data page.
    var dataPageOffset: Int
    /// Page headers plus uncompressed bodies.
    var totalUncompressedSize: Int
    var encodings: [ParquetEncoding]
    var statistics: Statistics?
    /// Values including nulls.
    var numValues: Int
}

/// Encodes the rows of one column for one row group: optional dictionary page, then v1 data
/// pages (definition levels with a 4-byte length prefix for OPTIONAL columns, then the values),
/// each body compressed with the file's codec (apache/parquet-format `README.md` "Data Pages").
struct ColumnChunkEncoder {
    let options: ParquetWriteOptions
    private let compressor: PageCompressor
    private var output: [UInt8] = []
    private var body: [UInt8] = []
    private var uncompressedTotal = 0
    private var dictionaryPageOffset: Int?
    private var dataPageOffset: Int?

    init(options: ParquetWriteOptions) {
        self.options = options
        compressor = PageCompressor(options.compression)
    }

    /// Encodes `rows` of `column`.
    static func encode(_ column: ParquetColumn, rows: Range<Int>, options: ParquetWriteOptions) throws(ParquetError) -> EncodedColumnChunk {
        var encoder = ColumnChunkEncoder(options: options)
        let validity = column.validity
        do throws(ParquetError) {
            switch column.values {
            case .bool(let v): return try encoder.encodeBooleans(v, rows: rows, validity: validity)
            case .int8(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .int16(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .int32(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .int64(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .uint8(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .uint16(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .uint32(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .uint64(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .float16(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .float32(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .float64(let v): return try encoder.encodeFixed(v, rows: rows, validity: validity)
            case .string(let v): return try encoder.encodeStrings(v, rows: rows, validity: validity)
            }
        } catch {
            var error = error
            error.column = column.name
            throw error
        }
    }

    // MARK: Value types

    private mutating func encodeFixed<T: ColumnElement>(_ values: [T], rows: Range<Int>, validity: [Bool]?) throws(ParquetError) -> EncodedColumnChunk {
        let limit = options.dictionaryPageSizeLimit
        return try encodeDense(values, rows: rows, validity: validity, valueWidth: MemoryLayout<T.Stored>.size,
                               statistics: StatisticsBuilder.statistics, dictionary: { DictionaryBuilder.build($0, byteLimit: limit) },
                               appendPlain: PlainEncoder.append)
    }

    /// Booleans are never dictionary-encoded (as in pyarrow); PLAIN packs 8 per byte.
    private mutating func encodeBooleans(_ values: [Bool], rows: Range<Int>, validity: [Bool]?) throws(ParquetError) -> EncodedColumnChunk {
        try encodeDense(values, rows: rows, validity: validity, valueWidth: 1, statistics: StatisticsBuilder.statistics,
                        dictionary: { _ in nil }, appendPlain: PlainEncoder.append)
    }

    /// Encodes values held one per element: statistics, then a dictionary page and index pages
    /// when `dictionary` gives a dictionary, else PLAIN pages of about `dataPageSize` bytes.
    private mutating func encodeDense<T>(_ values: [T], rows: Range<Int>, validity: [Bool]?, valueWidth: Int,
                                         statistics: (UnsafeBufferPointer<T>, Int) -> Statistics,
                                         dictionary: (UnsafeBufferPointer<T>) -> DictionaryEncoded<[T]>?,
                                         appendPlain: (UnsafeBufferPointer<T>, inout [UInt8]) -> Void) throws(ParquetError) -> EncodedColumnChunk {
        try values.withUnsafeBufferPointer { all throws(ParquetError) in
            try Self.withValidity(validity, rows, optional: options.optionalColumns) { validity throws(ParquetError) in
                try Self.withDense(UnsafeBufferPointer(rebasing: all[rows]), validity) { dense throws(ParquetError) in
                    let chunkStatistics = options.statistics ? statistics(dense, rows.count - dense.count) : nil
                    let boundaries = Self.fixedBoundaries(rows.count, rowsPerPage: max(8, options.dataPageSize / valueWidth))
                    if options.dictionary, let dictionary = dictionary(dense) {
                        try writeDictionaryPage(count: dictionary.entryCount) { body in
                            dictionary.entries.withUnsafeBufferPointer { appendPlain($0, &body) }
                        }
                        try writeIndexPages(dictionary, rows: rows.count, validity: validity, boundaries: boundaries)
                    } else {
                        try writeDataPages(rows: rows.count, validity: validity, boundaries: boundaries, encoding: .plain) { range, body in
                            appendPlain(UnsafeBufferPointer(rebasing: dense[range]), &body)
                        }
                    }
                    return finish(statistics: chunkStatistics, rows: rows.count)
                }
            }
        }
    }

    private mutating func encodeStrings(_ values: [String], rows: Range<Int>, validity: [Bool]?) throws(ParquetError) -> EncodedColumnChunk {
        try values.withUnsafeBufferPointer { all throws(ParquetError) in
            try Self.withValidity(validity, rows, optional: options.optionalColumns) { validity throws(ParquetError) in
                let batch = ByteArrayBatch(UnsafeBufferPointer(rebasing: all[rows]), validity: validity)
                let statistics = options.statistics ? StatisticsBuilder.statistics(batch, nullCount: rows.count - batch.count) : nil
                if options.dictionary, let dictionary = DictionaryBuilder.build(batch, byteLimit: options.dictionaryPageSizeLimit) {
                    try writeDictionaryPage(count: dictionary.entryCount) { body in
                        PlainEncoder.append(dictionary.entries, range: 0..<dictionary.entryCount, into: &body)
                    }
                    let boundaries = Self.fixedBoundaries(rows.count, rowsPerPage: max(1, options.dataPageSize / 4))
                    try writeIndexPages(dictionary, rows: rows.count, validity: validity, boundaries: boundaries)
                } else {
                    let boundaries = Self.byteArrayBoundaries(batch, validity: validity, rows: rows.count, pageSize: options.dataPageSize)
                    try writeDataPages(rows: rows.count, validity: validity, boundaries: boundaries, encoding: .plain) { range, body in
                        PlainEncoder.append(batch, range: range, into: &body)
                    }
                }
                return finish(statistics: statistics, rows: rows.count)
            }
        }
    }

    // MARK: Pages

    /// The dictionary page: its PLAIN values (`Encodings.md`: PLAIN in the dictionary page).
    private mutating func writeDictionaryPage(count: Int, _ values: (inout [UInt8]) -> Void) throws(ParquetError) {
        body.removeAll(keepingCapacity: true)
        values(&body)
        dictionaryPageOffset = output.count
        try writePage(type: .dictionaryPage) { uncompressed, compressed, crc in
            PageHeader(type: .dictionaryPage, uncompressedPageSize: uncompressed, compressedPageSize: compressed, crc: crc,
                       dictionaryPageHeader: DictionaryPageHeader(numValues: Int32(count), encoding: .plain))
        }
    }

    /// Data pages of dictionary indices: one byte of bit width, then the RLE / bit-packed
    /// indices (no length prefix).
    private mutating func writeIndexPages<E>(_ dictionary: DictionaryEncoded<E>, rows: Int, validity: UnsafeBufferPointer<Bool>?,
                                             boundaries: [Int]) throws(ParquetError) {
        let bitWidth = dictionary.bitWidth
        try dictionary.indices.withUnsafeBufferPointer { indices throws(ParquetError) in
            try writeDataPages(rows: rows, validity: validity, boundaries: boundaries, encoding: .rleDictionary) { range, body in
                body.append(UInt8(bitWidth))
                RLEHybridEncoder.encode(UnsafeBufferPointer(rebasing: indices[range]), bitWidth: bitWidth, into: &body)
            }
        }
    }

    /// v1 data pages for the row ranges between consecutive `boundaries`; `appendValues` appends
    /// the encoding of the given range of non-null values.
    private mutating func writeDataPages(rows: Int, validity: UnsafeBufferPointer<Bool>?, boundaries: [Int], encoding: ParquetEncoding,
                                         appendValues: (Range<Int>, inout [UInt8]) -> Void) throws(ParquetError) {
        var dense = 0
        for page in 0..<(boundaries.count - 1) {
            let pageRows = boundaries[page]..<boundaries[page + 1]
            body.removeAll(keepingCapacity: true)
            var defined = pageRows.count
            if let validity {
                let levels = UnsafeBufferPointer(rebasing: validity[pageRows])
                body.append(contentsOf: [0, 0, 0, 0])
                RLEHybridEncoder.encodeLevels(levels, into: &body)
                let length = UInt32(body.count - 4)
                for k in 0..<4 { body[k] = UInt8(truncatingIfNeeded: length >> UInt32(8 * k)) }
                defined = levels.count { $0 }
            }
            appendValues(dense..<(dense + defined), &body)
            dense += defined
            if dataPageOffset == nil { dataPageOffset = output.count }
            try writePage(type: .dataPage) { uncompressed, compressed, crc in
                PageHeader(type: .dataPage, uncompressedPageSize: uncompressed, compressedPageSize: compressed, crc: crc,
                           dataPageHeader: DataPageHeader(numValues: Int32(pageRows.count), encoding: encoding))
            }
        }
    }

    /// Compresses `body` and appends header + compressed body to the chunk.
    private mutating func writePage(type: ParquetPageType, header: (Int32, Int32, Int32?) -> PageHeader) throws(ParquetError) {
        guard body.count <= Int(Int32.max) else {
            throw ParquetError(file: nil, .invalidTable("a \(type) page of \(body.count) bytes exceeds the format's 2 GiB page limit"))
        }
        let uncompressedCount = body.count
        var overflow = false
        var chunkOutput = output
        output = []
        let checksums = options.pageChecksums
        try body.withUnsafeBufferPointer { page throws(ParquetError) in
            try compressor.compress(UnsafeRawBufferPointer(page)) { compressed in
                guard compressed.count <= Int(Int32.max) else {
                    overflow = true
                    return
                }
                let crc = checksums ? Int32(bitPattern: UInt32(crc32(0, compressed.baseAddress?.assumingMemoryBound(to: Bytef.self), UInt32(compressed.count)))) : nil
                let headerBytes = header(Int32(uncompressedCount), Int32(compressed.count), crc).thriftEncoded()
                chunkOutput.append(contentsOf: headerBytes)
                chunkOutput.append(contentsOf: compressed)
                uncompressedTotal += headerBytes.count + uncompressedCount
            }
        }
        output = chunkOutput
        if overflow { throw ParquetError(file: nil, .invalidTable("a compressed \(type) page exceeds the format's 2 GiB page limit")) }
    }

    private func finish(statistics: Statistics?, rows: Int) -> EncodedColumnChunk {
        let encodings: [ParquetEncoding] = dictionaryPageOffset == nil ? [.plain, .rle] : [.plain, .rle, .rleDictionary]
        return EncodedColumnChunk(bytes: output, dictionaryPageOffset: dictionaryPageOffset, dataPageOffset: dataPageOffset ?? 0,
                                  totalUncompressedSize: uncompressedTotal, encodings: encodings, statistics: statistics, numValues: rows)
    }

    // MARK: Helpers

    /// Calls `body` with the validity flags of `rows`: nil for a REQUIRED column (no validity,
    /// not `optional`), all true for an OPTIONAL column without a validity.
    private static func withValidity<R>(_ validity: [Bool]?, _ rows: Range<Int>, optional: Bool,
                                        _ body: (UnsafeBufferPointer<Bool>?) throws(ParquetError) -> R) throws(ParquetError) -> R {
        guard let validity else {
            guard optional else { return try body(nil) }
            let defined = [Bool](repeating: true, count: rows.count)
            return try defined.withUnsafeBufferPointer { all throws(ParquetError) in try body(all) }
        }
        var result: Result<R, ParquetError>!
        validity.withUnsafeBufferPointer { all in
            do throws(ParquetError) { result = .success(try body(UnsafeBufferPointer(rebasing: all[rows]))) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// Calls `body` with the valid values of `slice` packed together (`slice` itself, without a
    /// copy, when every row is valid).
    private static func withDense<T, R>(_ slice: UnsafeBufferPointer<T>, _ validity: UnsafeBufferPointer<Bool>?,
                                        _ body: (UnsafeBufferPointer<T>) throws(ParquetError) -> R) throws(ParquetError) -> R {
        guard let validity, validity.contains(false) else { return try body(slice) }
        var dense: [T] = []
        dense.reserveCapacity(validity.count { $0 })
        for (i, valid) in validity.enumerated() where valid { dense.append(slice[i]) }
        return try dense.withUnsafeBufferPointer { dense throws(ParquetError) in try body(dense) }
    }

    /// Page boundaries every `rowsPerPage` rows: [0, n, 2n, ..., rows].
    private static func fixedBoundaries(_ rows: Int, rowsPerPage: Int) -> [Int] {
        Array(stride(from: 0, to: rows, by: rowsPerPage)) + [rows]
    }

    /// Page boundaries after roughly `pageSize` bytes of PLAIN byte arrays.
    private static func byteArrayBoundaries(_ batch: ByteArrayBatch, validity: UnsafeBufferPointer<Bool>?, rows: Int, pageSize: Int) -> [Int] {
        var boundaries = [0]
        var bytes = 0
        var dense = 0
        for row in 0..<rows where validity?[row] ?? true {
            bytes += 4 + batch.offsets[dense + 1] - batch.offsets[dense]
            dense += 1
            if bytes >= pageSize && row + 1 < rows {
                boundaries.append(row + 1)
                bytes = 0
            }
        }
        boundaries.append(rows)
        return boundaries
    }
}
