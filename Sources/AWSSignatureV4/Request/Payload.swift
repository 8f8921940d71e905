/// What a request's body contributes to its canonical request: the hex SHA-256 of the body, or
/// `UNSIGNED-PAYLOAD` when the body is deliberately left out of the signature.
///
/// The body is hashed once, when the value is made, so that a body held in any contiguous
/// buffer (an array, a NIO `ByteBuffer` view) is never copied.
public struct Payload: Sendable, Hashable, CustomStringConvertible {
    private enum Storage: Sendable, Hashable {
        case sha256(String)
        case unsigned
    }

    private let storage: Storage

    private init(_ storage: Storage) {
        self.storage = storage
    }

    /// No body: the hash of the empty string.
    public static let empty = Payload(.sha256(SignatureV4.emptyPayloadHash))

    /// A body the signature does not cover: `UNSIGNED-PAYLOAD`.
    ///
    /// For signing, this is how S3 uploads and presigned S3 URLs are signed. For verifying, it
    /// says the caller does not have the body; the canonical request then uses
    /// `UNSIGNED-PAYLOAD`, so only requests signed that way verify.
    public static let unsigned = Payload(.unsigned)

    /// The body `bytes`, hashed now.
    public static func bytes(_ bytes: some Sequence<UInt8>) -> Payload {
        Payload(.sha256(ContentHash.sha256Hex(bytes)))
    }

    /// The body `text` in UTF-8, hashed now.
    public static func string(_ text: String) -> Payload {
        Payload(.sha256(ContentHash.sha256Hex(text.utf8)))
    }

    /// A body whose hex SHA-256 the caller has already computed (while streaming it, say).
    public static func sha256(hex: String) -> Payload {
        Payload(.sha256(hex.lowercased()))
    }

    /// The line the payload contributes to the canonical request: a lower-case hex SHA-256 or
    /// `UNSIGNED-PAYLOAD`.
    public var canonicalValue: String {
        switch storage {
        case .sha256(let hex): return hex
        case .unsigned: return SignatureV4.unsignedPayload
        }
    }

    /// Whether this is ``unsigned``.
    public var isUnsigned: Bool { storage == .unsigned }

    public var description: String { canonicalValue }
}
