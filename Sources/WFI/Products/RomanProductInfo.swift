import ASDF

/// `roman info`'s Roman section: the product summary and, when the file name follows the Roman
/// conventions, its decoded components.
public struct RomanProductInfo: Sendable, Encodable {
    public var product: ProductSummary
    /// Decoded file-name components (key -> value as written), nil when the name is not a Roman one.
    public var name: [String: String]?
    /// Why the file name does not follow the conventions, when it does not.
    public var nameProblem: String?

    /// nil when the file holds no tagged Roman model.
    public init?(file: ASDFFile) {
        guard let roman = file.tree["roman"], let tag = roman.tag, let kind = ProductKind(tag: tag),
              SchemaCatalog.schema(for: tag) != nil else { return nil }
        var model = RomanDataModel(kind: kind, node: roman.untagged)
        model.file = file
        product = ProductSummary(model)
        let fileName = file.path.map { String($0.split(separator: "/").last ?? "") } ?? ""
        do {
            let components = try ProductName(parsing: fileName).components
            name = Dictionary(components.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
        } catch {
            nameProblem = error.description
        }
    }

    public var text: String {
        var lines = [product.text]
        if let name {
            lines.append("File name components:")
            for (key, value) in name.sorted(by: { $0.key < $1.key }) { lines.append("  \(key) = \(value)") }
        } else if let nameProblem {
            lines.append("File name does not follow the Roman conventions: \(nameProblem)")
        }
        return lines.joined(separator: "\n")
    }
}
