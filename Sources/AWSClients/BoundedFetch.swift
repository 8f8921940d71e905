public import AsyncHTTPClient
public import NIOCore
public import NIOHTTP1

/// One HTTP exchange with a deadline and a cap on the answer's size: what every cold-path call
/// (an issuer's key set, a Lambda invocation) needs so that a slow or endless peer costs bounded
/// time and memory.
public struct BoundedResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: ByteBuffer
}

/// Why a bounded exchange failed (never carries a secret: safe to log).
public enum BoundedFetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not `http(s)://host[:port]/…`, or is plain http to a non-loopback host.
    case badURL(String)
    /// The answer was bigger than allowed.
    case tooLarge(limit: Int)
    /// No complete answer within the deadline.
    case timedOut
    /// The connection failed or broke.
    case unreachable(String)

    public var description: String {
        switch self {
        case .badURL(let why): "bad URL: \(why)"
        case .tooLarge(let limit): "the answer is larger than \(limit) bytes"
        case .timedOut: "no answer in time"
        case .unreachable(let why): "unreachable: \(why)"
        }
    }
}

extension HTTPClient {
    /// Sends `request` on `loop` (so that the answer completes there, with no thread hop) and
    /// collects at most `maxBytes` of answer within `timeout`.
    public func boundedExecute(
        _ request: HTTPClient.Request, maxBytes: Int, timeout: TimeAmount, on loop: any EventLoop
    ) -> EventLoopFuture<BoundedResponse> {
        let accumulator = ResponseAccumulator(request: request, maxBodySize: maxBytes)
        let task = execute(request: request, delegate: accumulator, eventLoop: .delegate(on: loop), deadline: .now() + timeout)
        return task.futureResult.flatMapErrorThrowing { error in
            throw Self.classify(error, maxBytes: maxBytes)
        }.map { response in
            BoundedResponse(status: Int(response.status.code), headers: response.headers, body: response.body ?? ByteBuffer())
        }
    }

    static func classify(_ error: any Error, maxBytes: Int) -> BoundedFetchError {
        if let error = error as? BoundedFetchError { return error }
        if error is ResponseAccumulator.ResponseTooBigError { return .tooLarge(limit: maxBytes) }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return .timedOut
            default: return .unreachable(String(describing: error))
            }
        }
        return .unreachable(String(describing: error))
    }
}

/// The URL rules of cold-path calls: `https://`, or plain `http://` only to a loopback host
/// (`localhost`, `127.0.0.0/8`, `::1`), as AWS's issuers and endpoints are always TLS.
public enum ColdPathURL {
    public static func check(_ url: String, allowPlainHTTPEverywhere: Bool = false) -> BoundedFetchError? {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") { return hostPart(url, schemeLength: 8) == nil ? .badURL("no host") : nil }
        guard lower.hasPrefix("http://") else { return .badURL("only https:// (or http:// on loopback)") }
        guard let host = hostPart(url, schemeLength: 7) else { return .badURL("no host") }
        if allowPlainHTTPEverywhere || isLoopback(host) { return nil }
        return .badURL("plain http:// is allowed only on loopback")
    }

    /// Whether `host` (as written in a URL, IPv6 in brackets) is a loopback name or address.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "[::1]" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    private static func hostPart(_ url: String, schemeLength: Int) -> String? {
        let rest = url.dropFirst(schemeLength)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if authority.contains("@") { return nil }  // no credentials in URLs
        var host = Substring(authority)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            host = host[...close]
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return host.isEmpty ? nil : String(host)
    }
}
