import Foundation
import WFI

/// The L1 files of one exposure, found from the paths an operator gives: files, or folders whose
/// `*_uncal.asdf` files are taken. Files are grouped by exposure (visit and exposure number from
/// their names); detectors are in detector order.
public struct ExposureFiles: Sendable, Equatable {
    /// `r<visit>_<exposure>`, the exposure's name prefix.
    public var exposure: String
    public var visit: String
    /// L1 files, one per detector, in detector order.
    public var files: [String]

    /// The exposures among `paths`, in name order.
    public static func find(_ paths: [String]) throws(ProcessingError) -> [ExposureFiles] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .noSuchInput(path) }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix("_uncal.asdf") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        guard !files.isEmpty else { throw .noExposureFiles(paths) }
        var groups: [String: (visit: String, files: [(detector: Int, path: String)])] = [:]
        for file in files {
            let name = (file as NSString).lastPathComponent
            guard case .exposure(let parsed)? = try? ProductName(parsing: name), parsed.suffix == .uncal else {
                throw .notAnExposureFile(file)
            }
            let key = parsed.exposureRoot
            var group = groups[key] ?? (parsed.visit.description, [])
            if group.files.contains(where: { $0.detector == parsed.detector.number }) {
                throw .duplicateDetector(exposure: key, detector: parsed.detector.name)
            }
            group.files.append((parsed.detector.number, file))
            groups[key] = group
        }
        return groups.keys.sorted().map { key in
            let group = groups[key]!
            return ExposureFiles(exposure: key, visit: group.visit, files: group.files.sorted { $0.detector < $1.detector }.map(\.path))
        }
    }
}
