import Foundation

/// How a table is written. The defaults follow pyarrow's `write_table` (dictionary encoding,
/// statistics, 1 Mi-row groups, 1 MiB pages) except the codec: no compression, as
/// roman_datamodels writes catalogs.
public struct ParquetWriteOptions: Sendable {
    /// Page codec.
    public var compression: ParquetCompression
    /// Write columns without a validity as OPTIONAL with every row defined, as pyarrow does
    /// (nullable Arrow fields), instead of REQUIRED.
    public var optionalColumns: Bool
    /// Rows per row group (the last group holds the remainder).
    public var rowGroupSize: Int
    /// Try dictionary encoding for every column except booleans (falls back to PLAIN per chunk
    /// when the dictionary would outgrow `dictionaryPageSizeLimit` or hold more than half the
    /// values).
    public var dictionary: Bool
    /// Write column-chunk statistics (min/max, null_count; nan_count for floats).
    public var statistics: Bool
    /// Target uncompressed size of a data page's values, bytes.
    public var dataPageSize: Int
    /// Largest dictionary page, bytes.
    public var dictionaryPageSizeLimit: Int
    /// Write the CRC-32 of every page body in its header.
    public var pageChecksums: Bool
    /// Write `ARROW:schema` (field metadata `{"unit": ...}` for pyarrow, as roman_datamodels does).
    public var arrowSchema: Bool
    /// Write `table_meta_yaml` (units, descriptions and table meta for astropy) and
    /// `table::len::<name>` for string columns.
    public var astropyMetadata: Bool
    /// Columns encoded at once (defaults to the active processor count).
    public var concurrency: Int
    /// `FileMetaData.created_by`.
    public var createdBy: String
    /// `ParquetWriter.write` flushes the file to disk (fsync) before renaming it into place.
    public var durable: Bool

    public init(compression: ParquetCompression = .none, optionalColumns: Bool = false, rowGroupSize: Int = 1 << 20, dictionary: Bool = true,
                statistics: Bool = true, dataPageSize: Int = 1 << 20, dictionaryPageSizeLimit: Int = 1 << 20,
                pageChecksums: Bool = false, arrowSchema: Bool = true, astropyMetadata: Bool = true,
                concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
                createdBy: String = "roman-wfi-swift version 1.0.0", durable: Bool = true) {
        self.compression = compression
        self.optionalColumns = optionalColumns
        self.rowGroupSize = rowGroupSize
        self.dictionary = dictionary
        self.statistics = statistics
        self.dataPageSize = dataPageSize
        self.dictionaryPageSizeLimit = dictionaryPageSizeLimit
        self.pageChecksums = pageChecksums
        self.arrowSchema = arrowSchema
        self.astropyMetadata = astropyMetadata
        self.concurrency = concurrency
        self.createdBy = createdBy
        self.durable = durable
    }
}
