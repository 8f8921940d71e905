/// The canonical request of AWS SigV4:
///
/// ```
/// METHOD
/// canonical URI
/// canonical query string
/// lowercase-name:trimmed,values   (one line per signed header, in signed-header order)
///
/// signed;header;names
/// payload hash
/// ```
///
/// Built once into a byte buffer, hashed from there; the text is only materialised when asked
/// for (to report a mismatch, or in tests).
public struct CanonicalRequest: Sendable, Hashable, CustomStringConvertible {
    /// The canonical request, UTF-8.
    public let bytes: [UInt8]
    /// The signed header names joined by `;`, as written in `SignedHeaders=`.
    public let signedHeaders: String

    /// Canonicalises `request`.
    ///
    /// - Parameters:
    ///   - signedHeaders: lower-case header names, in the order they are to be signed (sorted,
    ///     when signing). A name absent from the request contributes `name:` with no value;
    ///     `host` falls back to an HTTP/2 `:authority` field.
    ///   - payloadHash: the last line: a hex SHA-256 or `UNSIGNED-PAYLOAD`.
    ///   - pathEncoding: ``PathEncoding/standard`` for every service but S3.
    ///   - excludedQueryParameter: a (decoded) query parameter name left out of the canonical
    ///     query string: `X-Amz-Signature` for presigned requests.
    public init(
        request: SignableRequest,
        signedHeaders: [String],
        payloadHash: String,
        pathEncoding: PathEncoding = .standard,
        excludedQueryParameter: String? = nil
    ) {
        var output: [UInt8] = []
        output.reserveCapacity(256 + request.path.utf8.count + request.query.utf8.count)
        output.append(contentsOf: request.method.utf8)
        output.append(UInt8(ascii: "\n"))
        pathEncoding.append(request.path, to: &output)
        output.append(UInt8(ascii: "\n"))
        Self.appendCanonicalQuery(request.query, excluding: excludedQueryParameter, to: &output)
        output.append(UInt8(ascii: "\n"))
        Self.appendCanonicalHeaders(of: request, names: signedHeaders, to: &output)
        output.append(UInt8(ascii: "\n"))
        let joinedNames = signedHeaders.joined(separator: ";")
        output.append(contentsOf: joinedNames.utf8)
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: payloadHash.utf8)
        self.bytes = output
        self.signedHeaders = joinedNames
    }

    /// The canonical request as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The lower-case hex SHA-256 of the canonical request, the last line of the string to sign.
    public var sha256Hex: String {
        bytes.withUnsafeBytes { ContentHash.sha256Hex($0) }
    }

    public var description: String { text }
}
