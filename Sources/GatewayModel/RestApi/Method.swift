/// A method on a resource (`apigateway` `Method`).
public struct Method: Codable, Sendable, Hashable {
    public var httpMethod: String
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`.
    public var authorizationType: String?
    public var authorizerId: String?
    public var apiKeyRequired: Bool?
    public var requestValidatorId: String?
    public var operationName: String?
    /// `method.request.{path|querystring|header}.NAME` → required.
    public var requestParameters: [String: Bool]?
    /// Content type → model name.
    public var requestModels: [String: String]?
    public var methodResponses: [String: MethodResponse]?
    public var methodIntegration: Integration?
    public var authorizationScopes: [String]?

    public init(
        httpMethod: String, authorizationType: String? = "NONE", authorizerId: String? = nil,
        apiKeyRequired: Bool? = false, requestValidatorId: String? = nil, operationName: String? = nil,
        requestParameters: [String: Bool]? = nil, requestModels: [String: String]? = nil,
        methodResponses: [String: MethodResponse]? = nil, methodIntegration: Integration? = nil,
        authorizationScopes: [String]? = nil
    ) {
        self.httpMethod = httpMethod
        self.authorizationType = authorizationType
        self.authorizerId = authorizerId
        self.apiKeyRequired = apiKeyRequired
        self.requestValidatorId = requestValidatorId
        self.operationName = operationName
        self.requestParameters = requestParameters
        self.requestModels = requestModels
        self.methodResponses = methodResponses
        self.methodIntegration = methodIntegration
        self.authorizationScopes = authorizationScopes
    }
}

/// A declared method response (`apigateway` `MethodResponse`).
public struct MethodResponse: Codable, Sendable, Hashable {
    public var statusCode: String
    /// `method.response.header.NAME` → required.
    public var responseParameters: [String: Bool]?
    public var responseModels: [String: String]?

    public init(statusCode: String, responseParameters: [String: Bool]? = nil, responseModels: [String: String]? = nil) {
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseModels = responseModels
    }
}
