/// API Gateway's gateway-response types: every failure the data plane produces has one, so that
/// custom gateway responses (a later feature) can restyle any of them.
public struct GatewayResponseType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let missingAuthenticationToken = Self(rawValue: "MISSING_AUTHENTICATION_TOKEN")
    public static let resourceNotFound = Self(rawValue: "RESOURCE_NOT_FOUND")
    public static let requestTooLarge = Self(rawValue: "REQUEST_TOO_LARGE")
    public static let badRequestBody = Self(rawValue: "BAD_REQUEST_BODY")
    public static let badRequestParameters = Self(rawValue: "BAD_REQUEST_PARAMETERS")
    public static let unsupportedMediaType = Self(rawValue: "UNSUPPORTED_MEDIA_TYPE")
    public static let integrationFailure = Self(rawValue: "INTEGRATION_FAILURE")
    public static let integrationTimeout = Self(rawValue: "INTEGRATION_TIMEOUT")
    public static let apiConfigurationError = Self(rawValue: "API_CONFIGURATION_ERROR")
    public static let default4XX = Self(rawValue: "DEFAULT_4XX")
    public static let default5XX = Self(rawValue: "DEFAULT_5XX")
    public static let invalidApiKey = Self(rawValue: "INVALID_API_KEY")
    public static let throttled = Self(rawValue: "THROTTLED")
    public static let quotaExceeded = Self(rawValue: "QUOTA_EXCEEDED")
    public static let unauthorized = Self(rawValue: "UNAUTHORIZED")
    public static let expiredToken = Self(rawValue: "EXPIRED_TOKEN")
    public static let invalidSignature = Self(rawValue: "INVALID_SIGNATURE")
    public static let accessDenied = Self(rawValue: "ACCESS_DENIED")
    /// The authorizer could not be reached, failed or answered something that is not a policy.
    public static let authorizerFailure = Self(rawValue: "AUTHORIZER_FAILURE")
    /// The authorizer's configuration cannot work (e.g. its function cannot be named).
    public static let authorizerConfigurationError = Self(rawValue: "AUTHORIZER_CONFIGURATION_ERROR")
}
