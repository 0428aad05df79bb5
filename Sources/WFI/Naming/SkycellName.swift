/// The name of a skycell of the Roman skymap tessellation, e.g. `10m6x2y50`: the centre of its
/// projection region in whole degrees, then its X and Y position within that region.
///
/// Format: RA (0-359) + `p` or `m` (the sign of Dec; Dec 0 is `p0`) + |Dec| (0-90) + `x` + X +
/// `y` + Y, every number in decimal without zero padding. `10m6x2y50` is the region centred
/// at (RA, Dec) = (10, -6) degrees, skycell (X, Y) = (2, 50); `274p63x31y81` is (274, +63),
/// (31, 81).
///
/// Older skymap reference files zero-pad the numbers (`000p86x76y59`); those spellings are
/// not accepted here, so that every valid name has exactly one spelling.
public struct SkycellName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// RA of the projection region centre, whole degrees, 0...359.
    public let raCenter: Int
    /// Dec of the projection region centre, whole degrees, -90...90.
    public let decCenter: Int
    /// X position of the skycell within its projection region, >= 0.
    public let x: Int
    /// Y position of the skycell within its projection region, >= 0.
    public let y: Int

    /// A skycell from its numbers; throws a ``NamingError`` (component `skycell`) if RA is
    /// outside 0...359, Dec outside -90...90, or X or Y negative.
    public init(raCenter: Int, decCenter: Int, x: Int, y: Int) throws(NamingError) {
        let name = Self.render(raCenter, decCenter, x, y)
        guard (0...359).contains(raCenter) else {
            throw NamingError(name: name, component: "skycell", found: name, expected: "a projection-region RA of 0-359 degrees")
        }
        guard (-90...90).contains(decCenter) else {
            throw NamingError(name: name, component: "skycell", found: name, expected: "a projection-region Dec of -90 to 90 degrees")
        }
        guard x >= 0, y >= 0 else {
            throw NamingError(name: name, component: "skycell", found: name, expected: "non-negative skycell positions X and Y")
        }
        self.raCenter = raCenter
        self.decCenter = decCenter
        self.x = x
        self.y = y
    }

    /// Parses a skycell name such as `10m6x2y50`; throws a ``NamingError`` (component `skycell`).
    public init(parsing text: some StringProtocol) throws(NamingError) {
        let text = Substring(text)
        let fail = { (why: String) -> NamingError in
            NamingError(name: String(text), component: "skycell", found: String(text), expected: why)
        }
        let bytes = Array(text.utf8)
        var index = 0
        /// The canonical decimal number starting at `index`, advancing past it.
        func number() -> Int? {
            let start = index
            while index < bytes.count, NameSyntax.isDigit(bytes[index]) { index += 1 }
            return NameSyntax.canonicalNumber(Substring(decoding: bytes[start..<index], as: UTF8.self))
        }
        func expect(_ letter: Character) -> Bool {
            guard index < bytes.count, bytes[index] == letter.asciiValue else { return false }
            index += 1
            return true
        }
        guard let ra = number() else { throw fail(Self.expectedForm) }
        let sign: Int
        if expect("p") {
            sign = 1
        } else if expect("m") {
            sign = -1
        } else {
            throw fail(Self.expectedForm)
        }
        guard let dec = number(), expect("x"), let x = number(), expect("y"), let y = number(), index == bytes.count else {
            throw fail(Self.expectedForm)
        }
        guard ra <= 359 else { throw fail("a projection-region RA of 0-359 degrees") }
        guard dec <= 90 else { throw fail("a projection-region |Dec| of 0-90 degrees") }
        guard !(dec == 0 && sign < 0) else { throw fail("Dec 0 written p0, not m0") }
        self.init(unchecked: ra, sign * dec, x, y)
    }

    private init(unchecked ra: Int, _ dec: Int, _ x: Int, _ y: Int) {
        raCenter = ra
        decCenter = dec
        self.x = x
        self.y = y
    }

    /// The name, e.g. `10m6x2y50`.
    public var description: String { Self.render(raCenter, decCenter, x, y) }

    /// Orders by region RA, region Dec, X, then Y.
    public static func < (lhs: SkycellName, rhs: SkycellName) -> Bool {
        (lhs.raCenter, lhs.decCenter, lhs.x, lhs.y) < (rhs.raCenter, rhs.decCenter, rhs.x, rhs.y)
    }

    static let expectedForm = "a skycell name RA(0-359) p|m |Dec|(0-90) x X y Y without zero padding, e.g. 10m6x2y50"

    static func render(_ ra: Int, _ dec: Int, _ x: Int, _ y: Int) -> String {
        "\(ra)\(dec < 0 ? "m" : "p")\(dec.magnitude)x\(x)y\(y)"
    }
}
