import FileIO
import Foundation

/// Writes flat tables as Parquet files (apache/parquet-format `README.md` "File Format"): `PAR1`,
/// the column chunks of each row group in schema order, the Thrift compact `FileMetaData`, its
/// u32 LE length, `PAR1`.
///
/// Columns without a validity are REQUIRED (OPTIONAL with `optionalColumns`), others OPTIONAL
/// with RLE definition levels. Values
/// are PLAIN or dictionary-encoded (RLE_DICTIONARY) in v1 data pages. The key-value metadata
/// holds `ARROW:schema` (pyarrow field metadata: units), the table's own keys, `table::len::<name>`
/// for string columns and `table_meta_yaml` (astropy units, descriptions, table meta); a key the
/// table already has is not generated again.
public enum ParquetWriter {
    static let magic: [UInt8] = Array("PAR1".utf8)

    /// Writes `table` to `path` atomically (a temporary file renamed into place when complete).
    public static func write(_ table: ParquetTable, to path: String, options: ParquetWriteOptions = .init()) throws(ParquetError) {
        let file = try stage(table, to: path, options: options)
        do throws(FileIOError) { try file.commit() } catch { throw ParquetError(file: path, .io(error)) }
    }

    /// Writes `table` completely under a temporary name next to `path` and flushes it, without
    /// putting it in place: `commit()` on the result renames it to `path`; dropping the result
    /// removes it.
    public static func stage(_ table: ParquetTable, to path: String, options: ParquetWriteOptions = .init()) throws(ParquetError) -> AtomicFileWriter {
        let file: AtomicFileWriter
        do { file = try AtomicFileWriter(path: path, durable: options.durable) } catch { throw ParquetError(file: path, .io(error)) }
        do {
            try encode(table, options: options) { bytes throws(ParquetError) in
                do throws(FileIOError) { try file.write(bytes) } catch { throw ParquetError(file: path, .io(error)) }
            }
        } catch {
            var error = error
            error.file = path
            throw error
        }
        do throws(FileIOError) { try file.flush() } catch { throw ParquetError(file: path, .io(error)) }
        return file
    }

    /// The bytes of the Parquet file for `table`.
    public static func encode(_ table: ParquetTable, options: ParquetWriteOptions = .init()) throws(ParquetError) -> [UInt8] {
        var output: [UInt8] = []
        try encode(table, options: options) { output.append(contentsOf: $0) }
        return output
    }

