public import NIOHTTP1

/// What differs on the wire between REST APIs and HTTP APIs, compiled once per stage as one value
/// instead of `kind == .rest` branches through the pipeline:
///
/// | | REST | HTTP API |
/// |---|---|---|
/// | no route | 403 `Missing Authentication Token` | 404 `Not Found` |
/// | broken configuration | 500 `Internal server error` + `x-amzn-ErrorType` | 500 `Internal Server Error` |
/// | request ids | `x-amzn-RequestId` (a UUID) and `x-amz-apigw-id` | `apigw-requestid` |
/// | default `Content-Type` | `application/json` | none |
public struct ApiDialect: Sendable {
    public let kind: ApiKind
    /// The answer when no resource or route matches.
    public let notFound: GatewayError
    /// REST requests have a UUID request id besides the extended one; HTTP APIs use one id.
    let hasSeparateRequestId: Bool

    public static let rest = ApiDialect(kind: .rest, notFound: .missingAuthenticationToken, hasSeparateRequestId: true)
    public static let http = ApiDialect(kind: .http, notFound: .httpApiNotFound, hasSeparateRequestId: false)

    public static func of(_ kind: ApiKind) -> ApiDialect { kind == .rest ? .rest : .http }

    /// A token bucket refused the request (`THROTTLED`, 429 `Too Many Requests`; REST with
    /// `x-amzn-ErrorType: TooManyRequestsException`).
    public var throttled: GatewayError {
        GatewayError(
            type: .throttled, status: .tooManyRequests, message: "Too Many Requests",
            errorType: kind == .rest ? "TooManyRequestsException" : nil, source: .client)
    }

    /// A usage plan's quota is spent (`QUOTA_EXCEEDED`, 429 `Limit Exceeded`; REST with
    /// `x-amzn-ErrorType: LimitExceededException`).
    public var quotaExceeded: GatewayError {
        GatewayError(
            type: .quotaExceeded, status: .tooManyRequests, message: "Limit Exceeded",
            errorType: kind == .rest ? "LimitExceededException" : nil, source: .client)
    }

    /// A configuration the gateway cannot serve (AWS answers it at invocation).
    public func internalError(cause: String) -> GatewayError {
        hasSeparateRequestId ? .configuration(cause: cause) : .httpApiInternalError(cause: cause)
    }

    /// The headers AWS puts on every answer of this dialect.
    func stamp(_ headers: inout HTTPHeaders, requestId: String, extendedRequestId: String) {
        if hasSeparateRequestId {
            headers.replaceOrAdd(name: "x-amzn-RequestId", value: requestId)
            headers.replaceOrAdd(name: "x-amz-apigw-id", value: extendedRequestId)
            if !headers.contains(name: "content-type") { headers.add(name: "Content-Type", value: "application/json") }
        } else {
            headers.replaceOrAdd(name: "apigw-requestid", value: requestId)
        }
    }

    /// A new request's ids: (requestId, extendedRequestId).
    func makeRequestIds(_ identifiers: inout RequestIdentifiers) -> (String, String) {
        let extended = identifiers.extendedRequestId()
        return (hasSeparateRequestId ? identifiers.requestId() : extended, extended)
    }
}
