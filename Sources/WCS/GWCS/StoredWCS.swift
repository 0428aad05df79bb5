import ASDF

/// Finding and reading the gwcs an ASDF file keeps: a Roman L2 or L3 product's `meta.wcs`
/// (`roman/meta/wcs`), the `_wcs.asdf` supplement's `wcs_l2` (or `wcs_l1`), or a plain file's
/// top-level `wcs`.
public enum StoredWCS {
    /// The tree paths looked at, in order (the L1 supplement path replaces `wcs_l2` with `level1`).
    public static func candidatePaths(level1: Bool = false) -> [String] {
        ["roman/meta/wcs", level1 ? "roman/wcs_l1" : "roman/wcs_l2", "wcs"]
    }

    /// The first gwcs found at `candidatePaths` and the path it was at. `file` names the file
    /// in errors.
    public static func read(from asdf: ASDFFile, file: String, level1: Bool = false) throws(StoredWCSError) -> (wcs: GWCS, path: String) {
        var nulls: [String] = []
        for path in candidatePaths(level1: level1) {
            guard let node = asdf.tree[path: path] else { continue }
            if node.isNull { nulls.append(path); continue }
            do { return (try GWCS(node: node, path: path), path) } catch { throw .unreadable(file: file, path: path, error) }
        }
        throw .noWCS(file: file, looked: candidatePaths(level1: level1), nullAt: nulls)
    }

    /// Reads the file's tree (arrays stay on disk) and its gwcs.
    public static func read(contentsOf file: String, level1: Bool = false) throws(StoredWCSError) -> (wcs: GWCS, path: String) {
        let asdf: ASDFFile
        do { asdf = try ASDFFile(contentsOf: file) } catch { throw .file(error) }
        return try read(from: asdf, file: file, level1: level1)
    }
}

/// Why a file's WCS could not be had.
public enum StoredWCSError: Error, Sendable, CustomStringConvertible {
    case file(ASDFError)
    /// None of the places a WCS lives holds one (`nullAt`: where it is present but null).
    case noWCS(file: String, looked: [String], nullAt: [String])
    case unreadable(file: String, path: String, GWCSError)

    public var description: String {
        switch self {
        case .file(let error): error.description
        case .noWCS(let file, let looked, let nullAt):
            nullAt.isEmpty
                ? "\(file): no WCS (looked at \(looked.joined(separator: ", ")))"
                : "\(file): no WCS: \(nullAt.joined(separator: ", ")) is null (an L1 file, or assign_wcs has not run)"
        case .unreadable(let file, let path, let error): "\(file): the WCS at \(path) cannot be read: \(error)"
        }
    }
}
