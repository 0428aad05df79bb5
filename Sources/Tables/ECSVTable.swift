import FileIO
import Foundation
import Yams

/// A table in astropy's Enhanced Character Separated Values format (ECSV 1.0: a YAML header of
/// `#` lines giving each column's name, datatype and unit, then a line of column names and one
/// line per row, space-delimited unless the header names another delimiter). astropy's
/// `Table.read(format="ascii.ecsv")` opens what this writes, and this reads what astropy and
/// romanisim write (scalar float, integer, boolean and string columns).
public struct ECSVTable: Sendable, Equatable {
    /// The values of one column.
    public enum Values: Sendable, Equatable {
        case float64([Double])
        case int64([Int64])
        case string([String])

        var count: Int {
            switch self {
            case .float64(let v): v.count
            case .int64(let v): v.count
            case .string(let v): v.count
            }
        }

        var datatype: String {
            switch self {
            case .float64: "float64"
            case .int64: "int64"
            case .string: "string"
            }
        }
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var unit: String?
        public var description: String?
        public var values: Values

        public init(_ name: String, unit: String? = nil, description: String? = nil, _ values: Values) {
            self.name = name
            self.unit = unit
            self.description = description
            self.values = values
        }
    }

    public var columns: [Column]
    /// Table-level metadata (`meta:` in the header), written as YAML scalars.
    public var meta: [(key: String, value: String)] = []

    public init(columns: [Column], meta: [(key: String, value: String)] = []) {
        self.columns = columns
        self.meta = meta
    }

    public static func == (a: ECSVTable, b: ECSVTable) -> Bool {
        a.columns == b.columns && a.meta.map(\.key) == b.meta.map(\.key) && a.meta.map(\.value) == b.meta.map(\.value)
    }

    public var rowCount: Int { columns.first?.values.count ?? 0 }

    public func column(_ name: String) -> Values? { columns.first { $0.name == name }?.values }

    /// A numeric column as doubles (integers converted), or nil.
    public func doubles(_ name: String) -> [Double]? {
        switch column(name) {
        case .float64(let v): v
        case .int64(let v): v.map(Double.init)
        default: nil
        }
    }

    public func strings(_ name: String) -> [String]? {
        if case .string(let v) = column(name) { return v }
        return nil
    }

    // MARK: Writing

