import FileIO
import Arrays

/// An ASDF file: its tree (with arrays as views of their blocks) and, when read from disk, what
/// the reader found (versions, block headers).
///
/// Read with `ASDFFile(contentsOf:)`; write with `write(to:)`. The tree root is the mapping under
/// the `core/asdf-1.1.0` tag, without that tag.
public struct ASDFFile: Sendable {
    /// The root mapping (e.g. `asdf_library`, `history`, `roman`).
    public var tree: Node
    /// The low-level format version from the `#ASDF` line.
    public var formatVersion: String
    /// The ASDF Standard version from the `#ASDF_STANDARD` comment (1.0.0 when absent).
    public var standardVersion: String
    /// The root tag of the tree as read.
    public var rootTag: String?
    /// Block headers in file order (empty for a file built in memory).
    public var blocks: [BlockHeader]
    /// Whether the block index was present and used to locate the blocks.
    public var usedBlockIndex: Bool
    /// The path the file was read from.
    public var path: String?

    /// A new file with `tree` as its root mapping.
    public init(tree: Node) {
        self.tree = tree
        formatVersion = "1.0.0"
        standardVersion = "1.6.0"
        rootTag = Tag.asdfRoot
        blocks = []
        usedBlockIndex = false
        path = nil
    }

    /// Reads the file at `path`. Arrays are memory-mapped views (uncompressed blocks) or are
    /// decompressed on first use (compressed blocks); nothing but the header and tree is read now.
    public init(contentsOf path: String, options: ReadOptions = ReadOptions()) throws(ASDFError) {
        self = try FileReader(path: path, options: options).read()
    }

    /// Writes the file atomically to `path` (a temporary file renamed into place when complete).
    public func write(to path: String, options: WriteOptions = WriteOptions()) throws(ASDFError) {
        try FileWriter(options: options).write(self, to: path)
    }

    /// Writes the file completely under a temporary name next to `path` and flushes it to disk,
    /// without putting it in place: `commit()` on the result renames it to `path` (so several
    /// outputs can appear together once all are written); dropping the result removes it.
    public func stage(to path: String, options: WriteOptions = WriteOptions()) throws(ASDFError) -> AtomicFileWriter {
        try FileWriter(options: options).stage(self, to: path)
    }

    /// Every array in the tree with its `/`-separated path, in tree order.
    public var arrays: [(path: String, array: ArrayNode)] {
        var found: [(String, ArrayNode)] = []
        func walk(_ node: Node, _ path: String) {
            switch node {
            case .ndarray(let a): found.append((path, a))
            case .tagged(_, let inner): walk(inner, path)
            case .sequence(let items): for (i, item) in items.enumerated() { walk(item, path.isEmpty ? "\(i)" : "\(path)/\(i)") }
            case .mapping(let m): for (k, v) in m { walk(v, path.isEmpty ? k.description : "\(path)/\(k)") }
            default: break
            }
        }
        walk(tree, "")
        return found
    }

    /// The array at a `/`-separated tree path (`roman/data`).
    public func array(at path: String) -> NDArray? {
        tree[path: path]?.arrayValue?.array
    }
}

/// How to read a file.
public struct ReadOptions: Sendable {
    /// Verify each block's MD5 when its data is first used (both the asdf >= 5.3 convention, MD5 of
    /// the stored bytes, and the older one, MD5 of the decoded bytes, are accepted).
    public var validateChecksums = false
    /// Use the block index to find blocks when it is consistent with the file.
    public var useBlockIndex = true
    /// Largest decoded block that may be allocated (protects against forged sizes); defaults to
    /// the machine's physical memory.
    public var maxBlockBytes: UInt64 = PhysicalMemory.bytes

    public init(validateChecksums: Bool = false, useBlockIndex: Bool = true) {
        self.validateChecksums = validateChecksums
        self.useBlockIndex = useBlockIndex
    }
}

/// How to write a file.
public struct WriteOptions: Sendable {
    /// Compression for arrays that do not ask for their own (`ArrayNode.compression`).
    public var compression: BlockCompression = .none
    /// When set, ignore each array's own compression and use `compression` for all
    /// (like Python's `all_array_compression`).
    public var overrideArrayCompression = false
    /// Arrays with at most this many elements are written inline in the tree (nil: never).
    public var inlineThreshold: Int? = nil
    /// Compute MD5 checksums of blocks.
    public var writeChecksums = true
    /// Write the block index.
    public var writeBlockIndex = true
    /// fsync before renaming into place.
    public var durable = true
    /// When set, an lz4 block whose first 4 MiB chunks shrink by less than this fraction is
    /// stored uncompressed instead (`BlockCodec.isWorthwhile`); nil: always as asked.
    public var minimumCompressionGain: Double? = nil
    /// Whether blocks are compressed and hashed on all cores (the shared worker threads); when
    /// false everything runs on the writing thread, for writes done in the background.
    public var concurrent = true
    /// The software recorded as `asdf_library`.
    public var library = Software(name: "roman-wfi", version: "0.1.0", author: "Roman WFI Swift team",
                                  homepage: nil)

    public init(compression: BlockCompression = .none, overrideArrayCompression: Bool = false, inlineThreshold: Int? = nil) {
        self.compression = compression
        self.overrideArrayCompression = overrideArrayCompression
        self.inlineThreshold = inlineThreshold
    }
}

/// The machine's physical memory, the default cap for a single decoded block.
public enum PhysicalMemory {
    public static var bytes: UInt64 {
        #if canImport(Glibc)
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let size = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0, size > 0 { return UInt64(pages) * UInt64(size) }
        #endif
        return 1 << 34
    }
}

#if canImport(Glibc)
import Glibc
#endif
