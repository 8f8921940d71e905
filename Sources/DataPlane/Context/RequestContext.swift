public import JSON

/// The `$context` variables of one request, as far as the built phases fill them.
///
/// Filled by the endpoint step (api, stage, domain), the router (resource, route key) and the
/// server (request id, time, source IP). Later phases add authorizer and identity fields.
public struct RequestContext: Sendable {
    public var requestId: String = ""
    public var extendedRequestId: String = ""
    public var accountId: String = ""
    public var apiId: String = ""
    public var stage: String = ""
    public var deploymentId: String = ""
    /// `$context.isCanaryRequest`: whether the canary of the stage serves the request.
    public var isCanaryRequest = false
    public var resourceId: String = ""
    public var resourcePath: String = ""
    /// HTTP APIs: the matched route key, e.g. `GET /pets/{id}` or `$default`.
    public var routeKey: String = ""
    public var httpMethod: String = ""
    /// The request path as the client sent it, stage included (`/prod/pets`).
    public var path: String = ""
    public var `protocol`: String = "HTTP/1.1"
    public var sourceIp: String = ""
    public var userAgent: String?
    /// Milliseconds since the Unix epoch.
    public var requestTimeEpoch: Int64 = 0
    public var domainName: String = ""
    public var domainPrefix: String = ""
    /// `$context.identity.accessKey`, `accountId`, `userArn` (and `caller`, `user`): the
    /// `AWS_IAM` caller.
    public var identityAccessKey: String?
    public var identityAccountId: String?
    public var identityUserArn: String?
    /// `$context.identity.apiKey` / `apiKeyId`: the API key the API key phase accepted.
    public var apiKey: String?
    public var apiKeyId: String?
    /// `$context.identity.clientCert`: the verified client certificate on a custom domain with
    /// mutual TLS.
    public var clientCert: ClientCertificateIdentity?
    /// `$context.xrayTraceId`: the trace header an AWS_PROXY integration made for the call
    /// (REST answers carry it as `X-Amzn-Trace-Id`).
    public var xrayTraceId: String?
    /// `$context.authorizer.*`: what a JWT, Cognito or Lambda authorizer established.
    public var authorizer: AuthorizerOutput?

    public init() {}

    /// `$context.requestTime`: CLF format, `dd/MMM/yyyy:HH:mm:ss +0000`.
    public var requestTime: String { CLFTime.format(epochMilliseconds: requestTimeEpoch) }
}

/// What an authorizer established about the caller: `$context.authorizer.*` (REST) and
/// `requestContext.authorizer` (`jwt`, `lambda`) in integration events.
public struct AuthorizerOutput: Sendable {
    /// `$context.authorizer.principalId` (Lambda authorizers; `sub` of a token).
    public var principalId: String?
    /// `$context.authorizer.claims`: a Cognito or JWT authorizer's verified token claims.
    public var claims: JSONObject?
    /// `requestContext.authorizer.jwt.scopes`: the token's scopes (HTTP API JWT authorizers).
    public var scopes: [String]?
    /// A Lambda authorizer's `context` (string, number and boolean values).
    public var context: JSONObject?
    /// `$context.authorizer.integrationLatency`: the Lambda authorizer's time in milliseconds
    /// (0 when the answer came from the cache).
    public var integrationLatency: Int?

    public init(
        principalId: String? = nil, claims: JSONObject? = nil, scopes: [String]? = nil, context: JSONObject? = nil,
        integrationLatency: Int? = nil
    ) {
        self.principalId = principalId
        self.claims = claims
        self.scopes = scopes
        self.context = context
        self.integrationLatency = integrationLatency
    }
}
