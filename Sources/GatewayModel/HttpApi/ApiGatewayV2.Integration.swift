extension ApiGatewayV2 {
    /// An HTTP API integration (`apigatewayv2` `Integration`).
    public struct Integration: Codable, Sendable, Hashable {
        public var integrationId: String
        /// `AWS_PROXY`, `HTTP_PROXY` (HTTP APIs), or `AWS`, `HTTP`, `MOCK` (WebSocket APIs).
        public var integrationType: String
        public var integrationUri: String?
        public var integrationMethod: String?
        public var integrationSubtype: String?
        public var connectionId: String?
        /// `INTERNET` (default) or `VPC_LINK`.
        public var connectionType: String?
        public var credentialsArn: String?
        public var description: String?
        /// `1.0` or `2.0` for Lambda proxy integrations; `1.0` for HTTP proxies.
        public var payloadFormatVersion: String?
        /// Parameter mapping: `overwrite:path`, `append:header.NAME`, … → a value expression.
        public var requestParameters: [String: String]?
        public var requestTemplates: [String: String]?
        /// Status code → (`overwrite:statuscode` / `append:header.NAME` … → value).
        public var responseParameters: [String: [String: String]]?
        /// 50…30,000 ms; 30,000 when absent.
        public var timeoutInMillis: Int?
        public var tlsConfig: TlsConfig?
        public var apiGatewayManaged: Bool?
        /// WebSocket APIs: `CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`.
        public var contentHandlingStrategy: String?
        /// WebSocket APIs: the integration response selection expression.
        public var integrationResponseSelectionExpression: String?
        /// WebSocket APIs: `WHEN_NO_MATCH`, `WHEN_NO_TEMPLATES` or `NEVER`.
        public var passthroughBehavior: String?
        /// WebSocket APIs: the template selection expression.
        public var templateSelectionExpression: String?

        public init(
            integrationId: String, integrationType: String, integrationUri: String? = nil,
            integrationMethod: String? = nil, connectionType: String? = "INTERNET",
            payloadFormatVersion: String? = nil, requestParameters: [String: String]? = nil,
            responseParameters: [String: [String: String]]? = nil, timeoutInMillis: Int? = nil,
            description: String? = nil, tlsConfig: TlsConfig? = nil, integrationSubtype: String? = nil,
            credentialsArn: String? = nil
        ) {
            self.integrationId = integrationId
            self.integrationType = integrationType
            self.integrationUri = integrationUri
            self.integrationMethod = integrationMethod
            self.connectionType = connectionType
            self.payloadFormatVersion = payloadFormatVersion
            self.requestParameters = requestParameters
            self.responseParameters = responseParameters
            self.timeoutInMillis = timeoutInMillis
            self.description = description
            self.tlsConfig = tlsConfig
            self.integrationSubtype = integrationSubtype
            self.credentialsArn = credentialsArn
        }

        /// AWS's (fixed) maximum and default integration timeout for HTTP APIs.
        public static let defaultTimeoutInMillis = 30_000
    }

    /// `TlsConfig` of an HTTP API integration.
    public struct TlsConfig: Codable, Sendable, Hashable {
        public var serverNameToVerify: String?
        public init(serverNameToVerify: String? = nil) { self.serverNameToVerify = serverNameToVerify }
    }
}
