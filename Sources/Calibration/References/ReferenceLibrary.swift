import Arrays
import ASDF
import Foundation
import WFI

/// The reference files of a folder, as CRDS distributes them or `roman simulate` writes them,
/// indexed by what their metadata says they are: reference type, detector, optical element and
/// `useafter`. Files that are not Roman reference files are ignored.
public struct ReferenceLibrary: Sendable {
    /// One reference file of the folder.
    public struct Entry: Sendable, Hashable {
        public var path: String
        /// `meta.reftype`, upper case (`DARK`, `FLAT`, `PHOTOM`...).
        public var type: String
        public var detector: Detector?
        public var element: OpticalElement?
        public var useAfter: String?
    }

    public let directory: String
    public private(set) var entries: [Entry] = []
    /// `.asdf` files that could not be read as reference files, with the reason.
    public private(set) var skipped: [(path: String, reason: String)] = []

    /// Indexes every `.asdf` file directly in `directory` (reading metadata only).
    public init(directory: String) throws {
        self.directory = directory
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw CalibrationError.unreadableReference(file: directory, reason: "not a readable folder")
        }
        // Every file's metadata is read on all cores (a folder of 18 detectors holds ~250 files).
        let paths = names.sorted().filter { $0.hasSuffix(".asdf") }.map { directory + "/" + $0 }
        let read: [Result<Entry, any Error>] = Parallel.map(paths.count) { i in
            Result {
                let reference = try ReferenceFile(contentsOf: paths[i])
                return Entry(path: paths[i], type: reference.referenceType.uppercased(), detector: reference.detector,
                             element: reference.opticalElement, useAfter: reference.useAfter)
            }
        }
        for (path, result) in zip(paths, read) {
            switch result {
            case .success(let entry): entries.append(entry)
            case .failure(let error): skipped.append((path, "\(error)"))
            }
        }
    }

    /// The file of `type` for `detector` and `element` in effect at `time` (ISO 8601): among the
    /// files of that type that apply (same detector or none, same element or none), the one with
    /// the latest `useafter` not after `time`.
    public func entry(_ type: String, detector: Detector, element: OpticalElement?, time: String?) throws -> Entry {
        let ofType = entries.filter { $0.type == type.uppercased() }
        let applicable = ofType.filter { entry in
            (entry.detector == nil || entry.detector == detector) && (entry.element == nil || element == nil || entry.element == element)
        }
        let inEffect = applicable.filter { entry in
            guard let time, let useAfter = entry.useAfter else { return true }
            return useAfter <= time
        }
        if let best = inEffect.max(by: { ($0.useAfter ?? "") < ($1.useAfter ?? "") }) { return best }
        if let other = applicable.first {
            throw CalibrationError.wrongReference(file: other.path, problem: "useafter \(other.useAfter ?? "?") is later than the exposure (\(time ?? "?"))")
        }
        if let other = ofType.first {
            let serves = [other.detector?.name, other.element?.rawValue].compactMap { $0 }.joined(separator: " ")
            throw CalibrationError.wrongReference(
                file: other.path,
                problem: "the only \(type.lowercased()) reference is for \(serves), not \(detector.name)\(element.map { " " + $0.rawValue } ?? "")")
        }
        throw CalibrationError.missingReference(type: type.lowercased(), detector: detector.name, element: element?.rawValue, directory: directory)
    }

    /// The reference file itself (validated against its schema).
    public func reference(_ type: String, detector: Detector, element: OpticalElement?, time: String?) throws -> ReferenceFile {
        let entry = try entry(type, detector: detector, element: element, time: time)
        do { return try ReferenceFile(contentsOf: entry.path) } catch {
            throw CalibrationError.unreadableReference(file: entry.path, reason: "\(error)")
        }
    }
}
