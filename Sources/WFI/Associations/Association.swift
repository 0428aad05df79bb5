import FileIO
import Foundation

/// An L3 association (`_asn.json`): the L2 exposures that make one skycell mosaic, in the layout
/// romancal's `skycell_asn` writes (algorithms.md §6).
public struct Association: Sendable, Equatable, Codable {
    public struct Member: Sendable, Equatable, Codable {
        /// The L2 file name (`r..._wfi01_f158_cal.asdf`).
        public var expname: String
        /// `science` for the images to combine.
        public var exptype: String
        public init(expname: String, exptype: String = "science") {
            self.expname = expname
            self.exptype = exptype
        }
    }

    public struct Product: Sendable, Equatable, Codable {
        /// The product's root name (`r00001_p_v01001001001001_270p65x48y69_f158`).
        public var name: String
        public var members: [Member]
        public init(name: String, members: [Member]) {
            self.name = name
            self.members = members
        }
    }

    /// The skycell grid of the product (degrees; pixel scale in degrees per pixel).
    public struct SkycellWCSInfo: Sendable, Equatable, Codable {
        public var name: String
        public var pixel_scale: Double
        public var ra_projection_center: Double
        public var dec_projection_center: Double
        public var x0_projection: Double
        public var y0_projection: Double
        public var ra_center: Double
        public var dec_center: Double
        public var nx: Int
        public var ny: Int
        public var orientat: Double
        public var orientat_projection_center: Double
    }

    public var asn_type = "image"
    public var asn_rule = "DMS_ELPP_Base"
    public var version_id: String?
    public var code_version: String
    /// The skycell name.
    public var target: String
    public var degraded_status = "No known degraded exposures in association."
    /// Program number as 5 digits.
    public var program: String
    /// `p` for prompt products, `r1`... for data releases.
    public var data_release_id: String
    public var constraints = "No constraints"
    public var asn_id: String
    public var asn_pool = "none"
    public var skycell_wcs_info: SkycellWCSInfo?
    public var products: [Product]

    public init(codeVersion: String, target: String, program: String, dataReleaseID: String, associationID: String,
                skycellWCSInfo: SkycellWCSInfo?, products: [Product]) {
        code_version = codeVersion
        self.target = target
        self.program = program
        data_release_id = dataReleaseID
        asn_id = associationID
        skycell_wcs_info = skycellWCSInfo
        self.products = products
    }

    /// Reads an association; the error names the file and what is wrong.
    public init(contentsOf path: String) throws(AssociationError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        do { self = try JSONDecoder().decode(Association.self, from: data) } catch let error as DecodingError {
            throw .invalid(path: path, reason: Self.describe(error))
        } catch {
            throw .invalid(path: path, reason: "\(error)")
        }
        try validate(path: path)
    }

    /// Checks the parts the mosaic pipeline relies on.
    public func validate(path: String) throws(AssociationError) {
        guard !products.isEmpty else { throw .invalid(path: path, reason: "no products") }
        for product in products {
            guard !product.members.isEmpty else { throw .invalid(path: path, reason: "product '\(product.name)' has no members") }
            for member in product.members where (try? ProductName(parsing: member.expname))?.suffix != .cal {
                throw .invalid(path: path, reason: "member '\(member.expname)' is not an L2 _cal file name")
            }
        }
        guard program.count == 5, program.allSatisfy(\.isNumber) else {
            throw .invalid(path: path, reason: "program '\(program)' is not 5 digits")
        }
    }

    /// The JSON text, keys in romancal's order, 4-space indentation.
    public var jsonText: String {
        func string(_ s: String?) -> String {
            guard let s else { return "null" }
            let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : "\(d)" }
        var lines = ["{"]
        var fields: [(String, String)] = [
            ("asn_type", string(asn_type)), ("asn_rule", string(asn_rule)), ("version_id", string(version_id)),
            ("code_version", string(code_version)), ("target", string(target)), ("degraded_status", string(degraded_status)),
            ("program", string(program)), ("data_release_id", string(data_release_id)), ("constraints", string(constraints)),
            ("asn_id", string(asn_id)), ("asn_pool", string(asn_pool)),
        ]
        if let info = skycell_wcs_info {
            let parts: [(String, String)] = [
                ("name", string(info.name)), ("pixel_scale", number(info.pixel_scale)),
                ("ra_projection_center", number(info.ra_projection_center)), ("dec_projection_center", number(info.dec_projection_center)),
                ("x0_projection", number(info.x0_projection)), ("y0_projection", number(info.y0_projection)),
                ("ra_center", number(info.ra_center)), ("dec_center", number(info.dec_center)),
                ("nx", String(info.nx)), ("ny", String(info.ny)), ("orientat", number(info.orientat)),
                ("orientat_projection_center", number(info.orientat_projection_center)),
            ]
            fields.append(("skycell_wcs_info", "{\n" + parts.map { "        \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n    }"))
        }
        let products = self.products.map { product in
            let members = product.members.map {
                "                {\n                    \"expname\": \(string($0.expname)),\n                    \"exptype\": \(string($0.exptype))\n                }"
            }.joined(separator: ",\n")
            return "        {\n            \"name\": \(string(product.name)),\n            \"members\": [\n\(members)\n            ]\n        }"
        }.joined(separator: ",\n")
        fields.append(("products", "[\n\(products)\n    ]"))
        lines.append(fields.map { "    \"\($0.0)\": \($0.1)" }.joined(separator: ",\n"))
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the association atomically.
    public func write(to path: String) throws(AssociationError) {
        do {
            let writer = try AtomicFileWriter(path: path)
            try writer.write(Array(jsonText.utf8))
            try writer.commit()
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let at = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (at.isEmpty ? "" : "at '\(at)': ") + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}

/// Why an association could not be read or written.
public enum AssociationError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read or write association: \(reason)"
        case .invalid(let path, let reason): "\(path): invalid association: \(reason)"
        }
    }
}
