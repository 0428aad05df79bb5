/// Finds, decodes and checks the footer (apache/parquet-format `README.md` "File Format": the
/// file ends with the Thrift compact `FileMetaData`, its u32 LE length and `PAR1`): magics, footer
/// length, a flat schema, and row groups whose chunks match the schema and lie inside the file.
enum FooterParser {
    struct Footer {
        var metadata: FileMetaData
        var columns: [ParquetColumnDescriptor]
        var chunkRanges: [[Range<Int>]]
    }

    static let magic: [UInt8] = Array("PAR1".utf8)
    static let encryptedMagic: [UInt8] = Array("PARE".utf8)

    static func parse(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) -> Footer {
        let size = bytes.count
        guard size >= 12 else { throw failure(.fileTooSmall(size: size)) }
        let head = Array(bytes[0..<4]), tail = Array(bytes[(size - 4)..<size])
        guard head == magic else { throw failure(.badMagic(found: head, atEnd: false)) }
        if tail == encryptedMagic { throw failure(.unsupportedType("encrypted footer (PARE)")) }
        guard tail == magic else { throw failure(.badMagic(found: tail, atEnd: true)) }
        let footerLength = Int(bytes.loadUnaligned(fromByteOffset: size - 8, as: UInt32.self).littleEndian)
        guard footerLength <= size - 12 else { throw failure(.footerLengthBeyondFile(footerLength: footerLength, fileSize: size)) }
        let footerStart = size - 8 - footerLength
        var reader = ThriftCompactReader(UnsafeRawBufferPointer(rebasing: bytes[footerStart..<(size - 8)]))
        let metadata: FileMetaData
        do throws(ThriftError) { metadata = try FileMetaData(from: &reader) } catch {
            throw failure(.thrift(error, context: "footer (\(footerLength) bytes at byte \(footerStart))"))
        }
        let columns = try leafColumns(metadata.schema)
        let ranges = try chunkRanges(metadata, columns: columns, dataEnd: footerStart)
        return Footer(metadata: metadata, columns: columns, chunkRanges: ranges)
    }

    /// The leaves of a flat schema: a root group whose children are all primitive, non-repeated.
    private static func leafColumns(_ schema: [SchemaElement]) throws(ParquetError) -> [ParquetColumnDescriptor] {
        guard let root = schema.first else { throw failure(.invalidMetadata("the schema is empty")) }
        let children = Int(root.numChildren ?? 0)
        guard children == schema.count - 1 else {
            if let group = schema.dropFirst().first(where: { ($0.numChildren ?? 0) > 0 }) {
                throw ParquetError(file: nil, column: group.name, .unsupportedType("nested group of \(group.numChildren ?? 0) fields"))
            }
            throw failure(.invalidMetadata("the root has \(children) children, the schema \(schema.count - 1) more elements"))
        }
        var columns: [ParquetColumnDescriptor] = []
        for element in schema.dropFirst() {
            if let nested = element.numChildren, nested > 0 {
                throw ParquetError(file: nil, column: element.name, .unsupportedType("nested group of \(nested) fields"))
            }
            guard element.type != nil else {
                throw ParquetError(file: nil, column: element.name, .invalidMetadata("schema leaf without a physical type"))
            }
            if element.repetition == .repeated {
                throw ParquetError(file: nil, column: element.name, .unsupportedType("repeated (list) column"))
            }
            columns.append(ParquetColumnDescriptor(name: element.name, element: element, kind: ParquetValueKind(element)))
        }
        return columns
    }

    /// The byte range of every chunk (from its dictionary page, if any, over
    /// `total_compressed_size` bytes), checked against the data area before the footer.
    private static func chunkRanges(_ metadata: FileMetaData, columns: [ParquetColumnDescriptor],
                                    dataEnd: Int) throws(ParquetError) -> [[Range<Int>]] {
        guard metadata.numRows >= 0 else { throw failure(.invalidMetadata("num_rows is \(metadata.numRows)")) }
        var totalRows: Int64 = 0
        var result: [[Range<Int>]] = []
        for (g, group) in metadata.rowGroups.enumerated() {
            guard group.columns.count == columns.count else {
                throw failure(.invalidMetadata("row group \(g) has \(group.columns.count) column chunks for \(columns.count) columns"))
            }
            guard group.numRows >= 0, group.numRows <= Int64(Int32.max) * 1024 else {
                throw failure(.invalidMetadata("row group \(g) has \(group.numRows) rows"))
            }
            totalRows += group.numRows
            var ranges: [Range<Int>] = []
            for (c, chunk) in group.columns.enumerated() {
                let name = columns[c].name
                func invalid(_ message: String) -> ParquetError {
                    ParquetError(file: nil, column: name, .invalidMetadata("row group \(g): " + message))
                }
                guard chunk.filePath == nil else { throw ParquetError(file: nil, column: name, .unsupportedType("column chunk in another file")) }
                guard let meta = chunk.metaData else { throw invalid("column chunk without metadata") }
                guard meta.type == columns[c].element.type else {
                    throw invalid("chunk type \(meta.type) differs from the schema's \(columns[c].element.type.map(\.description) ?? "")")
                }
                guard meta.numValues == group.numRows else { throw invalid("chunk holds \(meta.numValues) values for \(group.numRows) rows") }
                var start = meta.dataPageOffset
                if let dictionary = meta.dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
                let length = meta.totalCompressedSize
                guard start >= 4, length >= 0, start <= Int64(dataEnd), length <= Int64(dataEnd) - start else {
                    throw ParquetError(file: nil, column: name, .inconsistentPageSizes(
                        "row group \(g): chunk at byte \(start) of \(length) bytes lies outside the data (bytes 4..<\(dataEnd))"))
                }
                ranges.append(Int(start)..<Int(start + length))
            }
            result.append(ranges)
        }
        guard totalRows == metadata.numRows else {
            throw failure(.invalidMetadata("row groups hold \(totalRows) rows, the footer says \(metadata.numRows)"))
        }
        return result
    }

    private static func failure(_ problem: ParquetError.Problem) -> ParquetError { ParquetError(file: nil, problem) }
}
