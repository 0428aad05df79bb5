/// The order of bytes within one multi-byte element.
public enum ByteOrder: String, Sendable, Hashable, CaseIterable {
    case little, big

    /// The byte order of this machine.
    public static var native: ByteOrder {
        1.littleEndian == 1 ? .little : .big
    }

    /// Whether data in this order can be used without swapping on this machine.
    @inlinable public var isNative: Bool { self == .native }
}
