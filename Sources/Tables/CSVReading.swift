import Foundation

extension ECSVTable {
    /// Reads a plain comma-separated table (RFC 4180 quoting): `#` lines and blank lines are
    /// skipped, the first other line names the columns, each further line is a row. A column is
    /// `int64` when every field is an integer, `float64` when every non-empty field is a number
    /// (empty fields and `nan` become NaN), else `string`. Errors name the file and the line.
    public init(csvText text: String, file: String = "<text>") throws {
        var header: [String]?
        var cells: [[String]] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = Self.split(line, delimiter: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let names = header else {
                header = fields
                cells = Array(repeating: [], count: fields.count)
                continue
            }
            guard fields.count == names.count else {
                throw ECSVError.malformed(file: file, line: offset + 1, problem: "\(fields.count) fields, expected \(names.count)")
            }
            for (c, field) in fields.enumerated() { cells[c].append(field) }
        }
        guard let names = header else { throw ECSVError.malformed(file: file, line: 1, problem: "no header line of column names") }
        columns = zip(names, cells).map { name, fields in Column(name, Self.typedValues(fields)) }
        meta = []
    }

    /// Reads a CSV file (`init(csvText:file:)`).
    public init(csvContentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ECSVError.unreadable(file: path) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ECSVError.malformed(file: path, line: 1, problem: "not UTF-8 text")
        }
        try self.init(csvText: text, file: path)
    }

    /// The narrowest column type that holds every field.
    static func typedValues(_ fields: [String]) -> Values {
        if !fields.isEmpty, fields.allSatisfy({ Int64($0) != nil }) { return .int64(fields.map { Int64($0)! }) }
        let numbers = fields.map { $0.isEmpty ? Double.nan : Double($0.lowercased() == "nan" ? "nan" : $0) }
        if numbers.allSatisfy({ $0 != nil }) { return .float64(numbers.map { $0! }) }
        return .string(fields)
    }
}
