import WFI

/// Writes a catalog as roman_datamodels' `to_parquet` does (formats.md §4.7).
enum CatalogParquet {
    static func write(_ table: CatalogTable, model: RomanDataModel, to path: String) throws(CatalogError) {
        throw .write(path: path, reason: "the Parquet writer is not built into this version; use --catalog-format asdf")
    }
}
