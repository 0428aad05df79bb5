import ASDF
import Foundation
import Tables

/// The inputs of an alignment as files other tools read, for comparing with romancal's tweakreg
/// (stcal `absolute_align`, scripts/python/astrometry_check.py): per detector
/// `det<NAME>_wcs.asdf` (its WCS under `wcs`) and `det<NAME>.ecsv` (columns `x`, `y`, and
/// `weight` when given), and `refcat.ecsv` (`RA`, `DEC` in degrees, already at the exposure's
/// epoch: tweakreg does not propagate a file catalog).
public enum AlignmentInputExport {
    public static func write(_ detectors: [DetectorImage], reference: [SkyPosition], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for d in detectors {
            try ASDFFile(tree: .map(["wcs": d.wcs.node])).write(to: directory + "/det\(d.name)_wcs.asdf")
            var columns = [ECSVTable.Column("x", .float64(d.sources.x)), ECSVTable.Column("y", .float64(d.sources.y))]
            if let weights = d.sources.weights { columns.append(.init("weight", .float64(weights))) }
            try ECSVTable(columns: columns).write(to: directory + "/det\(d.name).ecsv")
        }
        try ECSVTable(columns: [.init("RA", unit: "deg", .float64(reference.map(\.ra))),
                                .init("DEC", unit: "deg", .float64(reference.map(\.dec)))]).write(to: directory + "/refcat.ecsv")
    }
}
