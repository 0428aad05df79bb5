/// Roman pixel data-quality flags (the uint32 `dq` arrays of L2 and reference files), with the
/// values and names of `roman_datamodels.dqflags.pixel`.
public struct PixelFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let good: PixelFlags = []
    public static let doNotUse = PixelFlags(rawValue: 1 << 0)
    public static let saturated = PixelFlags(rawValue: 1 << 1)
    public static let jumpDetected = PixelFlags(rawValue: 1 << 2)
    public static let dropout = PixelFlags(rawValue: 1 << 3)
    public static let guideWindowAffectedData = PixelFlags(rawValue: 1 << 4)
    public static let persistence = PixelFlags(rawValue: 1 << 5)
    public static let adFloor = PixelFlags(rawValue: 1 << 6)
    /// Pixel bit 128 is OUTLIER; group bit 128 means WFI18_TRANSIENT.
    public static let outlier = PixelFlags(rawValue: 1 << 7)
    public static let unreliableError = PixelFlags(rawValue: 1 << 8)
    public static let nonScience = PixelFlags(rawValue: 1 << 9)
    public static let dead = PixelFlags(rawValue: 1 << 10)
    public static let hot = PixelFlags(rawValue: 1 << 11)
    public static let warm = PixelFlags(rawValue: 1 << 12)
    public static let lowQE = PixelFlags(rawValue: 1 << 13)
    public static let telegraph = PixelFlags(rawValue: 1 << 15)
    public static let nonlinear = PixelFlags(rawValue: 1 << 16)
    public static let badReferencePixel = PixelFlags(rawValue: 1 << 17)
    public static let noFlatField = PixelFlags(rawValue: 1 << 18)
    public static let noGainValue = PixelFlags(rawValue: 1 << 19)
    public static let noLinearityCorrection = PixelFlags(rawValue: 1 << 20)
    public static let noSaturationCheck = PixelFlags(rawValue: 1 << 21)
    public static let unreliableBias = PixelFlags(rawValue: 1 << 22)
    public static let unreliableDark = PixelFlags(rawValue: 1 << 23)
    public static let unreliableSlope = PixelFlags(rawValue: 1 << 24)
    public static let unreliableFlat = PixelFlags(rawValue: 1 << 25)
    public static let reserved5 = PixelFlags(rawValue: 1 << 26)
    public static let reserved6 = PixelFlags(rawValue: 1 << 27)
    public static let unreliableReset = PixelFlags(rawValue: 1 << 28)
    public static let reserved7 = PixelFlags(rawValue: 1 << 29)
    public static let otherBadPixel = PixelFlags(rawValue: 1 << 30)
    public static let referencePixel = PixelFlags(rawValue: 1 << 31)

    /// Every named flag with its `roman_datamodels` name, lowest bit first.
    public static let named: [(name: String, flag: PixelFlags)] = [
        ("DO_NOT_USE", .doNotUse), ("SATURATED", .saturated), ("JUMP_DET", .jumpDetected), ("DROPOUT", .dropout),
        ("GW_AFFECTED_DATA", .guideWindowAffectedData), ("PERSISTENCE", .persistence), ("AD_FLOOR", .adFloor),
        ("OUTLIER", .outlier), ("UNRELIABLE_ERROR", .unreliableError), ("NON_SCIENCE", .nonScience), ("DEAD", .dead),
        ("HOT", .hot), ("WARM", .warm), ("LOW_QE", .lowQE), ("TELEGRAPH", .telegraph), ("NONLINEAR", .nonlinear),
        ("BAD_REF_PIXEL", .badReferencePixel), ("NO_FLAT_FIELD", .noFlatField), ("NO_GAIN_VALUE", .noGainValue),
        ("NO_LIN_CORR", .noLinearityCorrection), ("NO_SAT_CHECK", .noSaturationCheck), ("UNRELIABLE_BIAS", .unreliableBias),
        ("UNRELIABLE_DARK", .unreliableDark), ("UNRELIABLE_SLOPE", .unreliableSlope), ("UNRELIABLE_FLAT", .unreliableFlat),
        ("RESERVED_5", .reserved5), ("RESERVED_6", .reserved6), ("UNRELIABLE_RESET", .unreliableReset),
        ("RESERVED_7", .reserved7), ("OTHER_BAD_PIXEL", .otherBadPixel), ("REFERENCE_PIXEL", .referencePixel),
    ]

    /// The flags named in `names` (`roman_datamodels` spelling); nil if one is unknown.
    public init?(names: [String]) {
        var flags: PixelFlags = []
        for name in names {
            guard let match = Self.named.first(where: { $0.name == name }) else { return nil }
            flags.insert(match.flag)
        }
        self = flags
    }

    /// The names of the set flags (`GOOD` when none), lowest bit first; unnamed bits as `BIT_14`.
    public var names: [String] { flagNames(UInt64(rawValue), bits: 32, named: Self.named.map { ($0.name, UInt64($0.flag.rawValue)) }) }

    public var description: String { names.joined(separator: "|") }
}

/// Roman group (resultant) data-quality flags (the uint8 `groupdq`/`resultantdq` arrays), with
/// the values and names of `roman_datamodels.dqflags.group`.
public struct GroupFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let good: GroupFlags = []
    public static let doNotUse = GroupFlags(rawValue: 1)
    public static let saturated = GroupFlags(rawValue: 2)
    public static let jumpDetected = GroupFlags(rawValue: 4)
    public static let dropout = GroupFlags(rawValue: 8)
    public static let adFloor = GroupFlags(rawValue: 64)
    /// Group bit 128 means WFI18_TRANSIENT, unlike pixel bit 128 (OUTLIER): never OR group flags
    /// into pixel flags bit for bit.
    public static let wfi18Transient = GroupFlags(rawValue: 128)

    public static let named: [(name: String, flag: GroupFlags)] = [
        ("DO_NOT_USE", .doNotUse), ("SATURATED", .saturated), ("JUMP_DET", .jumpDetected),
        ("DROPOUT", .dropout), ("AD_FLOOR", .adFloor), ("WFI18_TRANSIENT", .wfi18Transient),
    ]

    /// The pixel flags that correspond to these group flags by meaning (WFI18_TRANSIENT has no
    /// pixel counterpart and maps to nothing).
    public var pixelFlags: PixelFlags {
        var flags: PixelFlags = []
        if contains(.doNotUse) { flags.insert(.doNotUse) }
        if contains(.saturated) { flags.insert(.saturated) }
        if contains(.jumpDetected) { flags.insert(.jumpDetected) }
        if contains(.dropout) { flags.insert(.dropout) }
        if contains(.adFloor) { flags.insert(.adFloor) }
        return flags
    }

    /// The names of the set flags (`GOOD` when none), lowest bit first.
    public var names: [String] { flagNames(UInt64(rawValue), bits: 8, named: Self.named.map { ($0.name, UInt64($0.flag.rawValue)) }) }

    public var description: String { names.joined(separator: "|") }
}

/// Names of the bits set in `value` (`GOOD` for none; `BIT_n` for bits without a name).
private func flagNames(_ value: UInt64, bits: Int, named: [(String, UInt64)]) -> [String] {
    guard value != 0 else { return ["GOOD"] }
    return (0..<bits).filter { value & (1 << UInt64($0)) != 0 }.map { bit in
        named.first { $0.1 == 1 << UInt64(bit) }?.0 ?? "BIT_\(bit)"
    }
}
