import Crypto

/// A SHA-256 digest as four words: the key of the gateway's digest-keyed caches (verified
/// tokens, Lambda authorizer decisions, the stage cache). Keeping the digest instead of what
/// identified an entry keeps secrets (tokens, header values) out of memory that outlives the
/// request, and gives every key the same small size whatever the input.
struct DigestKey: Hashable, Sendable {
    let a: UInt64, b: UInt64, c: UInt64, d: UInt64

    /// The digest of `token`'s UTF-8 bytes.
    init(_ token: Substring) {
        var hasher = SHA256()
        // The token's own bytes when they are contiguous (the usual case): no copy per request.
        if token.utf8.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
            hasher.update(data: Array(token.utf8))
        }
        self.init(hasher.finalize())
    }

    init(_ digest: SHA256.Digest) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        digest.withUnsafeBytes { raw in
            words = (
                raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            )
        }
        (a, b, c, d) = words
    }
}
