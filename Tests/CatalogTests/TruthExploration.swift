import Foundation
import Testing
@testable import Catalog
@testable import Simulation

@Suite struct TruthExploration {
    @Test func explore() throws {
        let fixture = CalibratedImageFixture.shared
        let (image, result) = try fixture.catalog()
        let table = result.table
        let x = table["x_psf"]!.values.doubles, y = table["y_psf"]!.values.doubles
        let xc = table["x_centroid"]!.values.doubles, yc = table["y_centroid"]!.values.doubles
        let flux = table["psf_flux"]!.values.doubles, ferr = table["psf_flux_err"]!.values.doubles
        print("rows", table.rowCount, "stars", fixture.scene.stars.count, "galaxies", fixture.scene.galaxies.count)
        let all = fixture.scene.stars.map { ($0.x, $0.y, $0.flux) } + fixture.scene.galaxies.map { ($0.x, $0.y, $0.flux) }
        for (sx, sy, sflux) in fixture.scene.stars.map({ ($0.x, $0.y, $0.flux) }) {
            guard sx > 5, sy > 5, sx < Double(image.width) - 6, sy < Double(image.height) - 6 else { continue }
            let isolated = !all.contains { o in o.0 != sx && hypot(o.0 - sx, o.1 - sy) < 8 && o.2 > 0.05 * sflux }
            let truth = fixture.filter.nanojansky(electronRate: sflux)
            // nearest catalog row
            var best = -1; var bd = 1e9
            for i in x.indices where hypot(xc[i] - sx, yc[i] - sy) < bd { bd = hypot(xc[i] - sx, yc[i] - sy); best = i }
            let snr = best >= 0 ? flux[best] / ferr[best] : .nan
            print(String(format: "star %.2f %.2f truth %.1f iso %d | d %.3f psfdx %.3f psfdy %.3f flux %.1f err %.1f pull %.2f snr %.1f",
                         sx, sy, truth, isolated ? 1 : 0, bd, best >= 0 ? x[best] - sx : .nan, best >= 0 ? y[best] - sy : .nan,
                         best >= 0 ? flux[best] : .nan, best >= 0 ? ferr[best] : .nan, best >= 0 ? (flux[best] - truth) / ferr[best] : .nan, snr))
        }
    }
}
