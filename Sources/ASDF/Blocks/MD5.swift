import CLibCrypto

/// Incremental MD5, for ASDF block checksums.
///
/// ASDF block headers carry the MD5 of a block's decoded data; hashing incrementally lets a
/// writer checksum an array piece by piece as it streams it out. Backed by OpenSSL's EVP digest
/// API. Noncopyable because it owns an OpenSSL context, which is freed when the value is
/// finalized or goes out of scope.
///
/// OpenSSL failing to allocate a digest context or to provide MD5 (for instance a process
/// restricted to FIPS-approved algorithms) is an unrecoverable environment fault and traps.
public struct MD5: ~Copyable {
    /// The digest length in bytes.
    public static let byteCount = 16

    private let context: OpaquePointer

    /// Starts an empty digest.
    public init() {
        guard let context = EVP_MD_CTX_new() else {
            fatalError("MD5: OpenSSL could not allocate a digest context (out of memory)")
        }
        guard EVP_DigestInit_ex(context, EVP_md5(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            fatalError("MD5: OpenSSL refused to initialise MD5 (is the process restricted to FIPS algorithms?)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds `bytes` to the digest.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard EVP_DigestUpdate(context, base, bytes.count) == 1 else {
            fatalError("MD5: OpenSSL EVP_DigestUpdate failed")
        }
    }

    /// Ends the digest and returns its 16 bytes.
    public consuming func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.byteCount) { buffer, initialized in
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, buffer.baseAddress, &length) == 1,
                  Int(length) == Self.byteCount
            else {
                fatalError("MD5: OpenSSL EVP_DigestFinal_ex failed")
            }
            initialized = Self.byteCount
        }
    }

    /// The MD5 of `bytes` in one call.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var md5 = MD5()
        md5.update(bytes)
        return md5.finalize()
    }
}

// An MD5 value is uniquely owned and all mutation needs exclusive access, so handing it to
// another task cannot race on the OpenSSL context.
extension MD5: @unchecked Sendable {}
