/// A method's integration with its backend (`apigateway` `Integration`).
public struct Integration: Codable, Sendable, Hashable {
    /// `HTTP`, `HTTP_PROXY`, `AWS`, `AWS_PROXY` or `MOCK`.
    public var type: IntegrationType
    /// The verb sent to the backend; for Lambda always `POST`.
    public var httpMethod: String?
    public var uri: String?
    /// `INTERNET` (default) or `VPC_LINK`.
    public var connectionType: String?
    public var connectionId: String?
    public var credentials: String?
    /// `integration.request.{path|querystring|header}.NAME` → a mapping expression.
    public var requestParameters: [String: String]?
    /// Content type → mapping template.
    public var requestTemplates: [String: String]?
    /// `WHEN_NO_MATCH` (default), `WHEN_NO_TEMPLATES` or `NEVER`.
    public var passthroughBehavior: String?
    public var contentHandling: String?
    /// 50…29,000 ms; 29,000 when absent.
    public var timeoutInMillis: Int?
    public var cacheNamespace: String?
    public var cacheKeyParameters: [String]?
    /// Keyed by the method response status code the integration response maps to.
    public var integrationResponses: [String: IntegrationResponse]?
    public var tlsConfig: TlsConfig?

    public init(
        type: IntegrationType, httpMethod: String? = nil, uri: String? = nil, connectionType: String? = nil,
        connectionId: String? = nil, credentials: String? = nil, requestParameters: [String: String]? = nil,
        requestTemplates: [String: String]? = nil, passthroughBehavior: String? = nil,
        contentHandling: String? = nil, timeoutInMillis: Int? = nil, cacheNamespace: String? = nil,
        cacheKeyParameters: [String]? = nil, integrationResponses: [String: IntegrationResponse]? = nil,
        tlsConfig: TlsConfig? = nil
    ) {
        self.type = type
        self.httpMethod = httpMethod
        self.uri = uri
        self.connectionType = connectionType
        self.connectionId = connectionId
        self.credentials = credentials
        self.requestParameters = requestParameters
        self.requestTemplates = requestTemplates
        self.passthroughBehavior = passthroughBehavior
        self.contentHandling = contentHandling
        self.timeoutInMillis = timeoutInMillis
        self.cacheNamespace = cacheNamespace
        self.cacheKeyParameters = cacheKeyParameters
        self.integrationResponses = integrationResponses
        self.tlsConfig = tlsConfig
    }

    /// AWS's default integration timeout for REST APIs.
    public static let defaultTimeoutInMillis = 29_000
}

/// The REST integration types.
public struct IntegrationType: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let http = IntegrationType("HTTP")
    public static let httpProxy = IntegrationType("HTTP_PROXY")
    public static let aws = IntegrationType("AWS")
    public static let awsProxy = IntegrationType("AWS_PROXY")
    public static let mock = IntegrationType("MOCK")
    public static let allKnown: [IntegrationType] = [.http, .httpProxy, .aws, .awsProxy, .mock]
}

/// How an integration's output becomes a method response (`apigateway` `IntegrationResponse`).
public struct IntegrationResponse: Codable, Sendable, Hashable {
    public var statusCode: String
    /// A regular expression matched against the backend's status code (HTTP) or error message
    /// (Lambda). Absent or empty: the default response.
    public var selectionPattern: String?
    /// `method.response.header.NAME` → a mapping expression.
    public var responseParameters: [String: String]?
    public var responseTemplates: [String: String]?
    public var contentHandling: String?

    public init(
        statusCode: String, selectionPattern: String? = nil, responseParameters: [String: String]? = nil,
        responseTemplates: [String: String]? = nil, contentHandling: String? = nil
    ) {
        self.statusCode = statusCode
        self.selectionPattern = selectionPattern
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
        self.contentHandling = contentHandling
    }
}

/// `TlsConfig` for HTTP integrations.
public struct TlsConfig: Codable, Sendable, Hashable {
    public var insecureSkipVerification: Bool?
    public init(insecureSkipVerification: Bool? = nil) { self.insecureSkipVerification = insecureSkipVerification }
}
