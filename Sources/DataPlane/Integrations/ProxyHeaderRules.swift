import NIOHTTP1

/// Which headers cross the gateway, as AWS does (reference §2.1):
/// - never forwarded to an integration: `Connection, Content-Length, Content-MD5, Expect,
///   Max-Forwards, Proxy-Authenticate, Server, TE, Transfer-Encoding, Trailer, Upgrade,
///   WWW-Authenticate` (and `Host`, which names the backend instead);
/// - from an HTTP_PROXY backend, `Connection, Content-Length, Date, x-amzn-RequestId` come back as
///   `x-amzn-Remapped-<name>`; `Via` is dropped. Non-proxy integrations remap more.
enum ProxyHeaderRules {
    static let droppedFromRequests = HeaderNameSet([
        "connection", "content-length", "content-md5", "expect", "max-forwards", "proxy-authenticate", "server",
        "te", "transfer-encoding", "trailer", "upgrade", "www-authenticate", "host", "keep-alive",
        "proxy-connection",
    ])

    private static let connection = HeaderNameSet(["connection"])
    private static let contentLength = HeaderNameSet(["content-length"])
    private static let date = HeaderNameSet(["date"])
    private static let requestId = HeaderNameSet(["x-amzn-requestid"])

    /// `x-amzn-Remapped-<name>` for the four remapped headers (constant strings: no allocation).
    static func remappedName(_ name: String) -> String? {
        if connection.contains(name) { return "x-amzn-Remapped-Connection" }
        if contentLength.contains(name) { return "x-amzn-Remapped-Content-Length" }
        if date.contains(name) { return "x-amzn-Remapped-Date" }
        if requestId.contains(name) { return "x-amzn-Remapped-x-amzn-RequestId" }
        return nil
    }
    static let droppedFromResponses = HeaderNameSet(["via", "transfer-encoding", "keep-alive"])
    static let framedByGateway = HeaderNameSet(["connection", "content-length", "date", "via", "transfer-encoding", "keep-alive"])

    /// The client's headers, less those AWS never forwards and less those the client's
    /// `Connection` header names (hop-by-hop, RFC 9110 §7.6.1).
    static func forwardedRequestHeaders(_ headers: HTTPHeaders) -> HTTPHeaders {
        // Most requests carry one or two of these (Host, Connection): removing them from a copy
        // is cheaper than adding every other header to a new set.
        var result = headers
        for (name, value) in headers where droppedFromRequests.contains(name) {
            result.remove(name: name)
            if connection.contains(name) {
                for option in value.split(separator: ",") {
                    let token = String(option).trimmingWhitespace()
                    if !token.isEmpty { result.remove(name: String(token)) }
                }
            }
        }
        return result
    }

    /// Headers a mapping may not set (REST `integration.request.header.*`, HTTP API
    /// `header.*`): the message framing and routing belong to the gateway. HTTP APIs reserve
    /// more (`reservedForHttpApiMappings`).
    static let framing = HeaderNameSet([
        "content-length", "transfer-encoding", "connection", "host", "te", "trailer", "upgrade", "keep-alive",
        "expect", "proxy-connection",
    ])

    /// AWS's reserved headers for HTTP API parameter mapping: requests and responses may not
    /// map them.
    static func isReservedForHttpApiMappings(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if lowered.hasPrefix("access-control-") || lowered.hasPrefix("apigw-") || lowered.hasPrefix("x-amz-")
            || lowered.hasPrefix("x-amzn-")
        {
            return true
        }
        return reservedForHttpApiMappings.contains(lowered)
    }

    private static let reservedForHttpApiMappings: Set<String> = [
        "authorization", "connection", "content-encoding", "content-length", "content-location", "forwarded", "keep-alive",
        "origin", "proxy-authenticate", "proxy-authorization", "te", "trailers", "trailer", "transfer-encoding", "upgrade",
        "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "via", "host",
    ]

    /// A REST HTTP_PROXY backend's headers as the client sees them.
    static func restProxyResponseHeaders(_ headers: HTTPHeaders) -> HTTPHeaders {
        var result = HTTPHeaders()
        for (name, value) in headers {
            if let remapped = remappedName(name) {
                result.add(name: remapped, value: value)
            } else if !droppedFromResponses.contains(name) {
                result.add(name: name, value: value)
            }
        }
        return result
    }

    /// An HTTP API proxy backend's headers: hop-by-hop headers and framing are the gateway's own.
    static func httpApiProxyResponseHeaders(_ headers: HTTPHeaders) -> HTTPHeaders {
        var result = HTTPHeaders()
        for (name, value) in headers where !framedByGateway.contains(name) {
            result.add(name: name, value: value)
        }
        return result
    }
}