    /// Streams the file to `sink` in order: magic, one column chunk at a time, footer.
    static func encode(_ table: ParquetTable, options: ParquetWriteOptions, sink: ([UInt8]) throws(ParquetError) -> Void) throws(ParquetError) {
        try validate(table, options)
        let rows = table.rowCount
        try sink(magic)
        var position = magic.count
        var rowGroups: [RowGroup] = []
        for start in stride(from: 0, to: rows, by: options.rowGroupSize) {
            let range = start..<min(rows, start + options.rowGroupSize)
            var chunks: [ColumnChunk] = []
            var uncompressed = 0
            let groupStart = position
            try encodeColumns(table, rows: range, options: options) { index, chunk throws(ParquetError) in
                let column = table.columns[index]
                let metadata = ColumnMetaData(
                    type: column.values.kind.physicalType, encodings: chunk.encodings, pathInSchema: [column.name],
                    codec: options.compression.codec, numValues: Int64(chunk.numValues),
                    totalUncompressedSize: Int64(chunk.totalUncompressedSize), totalCompressedSize: Int64(chunk.bytes.count),
                    dataPageOffset: Int64(position + chunk.dataPageOffset),
                    dictionaryPageOffset: chunk.dictionaryPageOffset.map { Int64(position + $0) }, statistics: chunk.statistics)
                chunks.append(ColumnChunk(fileOffset: 0, metaData: metadata))
                uncompressed += chunk.totalUncompressedSize
                try sink(chunk.bytes)
                position += chunk.bytes.count
            }
            rowGroups.append(RowGroup(columns: chunks, totalByteSize: Int64(uncompressed), numRows: Int64(range.count),
                                      fileOffset: Int64(groupStart), totalCompressedSize: Int64(position - groupStart),
                                      ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
        }
        let footer = FileMetaData(
            version: 1, schema: schema(table, options), numRows: Int64(rows), rowGroups: rowGroups,
            keyValueMetadata: keyValueMetadata(table, options), createdBy: options.createdBy,
            columnOrders: options.statistics ? table.columns.map { _ in .typeDefined } : nil
        ).thriftEncoded()
        var tail = footer
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { tail.append(contentsOf: $0) }
        tail.append(contentsOf: magic)
        try sink(tail)
    }

    /// Encodes the columns of one row group, `options.concurrency` at a time, and hands each
    /// chunk to `body` in column order (so at most one batch of chunks is held in memory).
    private static func encodeColumns(_ table: ParquetTable, rows: Range<Int>, options: ParquetWriteOptions,
                                      _ body: (Int, EncodedColumnChunk) throws(ParquetError) -> Void) throws(ParquetError) {
        let batch = max(1, options.concurrency)
        for first in stride(from: 0, to: table.columns.count, by: batch) {
            let indices = first..<min(table.columns.count, first + batch)
            let results = ResultSlots<EncodedColumnChunk>(count: indices.count)
            let columns = table.columns
            DispatchQueue.concurrentPerform(iterations: indices.count) { k in
                let column = columns[indices.lowerBound + k]
                results.set(k, Result { () throws(ParquetError) in try ColumnChunkEncoder.encode(column, rows: rows, options: options) })
            }
            for k in 0..<indices.count {
                try body(indices.lowerBound + k, try results.take(k).get())
            }
        }
    }

    /// The flattened schema: the root group, then one leaf per column.
    static func schema(_ table: ParquetTable, _ options: ParquetWriteOptions) -> [SchemaElement] {
        var elements = [SchemaElement(name: "schema", numChildren: Int32(table.columns.count))]
        for column in table.columns {
            let kind = column.values.kind
            elements.append(SchemaElement(type: kind.physicalType, typeLength: kind.typeLength,
                                          repetition: isOptional(column, options) ? .optional : .required, name: column.name,
                                          convertedType: kind.convertedType, logicalType: kind.logicalType))
        }
        return elements
    }

    /// Whether `column` is written OPTIONAL (with definition levels).
    static func isOptional(_ column: ParquetColumn, _ options: ParquetWriteOptions) -> Bool {
        column.validity != nil || options.optionalColumns
    }

    /// `ARROW:schema`, the table's keys, `table::len::*` and `table_meta_yaml`, skipping generated
    /// keys the table already has.
    static func keyValueMetadata(_ table: ParquetTable, _ options: ParquetWriteOptions) -> [KeyValue] {
        var entries = table.keyValueMetadata
        let given = Set(entries.map(\.key))
        func generate(_ key: String, _ value: @autoclosure () -> String) {
            if !given.contains(key) { entries.append(KeyValue(key: key, value: value())) }
        }
        if options.astropyMetadata {
            for column in table.columns {
                guard case .string(let strings) = column.values else { continue }
                let longest = strings.indices.reduce(0) { longest, row in
                    column.validity?[row] == false ? longest : max(longest, strings[row].unicodeScalars.count)
                }
                generate("table::len::" + column.name, String(longest))
            }
            generate(TableMetaYAML.key, TableMetaYAML.encode(table))
        }
        if options.arrowSchema && !given.contains(ArrowSchema.key) {
            entries.insert(KeyValue(key: ArrowSchema.key, value: ArrowSchema.encode(table, schemaMetadata: entries) { isOptional($0, options) }), at: 0)
        }
        return entries
    }

    private static func validate(_ table: ParquetTable, _ options: ParquetWriteOptions) throws(ParquetError) {
        func invalid(_ message: String, column: String? = nil) -> ParquetError {
            ParquetError(file: nil, column: column, .invalidTable(message))
        }
        guard options.rowGroupSize > 0 else { throw invalid("rowGroupSize must be positive, not \(options.rowGroupSize)") }
        guard options.dataPageSize > 0 else { throw invalid("dataPageSize must be positive, not \(options.dataPageSize)") }
        var names = Set<String>()
        let rows = table.rowCount
        for column in table.columns {
            guard !column.name.isEmpty else { throw invalid("a column has an empty name") }
            guard names.insert(column.name).inserted else { throw invalid("two columns are named '\(column.name)'") }
            guard column.count == rows else {
                throw invalid("has \(column.count) rows, the first column \(rows)", column: column.name)
            }
            if let validity = column.validity, validity.count != rows {
                throw invalid("validity has \(validity.count) flags for \(rows) rows", column: column.name)
            }
        }
    }
}

/// Per-iteration results of a concurrent loop, each slot written by exactly one iteration.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [Result<T, ParquetError>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<T, ParquetError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// The result of slot `index`, releasing the slot's memory.
    func take(_ index: Int) -> Result<T, ParquetError> {
        lock.lock()
        defer { lock.unlock() }
        let result = slots[index]!
        slots[index] = nil
        return result
    }
}
