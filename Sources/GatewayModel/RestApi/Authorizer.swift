/// An authorizer of a REST API (`apigateway` `Authorizer`): a Lambda `TOKEN` or `REQUEST`
/// authorizer, or a `COGNITO_USER_POOLS` one.
public struct Authorizer: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    /// `TOKEN`, `REQUEST` or `COGNITO_USER_POOLS`.
    public var type: String?
    /// Cognito user pool ARNs (`COGNITO_USER_POOLS`).
    public var providerARNs: [String]?
    public var authType: String?
    /// The Lambda invocation URI (`arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations`).
    public var authorizerUri: String?
    public var authorizerCredentials: String?
    /// E.g. `method.request.header.Authorization`; comma-separated for `REQUEST` authorizers.
    public var identitySource: String?
    public var identityValidationExpression: String?
    /// 0…3600 seconds; AWS's default is 300.
    public var authorizerResultTtlInSeconds: Int?

    public init(
        id: String, name: String? = nil, type: String? = nil, providerARNs: [String]? = nil, authType: String? = nil,
        authorizerUri: String? = nil, authorizerCredentials: String? = nil, identitySource: String? = nil,
        identityValidationExpression: String? = nil, authorizerResultTtlInSeconds: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.providerARNs = providerARNs
        self.authType = authType
        self.authorizerUri = authorizerUri
        self.authorizerCredentials = authorizerCredentials
        self.identitySource = identitySource
        self.identityValidationExpression = identityValidationExpression
        self.authorizerResultTtlInSeconds = authorizerResultTtlInSeconds
    }
}
