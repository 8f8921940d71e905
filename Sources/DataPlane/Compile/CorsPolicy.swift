public import GatewayModel
public import NIOHTTP1

/// An HTTP API's `corsConfiguration`, compiled once per stage. API Gateway answers preflight
/// requests itself (even without an `OPTIONS` route) and adds the CORS headers to the answers of
/// requests from an allowed origin.
public struct CorsPolicy: Sendable {
    let allowOrigins: Set<String>
    let anyOrigin: Bool
    let allowMethods: String?
    let allowHeaders: String?
    let exposeHeaders: String?
    let maxAge: String?
    let allowCredentials: Bool

    public init?(_ cors: ApiGatewayV2.Cors?) {
        guard let cors else { return nil }
        let origins = cors.allowOrigins ?? []
        anyOrigin = origins.contains("*")
        allowOrigins = Set(origins.map { $0.lowercased() })
        allowMethods = cors.allowMethods.flatMap { $0.isEmpty ? nil : $0.map { $0.uppercased() }.joined(separator: ",") }
        allowHeaders = cors.allowHeaders.flatMap { $0.isEmpty ? nil : $0.map { $0.lowercased() }.joined(separator: ",") }
        exposeHeaders = cors.exposeHeaders.flatMap { $0.isEmpty ? nil : $0.map { $0.lowercased() }.joined(separator: ",") }
        maxAge = cors.maxAge.flatMap { $0 >= 0 ? String($0) : nil }
        allowCredentials = cors.allowCredentials ?? false
    }

    /// The `Access-Control-Allow-Origin` value for `origin`, or nil when it is not allowed.
    func allowedOrigin(_ origin: String) -> String? {
        if allowOrigins.contains(origin.lowercased()) { return origin }
        if anyOrigin { return allowCredentials ? origin : "*" }
        return nil
    }

    /// Whether the request is a CORS preflight: `OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`.
    static func isPreflight(_ head: HTTPRequestHead) -> Bool {
        head.method == .OPTIONS && head.headers.contains(name: "origin")
            && head.headers.contains(name: "access-control-request-method")
    }

    /// The answer to a preflight: 204, with the CORS headers when the origin is allowed.
    func preflightHeaders(origin: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        guard let allowed = allowedOrigin(origin) else { return headers }
        headers.add(name: "Access-Control-Allow-Origin", value: allowed)
        if let allowMethods { headers.add(name: "Access-Control-Allow-Methods", value: allowMethods) }
        if let allowHeaders { headers.add(name: "Access-Control-Allow-Headers", value: allowHeaders) }
        if let maxAge { headers.add(name: "Access-Control-Max-Age", value: maxAge) }
        if allowCredentials { headers.add(name: "Access-Control-Allow-Credentials", value: "true") }
        if allowed != "*" { headers.add(name: "Vary", value: "Origin") }
        return headers
    }

    /// Adds the CORS headers to an answer for a request from `origin`, when it is allowed.
    func decorate(_ headers: inout HTTPHeaders, origin: String) {
        guard let allowed = allowedOrigin(origin) else { return }
        headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: allowed)
        if let exposeHeaders { headers.replaceOrAdd(name: "Access-Control-Expose-Headers", value: exposeHeaders) }
        if allowCredentials { headers.replaceOrAdd(name: "Access-Control-Allow-Credentials", value: "true") }
        if allowed != "*" { headers.add(name: "Vary", value: "Origin") }
    }
}