    /// The ECSV text.
    public func text() -> String {
        var lines = ["# %ECSV 1.0", "# ---", "# datatype:"]
        for column in columns {
            var fields = ["name: \(Self.yamlScalar(column.name))"]
            if let unit = column.unit { fields.append("unit: \(Self.yamlScalar(unit))") }
            fields.append("datatype: \(column.values.datatype)")
            if let description = column.description { fields.append("description: \(Self.yamlScalar(description))") }
            lines.append("# - {\(fields.joined(separator: ", "))}")
        }
        if !meta.isEmpty {
            lines.append("# meta:")
            for (key, value) in meta { lines.append("#   \(Self.yamlScalar(key)): \(Self.yamlScalar(value))") }
        }
        lines.append("# schema: astropy-2.0")
        lines.append(columns.map { Self.field($0.name) }.joined(separator: " "))
        for row in 0..<rowCount {
            lines.append(columns.map { column in
                switch column.values {
                case .float64(let v): Self.number(v[row])
                case .int64(let v): String(v[row])
                case .string(let v): Self.field(v[row])
                }
            }.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the table atomically (temporary file, fsync, rename).
    public func write(to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(Array(text().utf8))
        try writer.commit()
    }

    static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    static func field(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.contains { $0 == " " || $0 == "\"" || $0 == "\t" }
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func yamlScalar(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "_-./ ()*^".contains($0) } && !text.isEmpty
            && !text.hasPrefix(" ") && !text.hasSuffix(" ")
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    // MARK: Reading

    /// Reads an ECSV file; errors name the file and the line.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ECSVError.unreadable(file: path) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ECSVError.malformed(file: path, line: 1, problem: "not UTF-8 text")
        }
        try self.init(text: text, file: path)
    }

    /// Parses ECSV text (`file` names it in errors).
    public init(text: String, file: String = "<text>") throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingCharacters(in: .init(charactersIn: "\r"))) }
        guard lines.first?.hasPrefix("# %ECSV") == true else {
            throw ECSVError.malformed(file: file, line: 1, problem: "missing the '# %ECSV 1.0' first line")
        }
        var headerLines: [String] = []
        var index = 1
        while index < lines.count, lines[index].hasPrefix("#") {
            let line = lines[index]
            headerLines.append(line.hasPrefix("# ") ? String(line.dropFirst(2)) : String(line.dropFirst(1)))
            index += 1
        }
        let header: [String: Any]
        do {
            header = (try Yams.load(yaml: headerLines.joined(separator: "\n").replacingOccurrences(of: "---\n", with: "", options: .anchored)) as? [String: Any]) ?? [:]
        } catch {
            throw ECSVError.malformed(file: file, line: 2, problem: "header is not valid YAML: \(error)")
        }
        guard let specs = header["datatype"] as? [[String: Any]] else {
            throw ECSVError.malformed(file: file, line: 2, problem: "header has no 'datatype' list of columns")
        }
        let delimiter: Character = (header["delimiter"] as? String)?.first ?? " "
        let names = specs.map { ($0["name"] as? String) ?? "" }
        guard index < lines.count else { throw ECSVError.malformed(file: file, line: index + 1, problem: "missing the column-name line") }
        let headerNames = Self.split(lines[index], delimiter: delimiter)
        guard headerNames == names else {
            throw ECSVError.malformed(file: file, line: index + 1, problem: "column names \(headerNames) differ from the header's \(names)")
        }
        var cells = [[String]](repeating: [], count: names.count)
        for (offset, line) in lines[(index + 1)...].enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let fields = Self.split(line, delimiter: delimiter)
            guard fields.count == names.count else {
                throw ECSVError.malformed(file: file, line: index + 2 + offset, problem: "\(fields.count) fields, expected \(names.count)")
            }
            for (c, field) in fields.enumerated() { cells[c].append(field) }
        }
        columns = try specs.enumerated().map { c, spec in
            let name = names[c]
            let type = (spec["datatype"] as? String) ?? "string"
            let values: Values
            switch type {
            case "float16", "float32", "float64":
                values = .float64(try cells[c].enumerated().map { row, text in
                    guard let value = Double(text) else {
                        throw ECSVError.malformed(file: file, line: index + 2 + row, problem: "column \(name): '\(text)' is not a number")
                    }
                    return value
                })
            case "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64":
                values = .int64(try cells[c].enumerated().map { row, text in
                    guard let value = Int64(text) else {
                        throw ECSVError.malformed(file: file, line: index + 2 + row, problem: "column \(name): '\(text)' is not an integer")
                    }
                    return value
                })
            case "bool":
                values = .int64(cells[c].map { $0 == "True" ? 1 : 0 })
            default:
                values = .string(cells[c])
            }
            return Column(name, unit: spec["unit"] as? String, description: spec["description"] as? String, values)
        }
        meta = ((header["meta"] as? [String: Any]) ?? [:]).map { ($0.key, "\($0.value)") }.sorted { $0.key < $1.key }
    }

    /// Splits one line into fields: `delimiter`-separated (runs of spaces count as one), double
    /// quotes around fields that contain the delimiter, "" for a quote inside them.
    static func split(_ line: String, delimiter: Character) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false, inQuotes = false, pending = false
        var characters = Array(line)[...]
        while let c = characters.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { inQuotes = false }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
                quoted = true
                pending = true
            } else if c == delimiter {
                if delimiter == " " && !pending { continue }
                fields.append(current)
                current = ""
                quoted = false
                pending = false
            } else {
                current.append(c)
                pending = true
            }
        }
        if pending || quoted || delimiter != " " { fields.append(current) }
        return fields
    }
}

/// Why an ECSV table could not be read.
public enum ECSVError: Error, Sendable, CustomStringConvertible, Equatable {
    case unreadable(file: String)
    case malformed(file: String, line: Int, problem: String)
    case missingColumn(file: String, column: String)

    public var description: String {
        switch self {
        case .unreadable(let file): "\(file): cannot be read"
        case .malformed(let file, let line, let problem): "\(file), line \(line): \(problem)"
        case .missingColumn(let file, let column): "\(file): no column '\(column)'"
        }
    }
}
