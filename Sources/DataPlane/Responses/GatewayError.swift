public import NIOHTTP1

/// A failure on the data plane, answered to the client as AWS answers it.
///
/// It carries the gateway-response type, the status, the client-safe message that goes into the
/// body, the AWS error type for `x-amzn-ErrorType`, where the fault lies, and a cause that is
/// logged and never sent.
public struct GatewayError: Error, Sendable, CustomStringConvertible {
    /// Who is at fault: used for logging and metrics, never sent.
    public enum Source: String, Sendable {
        case client, backend, gateway
    }

    public var type: GatewayResponseType
    public var status: HTTPResponseStatus
    /// The `$context.error.messageString` value.
    public var message: String
    /// `x-amzn-ErrorType`; nil sends none.
    public var errorType: String?
    public var source: Source
    /// Logged, never sent to the client.
    public var cause: String?
    /// The body's key is `Message` (IAM's refusals) rather than `message`.
    public var capitalizedMessageKey = false
    /// The body is `{"message":null}` (AWS's default answer for a failed Lambda authorizer).
    public var nullMessage = false
    /// Headers AWS sends with this refusal (a JWT authorizer's `www-authenticate`).
    public var headers: [(name: String, value: String)] = []
    /// `$context.error.validationErrorString`: what request validation found wrong, in AWS's words.
    public var validationErrorString: String?

    public init(
        type: GatewayResponseType, status: HTTPResponseStatus, message: String, errorType: String?,
        source: Source, cause: String? = nil
    ) {
        self.type = type
        self.status = status
        self.message = message
        self.errorType = errorType
        self.source = source
        self.cause = cause
    }

    public var description: String {
        "\(type) \(status.code) \(message)" + (cause.map { " (\($0))" } ?? "")
    }
}

extension GatewayError {
    /// REST: no API, stage, resource or method matches (`MISSING_AUTHENTICATION_TOKEN`, 403).
    public static let missingAuthenticationToken = GatewayError(
        type: .missingAuthenticationToken, status: .forbidden, message: "Missing Authentication Token",
        errorType: "MissingAuthenticationTokenException", source: .client)

    /// HTTP APIs: no stage or route matches (404 `Not Found`).
    public static let httpApiNotFound = GatewayError(
        type: .resourceNotFound, status: .notFound, message: "Not Found", errorType: nil, source: .client)

    /// REST: a custom domain name with no mapping for the path, or an API's `execute-api`
    /// endpoint when `disableExecuteApiEndpoint` is set (403 `Forbidden`). No API is known yet, so
    /// no API's gateway responses apply.
    public static let endpointForbidden = GatewayError(
        type: .default4XX, status: .forbidden, message: "Forbidden", errorType: "ForbiddenException", source: .client)

    /// The body is over the 10 MB payload quota.
    public static let requestTooLarge = GatewayError(
        type: .requestTooLarge, status: .payloadTooLarge, message: "Request Too Long",
        errorType: "RequestEntityTooLargeException", source: .client)

    /// The request line and headers are over the 10,240-byte quota.
    public static let headersTooLarge = GatewayError(
        type: .requestTooLarge, status: .requestHeaderFieldsTooLarge, message: "Request Header Fields Too Large",
        errorType: "RequestHeaderFieldsTooLargeException", source: .client)

    /// REST: a method that requires an API key got none, an unknown or disabled one, or one
    /// whose usage plans do not list this stage (`INVALID_API_KEY`, 403 `Forbidden`).
    public static let invalidApiKey = GatewayError(
        type: .invalidApiKey, status: .forbidden, message: "Forbidden", errorType: "ForbiddenException", source: .client)

    /// REST request validation: a required parameter is absent or blank (`BAD_REQUEST_PARAMETERS`,
    /// 400 `Missing required request parameters: [a, b]`).
    public static func badRequestParameters(missing names: [String]) -> GatewayError {
        var error = GatewayError(
            type: .badRequestParameters, status: .badRequest,
            message: "Missing required request parameters: [\(names.joined(separator: ", "))]", errorType: "BadRequestException",
            source: .client)
        error.validationErrorString = error.message
        return error
    }

    /// REST request validation: the body does not match its model (`BAD_REQUEST_BODY`, 400
    /// `Invalid request body`); `report` is the validator's messages.
    public static func badRequestBody(report: [String]) -> GatewayError {
        var error = GatewayError(
            type: .badRequestBody, status: .badRequest, message: "Invalid request body", errorType: "BadRequestException",
            source: .client, cause: report.joined(separator: "; "))
        error.validationErrorString = "[" + report.joined(separator: ", ") + "]"
        return error
    }

    /// A request that is not valid HTTP.
    public static let badRequest = GatewayError(
        type: .default4XX, status: .badRequest, message: "Bad Request", errorType: "BadRequestException",
        source: .client)

    /// REST: no template for the content type with passthrough `NEVER`/`WHEN_NO_TEMPLATES`.
    public static let unsupportedMediaType = GatewayError(
        type: .unsupportedMediaType, status: .unsupportedMediaType, message: "Unsupported Media Type",
        errorType: "UnsupportedMediaTypeException", source: .client)

    /// The integration did not answer within `timeoutInMillis` (REST: 504).
    public static func restIntegrationTimeout(cause: String) -> GatewayError {
        GatewayError(
            type: .integrationTimeout, status: .gatewayTimeout, message: "Endpoint request timed out",
            errorType: "InternalServerErrorException", source: .backend, cause: cause)
    }

    /// The integration could not be reached or broke the connection (REST: 504 by AWS's default
    /// status for `INTEGRATION_FAILURE`).
    public static func restIntegrationFailure(cause: String) -> GatewayError {
        GatewayError(
            type: .integrationFailure, status: .gatewayTimeout, message: "Internal server error",
            errorType: "InternalServerErrorException", source: .backend, cause: cause)
    }

    /// The backend's answer could not be used (invalid HTTP, over 10 MB): 502.
    public static func badGateway(cause: String) -> GatewayError {
        GatewayError(
            type: .default5XX, status: .badGateway, message: "Internal server error",
            errorType: "InternalServerErrorException", source: .backend, cause: cause)
    }

    /// A misconfigured API (unresolvable URI, no matching integration response…): 500.
    public static func configuration(cause: String) -> GatewayError {
        GatewayError(
            type: .apiConfigurationError, status: .internalServerError, message: "Internal server error",
            errorType: "InternalServerErrorException", source: .gateway, cause: cause)
    }

    /// HTTP APIs: integration failures answer 500 `Internal Server Error` (capital S).
    public static func httpApiInternalError(cause: String) -> GatewayError {
        GatewayError(
            type: .default5XX, status: .internalServerError, message: "Internal Server Error", errorType: nil,
            source: .gateway, cause: cause)
    }

    /// HTTP APIs: an integration timeout answers 503 `Service Unavailable`.
    public static func httpApiTimeout(cause: String) -> GatewayError {
        GatewayError(
            type: .integrationTimeout, status: .serviceUnavailable, message: "Service Unavailable", errorType: nil,
            source: .backend, cause: cause)
    }
}
