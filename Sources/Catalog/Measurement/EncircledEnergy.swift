import WFI

/// The encircled-energy curve of a filter from the `apcorr` reference (`data.<FILTER>.ee_radii`,
/// pixels, and `ee_fractions`), interpolated by a not-a-knot cubic spline (what astropy's
/// `SplineSplrepFitter` with s=0 gives, FITPACK's interpolating spline; de Boor 1978).
///
/// romancal 1.1.0 evaluates this spline at the aperture radii in arcseconds (0.1 … 1.6) although
/// the rad schema gives ee_radii in pixels; we evaluate it at the radii in pixels, which is what
/// the schema means (so `is_extended` compares a source with a point source's growth curve).
public struct EncircledEnergy: Sendable {
    let radii: [Double]
    let fractions: [Double]
    /// Second derivatives at the knots.
    let curvature: [Double]

    public init(radii: [Double], fractions: [Double]) {
        let order = radii.indices.sorted { radii[$0] < radii[$1] }
        self.radii = order.map { radii[$0] }
        self.fractions = order.map { fractions[$0] }
        curvature = Self.notAKnotCurvature(self.radii, self.fractions)
    }

    /// The curve of `element` in the apcorr reference at `path`.
    public init(apcorrReference path: String, element: OpticalElement) throws(CatalogError) {
        let model: RomanDataModel
        do { model = try RomanDataModel(contentsOf: path) } catch { throw .reference(path: path, reason: "\(error)") }
        func values(_ name: String) throws(CatalogError) -> [Double] {
            guard let array = model.array("data/\(element.rawValue)/\(name)"), let typed = try? array.typed(Double.self) else {
                throw .reference(path: path, reason: "apcorr reference has no data.\(element.rawValue).\(name)")
            }
            return typed.elements
        }
        let radii = try values("ee_radii"), fractions = try values("ee_fractions")
        guard radii.count == fractions.count, radii.count >= 2 else {
            throw .reference(path: path, reason: "apcorr data.\(element.rawValue): ee_radii and ee_fractions must match (≥ 2 values)")
        }
        self.init(radii: radii, fractions: fractions)
    }

    /// The enclosed fraction at `radius` pixels; outside the tabulated radii, the end values
    /// (a cubic extrapolated beyond the table is meaningless for a growth curve).
    public func fraction(at radius: Double) -> Double {
        let n = radii.count
        guard n > 1 else { return fractions.first ?? .nan }
        if radius <= radii[0] { return fractions[0] }
        if radius >= radii[n - 1] { return fractions[n - 1] }
        var i = (radii.firstIndex { $0 > radius } ?? n) - 1
        i = min(max(i, 0), n - 2)
        let h = radii[i + 1] - radii[i]
        let a = (radii[i + 1] - radius) / h, b = (radius - radii[i]) / h
        return a * fractions[i] + b * fractions[i + 1]
            + ((a * a * a - a) * curvature[i] + (b * b * b - b) * curvature[i + 1]) * h * h / 6
    }

    static func notAKnotCurvature(_ x: [Double], _ y: [Double]) -> [Double] {
        let n = x.count
        guard n >= 4 else { return [Double](repeating: 0, count: n) }
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var rhs = [Double](repeating: 0, count: n)
        let h = (0..<(n - 1)).map { x[$0 + 1] - x[$0] }
        // Not-a-knot: the third derivative is continuous at x1 and x(n−2).
        a[0][0] = -1 / h[0]; a[0][1] = 1 / h[0] + 1 / h[1]; a[0][2] = -1 / h[1]
        a[n - 1][n - 3] = -1 / h[n - 3]; a[n - 1][n - 2] = 1 / h[n - 3] + 1 / h[n - 2]; a[n - 1][n - 1] = -1 / h[n - 2]
        for i in 1..<(n - 1) {
            a[i][i - 1] = h[i - 1] / 6
            a[i][i] = (h[i - 1] + h[i]) / 3
            a[i][i + 1] = h[i] / 6
            rhs[i] = (y[i + 1] - y[i]) / h[i] - (y[i] - y[i - 1]) / h[i - 1]
        }
        return LevenbergMarquardt.solve(a, rhs) ?? [Double](repeating: 0, count: n)
    }
}
