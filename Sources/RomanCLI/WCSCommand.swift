import ArgumentParser
import Foundation
import WCS

/// `roman wcs FILE X Y` and `roman wcs FILE --inverse RA DEC`: evaluate the WCS a file keeps.
struct WCSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wcs",
        abstract: "Sky position of a pixel (or the pixel of a sky position) through a file's WCS.",
        discussion: """
            Evaluates the gwcs stored in a Roman L2 or L3 file (meta.wcs), in a _wcs.asdf \
            supplement (wcs_l2, or wcs_l1 with --l1) or in a plain ASDF file (wcs), including \
            files written by romancal, exactly as gwcs does. X Y are 0-based pixel coordinates of \
            the file's science array (the first pixel's centre is 0 0); RA DEC are ICRS degrees. \
            Prints one line: 'RA DEC' (or, with --inverse, 'X Y'). Exits with status 1 when the \
            point is outside the WCS's bounding box.
            """
    )

    @Argument(help: "The Roman (or gwcs) ASDF file.", completion: .file())
    var file: String

    @Argument(parsing: .allUnrecognized, help: "X Y (pixels), or RA DEC (degrees) with --inverse.")
    var coordinates: [String] = []

    @Flag(help: "Invert: RA DEC in, pixel X Y out.")
    var inverse = false

    @Flag(name: .customLong("l1"), help: "Use the L1 WCS of a _wcs.asdf supplement (wcs_l1).")
    var level1 = false

    /// The coordinates without a `--` separator (which lets them start with a minus sign).
    var numbers: [String] { coordinates.filter { $0 != "--" } }

    func validate() throws {
        guard numbers.count == 2, numbers.allSatisfy({ Double($0) != nil }) else {
            throw ValidationError("expected two numbers (\(inverse ? "RA DEC" : "X Y")), got '\(numbers.joined(separator: " "))'")
        }
    }

    func run() throws {
        let values = numbers.compactMap { Double($0) }
        let (wcs, path) = try StoredWCS.read(contentsOf: file, level1: level1)
        let box = wcs.boundingBox.map(Self.describe) ?? "none"
        if inverse {
            let pixel = try wcs.invert(values)
            guard pixel.allSatisfy(\.isFinite) else {
                throw CLIError("(\(numbers[0]), \(numbers[1])) is outside the footprint of the WCS at \(path) of \(file) "
                               + "(bounding box \(box))")
            }
            print(String(format: "%.9f %.9f", pixel[0], pixel[1]))
        } else {
            if let bounds = wcs.boundingBox, !zip(values, bounds).allSatisfy({ $1.contains($0) }) {
                throw CLIError("pixel (\(numbers[0]), \(numbers[1])) is outside the bounding box of the WCS at \(path) of \(file): \(box)")
            }
            let world = try wcs.evaluate(values)
            guard world.allSatisfy(\.isFinite) else {
                throw CLIError("pixel (\(numbers[0]), \(numbers[1])) has no sky position in the WCS at \(path) of \(file)")
            }
            print(String(format: "%.12f %.12f", world[0], world[1]))
        }
    }

    static func describe(_ box: [ClosedRange<Double>]) -> String {
        zip(["x", "y", "z"], box).map { "\($0) [\($1.lowerBound), \($1.upperBound)]" }.joined(separator: ", ")
    }
}

/// A failure to report as one line on standard error, with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
