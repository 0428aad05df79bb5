import Foundation

/// How files are read.
public struct ParquetReadOptions: Sendable {
    /// Check the CRC-32 of pages whose header carries one.
    public var verifyChecksums: Bool
    /// Largest page body and largest decoded column (bytes) accepted; a file asking for more
    /// gets `ParquetError.Problem.limitExceeded` instead of an allocation (the fuzzer sets it low).
    public var maxDecodedBytes: Int
    /// Columns decoded at once (defaults to the active processor count).
    public var concurrency: Int

    public init(verifyChecksums: Bool = true, maxDecodedBytes: Int = 1 << 40,
                concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.verifyChecksums = verifyChecksums
        self.maxDecodedBytes = maxDecodedBytes
        self.concurrency = concurrency
    }
}

/// One leaf column of a file's schema.
public struct ParquetColumnDescriptor: Sendable, Equatable {
    public var name: String
    /// The schema element as stored.
    public var element: SchemaElement
    /// How the column is returned, or nil when this library cannot represent its type.
    public var kind: ParquetValueKind?

    /// Whether the column may hold nulls (OPTIONAL).
    public var isOptional: Bool { element.repetition == .optional }
}
