/// Why an exposure could not be processed: each case names the file or exposure and what is
/// wrong.
public enum ProcessingError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSuchInput(String)
    /// The paths hold no `*_uncal.asdf` file.
    case noExposureFiles([String])
    /// A file whose name is not an L1 exposure's (`r<visit>_<exposure>_wfi<NN>_<filter>_uncal.asdf`).
    case notAnExposureFile(String)
    case duplicateDetector(exposure: String, detector: String)
    /// The reference catalog could not be read.
    case referenceCatalog(file: String, reason: String)
    /// A product of the flow could not be read or written.
    case product(file: String, reason: String)

    public var description: String {
        switch self {
        case .noSuchInput(let path): "\(path): no such file or folder"
        case .noExposureFiles(let paths): "no L1 exposure (*_uncal.asdf) in \(paths.joined(separator: ", "))"
        case .notAnExposureFile(let path): "\(path): not an L1 exposure file (r<visit>_<exposure>_wfi<NN>_<filter>_uncal.asdf)"
        case .duplicateDetector(let exposure, let detector): "exposure \(exposure) is given twice for \(detector)"
        case .referenceCatalog(let file, let reason): "\(file): reference catalog: \(reason)"
        case .product(let file, let reason): "\(file): \(reason)"
        }
    }
}
