#if canImport(Glibc)
import Glibc
#endif

/// The centroid and shape of a segment from the image moments of the detection image over it
/// (photutils `SourceCatalog`: negative, masked and non-finite pixels count as 0): the centroid
/// is the first moment, the covariance the normalised second central moments (regularised by
/// adding 1/12 px² to the diagonal until its determinant reaches 1/144, as photutils does), and
/// the ellipse of the covariance's eigenvalues gives the semi-axes, orientation and the
/// SExtractor ellipse coefficients CXX, CXY, CYY (Bertin & Arnouts 1996).
struct SegmentShape: Sendable {
    var x = Double.nan, y = Double.nan
    var semimajor = Double.nan, semiminor = Double.nan
    /// Degrees counter-clockwise from +x to the major axis, in [0, 360).
    var orientation = Double.nan
    var cxx = Double.nan, cxy = Double.nan, cyy = Double.nan

    var fwhm: Double { 2 * (log(2.0) * (semimajor * semimajor + semiminor * semiminor)).squareRoot() }
    var ellipticity: Double { 1 - semiminor / semimajor }

    init(label: UInt32, box: SegmentationImage.Box, images: MeasurementImages) {
        let width = images.width
        var m00 = 0.0, m10 = 0.0, m01 = 0.0
        // Pass 1: zeroth and first moments, in cutout coordinates.
        for yy in box.ymin...box.ymax {
            for xx in box.xmin...box.xmax {
                let w = Self.weight(xx + yy * width, label: label, images: images)
                guard w > 0 else { continue }
                m00 += w
                m10 += w * Double(xx - box.xmin)
                m01 += w * Double(yy - box.ymin)
            }
        }
        guard m00 != 0 else { return }
        let cx = m10 / m00, cy = m01 / m00
        x = cx + Double(box.xmin)
        y = cy + Double(box.ymin)
        var mu20 = 0.0, mu02 = 0.0, mu11 = 0.0
        for yy in box.ymin...box.ymax {
            for xx in box.xmin...box.xmax {
                let w = Self.weight(xx + yy * width, label: label, images: images)
                guard w > 0 else { continue }
                let dx = Double(xx - box.xmin) - cx, dy = Double(yy - box.ymin) - cy
                mu20 += w * dx * dx
                mu02 += w * dy * dy
                mu11 += w * dx * dy
            }
        }
        var sxx = mu20 / m00, syy = mu02 / m00
        let sxy = mu11 / m00
        let delta = 1.0 / 12
        guard sxx * syy - sxy * sxy >= 0 else { return }
        while sxx * syy - sxy * sxy < delta * delta {
            sxx += delta
            syy += delta
        }
        let mean = (sxx + syy) / 2, spread = (((sxx - syy) / 2) * ((sxx - syy) / 2) + sxy * sxy).squareRoot()
        let (major, minor) = (mean + spread, mean - spread)
        guard minor >= 0 else { return }
        semimajor = major.squareRoot()
        semiminor = minor.squareRoot()
        let theta = 0.5 * atan2(2 * sxy, sxx - syy)
        var degrees = (theta * 180 / .pi).truncatingRemainder(dividingBy: 360)
        if degrees < 0 { degrees += 360 }
        orientation = degrees
        let (c, s) = (cos(theta), sin(theta))
        let (a2, b2) = (major, minor)
        cxx = c * c / a2 + s * s / b2
        cyy = s * s / a2 + c * c / b2
        cxy = 2 * c * s * (1 / a2 - 1 / b2)
    }

    @inline(__always)
    static func weight(_ i: Int, label: UInt32, images: MeasurementImages) -> Double {
        guard images.segmentation.labels.pixels[i] == label, !images.mask[i] else { return 0 }
        let v = images.convolved.pixels[i]
        return v.isFinite && v >= 0 ? Double(v) : 0
    }
}
