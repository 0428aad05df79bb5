/// One column of a Roman source catalog as rad defines it (`tables/source_catalog_columns`):
/// its name, the unit astropy writes for it (nil when dimensionless), its datatype and its
/// description.
public struct CatalogColumn: Sendable, Hashable {
    /// Column datatypes of Roman catalogs (rad: int32, int64, float32, float64, bool).
    public enum DataType: String, Sendable, Hashable {
        case bool, int32, int64, float32, float64
    }

    public var name: String
    public var unit: String?
    public var type: DataType
    public var description: String
    /// The description roman_datamodels gives the column of an L3 (mosaic) catalog, when it differs.
    public var mosaicDescription: String?

    public init(name: String, unit: String?, type: DataType, description: String, mosaicDescription: String? = nil) {
        self.name = name
        self.unit = unit
        self.type = type
        self.description = description
        self.mosaicDescription = mosaicDescription
    }

    /// The definition of a prompt-catalog column by name.
    public static func named(_ name: String) -> CatalogColumn? { promptByName[name] }

    private static let promptByName: [String: CatalogColumn] =
        Dictionary(uniqueKeysWithValues: prompt.map { ($0.name, $0) })
}
