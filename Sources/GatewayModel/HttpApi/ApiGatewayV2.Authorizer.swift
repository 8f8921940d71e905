extension ApiGatewayV2 {
    /// An authorizer of an HTTP or WebSocket API (`apigatewayv2` `Authorizer`): a `JWT` authorizer
    /// (issuer and audiences; HTTP APIs only) or a Lambda `REQUEST` authorizer.
    public struct Authorizer: Codable, Sendable, Hashable {
        public var authorizerId: String
        public var name: String
        /// `REQUEST` or `JWT`.
        public var authorizerType: String
        public var authorizerCredentialsArn: String?
        /// Lambda `REQUEST` authorizers of HTTP APIs: `1.0` or `2.0`.
        public var authorizerPayloadFormatVersion: String?
        /// 0 (no caching) … 3,600.
        public var authorizerResultTtlInSeconds: Int?
        /// The Lambda invocation URI of a `REQUEST` authorizer.
        public var authorizerUri: String?
        /// Payload 2.0 Lambda authorizers: answer `{"isAuthorized": …, "context": …}`.
        public var enableSimpleResponses: Bool?
        /// Where the identity is, e.g. `$request.header.Authorization`.
        public var identitySource: [String]?
        public var identityValidationExpression: String?
        public var jwtConfiguration: JWTConfiguration?

        public init(
            authorizerId: String, name: String, authorizerType: String, identitySource: [String]? = nil,
            jwtConfiguration: JWTConfiguration? = nil, authorizerUri: String? = nil
        ) {
            self.authorizerId = authorizerId
            self.name = name
            self.authorizerType = authorizerType
            self.identitySource = identitySource
            self.jwtConfiguration = jwtConfiguration
            self.authorizerUri = authorizerUri
        }
    }

    /// The issuer and audiences a `JWT` authorizer accepts (`apigatewayv2` `JWTConfiguration`).
    public struct JWTConfiguration: Codable, Sendable, Hashable {
        /// Audiences (`aud` or `client_id` claims) of which the token must carry one.
        public var audience: [String]?
        /// The issuer URL (`iss` claim); its `/.well-known/openid-configuration` names the JWKS.
        public var issuer: String?

        public init(audience: [String]? = nil, issuer: String? = nil) {
            self.audience = audience
            self.issuer = issuer
        }
    }
}
