/// How the request path becomes the canonical URI.
///
/// AWS documents two rules. Every service but S3 normalises the path (drops empty segments and
/// `.`, resolves `..`) and then URI-encodes it *again*: the path is taken as it travels on the
/// wire, already percent-encoded once, so `/my%20pets` is canonicalised as `/my%2520pets`. This
/// is what botocore, the AWS SDKs and API Gateway (`execute-api`) do. S3 does neither: the path
/// is used as sent, encoded once.
public enum PathEncoding: Sendable, Hashable {
    /// Normalise, then encode every byte that is not unreserved (including `%`): all services
    /// except S3, API Gateway's `execute-api` and `apigateway` included.
    case standard
    /// No normalisation, single encoding: S3. Bytes that are not unreserved, `/` or part of a
    /// valid `%XY` escape are encoded; escapes already present are kept as they are.
    case s3

    /// The canonical URI of the wire path `path`.
    public func canonicalURI(_ path: String) -> String {
        var output: [UInt8] = []
        append(path, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the canonical URI of `path` to `output`.
    func append(_ path: String, to output: inout [UInt8]) {
        path.withUTF8Buffer { bytes in
            let start = output.count
            switch self {
            case .standard: Self.appendNormalized(bytes, to: &output)
            case .s3: Self.appendEncodedOnce(bytes, to: &output)
            }
            if output.count == start { output.append(UInt8(ascii: "/")) }
        }
    }

    /// RFC 3986 "remove dot segments", also dropping empty segments (`//`), as botocore's
    /// `normalize_url_path` and the AWS SDKs do; then each segment encoded.
    private static func appendNormalized(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var segments: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "/") { index += 1 }
            let segment = start..<index
            index += 1
            if segment.isEmpty || bytes.equals(segment, ".") {
                continue
            } else if bytes.equals(segment, "..") {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        if bytes.first == UInt8(ascii: "/") { output.append(UInt8(ascii: "/")) }
        for (position, segment) in segments.enumerated() {
            if position > 0 { output.append(UInt8(ascii: "/")) }
            PercentEncoding.encode(UnsafeBufferPointer(rebasing: bytes[segment]), into: &output)
        }
        if !segments.isEmpty, bytes.last == UInt8(ascii: "/") { output.append(UInt8(ascii: "/")) }
    }

    private static func appendEncodedOnce(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if PercentEncoding.isUnreserved(byte) || byte == UInt8(ascii: "/") {
                output.append(byte)
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                PercentEncoding.hexValue(bytes[index + 1]) != nil, PercentEncoding.hexValue(bytes[index + 2]) != nil
            {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...(index + 2)]))
                index += 3
                continue
            } else {
                PercentEncoding.appendEscape(byte, to: &output)
            }
            index += 1
        }
    }
}
