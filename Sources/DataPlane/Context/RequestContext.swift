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

    public init() {}

    /// `$context.requestTime`: CLF format, `dd/MMM/yyyy:HH:mm:ss +0000`.
    public var requestTime: String { CLFTime.format(epochMilliseconds: requestTimeEpoch) }
}
