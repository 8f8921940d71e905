import AWSClients
import NIOCore
import NIOHTTP1

/// What each phase tells the execution log, in AWS's words (the lines of a REST stage's
/// `API-Gateway-Execution-Logs_{apiId}/{stage}` group and of TestInvokeMethod's `log`):
///
/// ```
/// Extended Request Id: XPTG5GmKoAMFe2w=
/// Verifying Usage Plan for request: 3323ffe5-…. API Key:  API Stage: a1b2c3/prod
/// API Key  authorized because method 'GET /pets' does not require API Key. Request will not contribute to throttle or quota limits
/// Usage Plan check succeeded for API Key  and API Stage a1b2c3/prod
/// Starting execution for request: 3323ffe5-…
/// HTTP Method: GET, Resource Path: /pets/7
/// Method request path: {petId=7}                     (data trace)
/// Method request query string: {}                    (data trace)
/// Method request headers: {Authorization=****…wxyz}  (data trace)
/// Method request body before transformations:        (data trace)
/// Endpoint request URI: https://backend.example/pets/7
/// Endpoint request headers: {…}                      (data trace)
/// Endpoint request body after transformations:       (data trace)
/// Sending request to https://backend.example/pets/7
/// Received response. Status: 200, Integration latency: 12 ms
/// Endpoint response headers: {…}                     (data trace)
/// Endpoint response body before transformations: …   (data trace)
/// Method response body after transformations: …      (data trace)
/// Method response headers: {…}                       (data trace)
/// Successfully completed execution
/// Method completed with status: 200
/// ```
///
/// Failures say why (`Execution failed due to a timeout error`, `Execution failed due to
/// configuration error: …`, `Gateway response type: THROTTLED with status code: 429`) and are the
/// lines ERROR-level logging keeps.
extension ExecutionTrace {
    /// Routing chose `method`: from now on its own setting applies.
    func routed(_ method: CompiledMethod, stage: CompiledStage) {
        if let logging = stage.executionLogging {
            setting = logging.setting(resourcePath: method.resourcePath, httpMethod: method.httpMethod)
        }
    }

    /// After the method's authorizer, API key and throttle phases let the request through: the
    /// usage plan lines of a method without an API key (the API key phase writes its own), then
    /// the method request.
    func startingExecution(_ exchange: Exchange, method: CompiledMethod) {
        let context = exchange.context
        if exchange.stage.kind == .rest, exchange.apiKey == nil {
            let apiStage = "\(context.apiId)/\(context.stage)"
            note("Verifying Usage Plan for request: \(context.requestId). API Key:  API Stage: \(apiStage)")
            note(
                "API Key  authorized because method '\(method.httpMethod) \(method.resourcePath)' does not require API Key. "
                    + "Request will not contribute to throttle or quota limits")
            note("Usage Plan check succeeded for API Key  and API Stage \(apiStage)")
        }
        note("Starting execution for request: \(context.requestId)")
        note("HTTP Method: \(context.httpMethod), Resource Path: \(exchange.resourcePathRequested)")
        data("Method request path: " + ExecutionLogText.parameters(exchange.pathParameters.map { (name: $0.name, value: String($0.value)) }))
        data("Method request query string: " + ExecutionLogText.parameters(exchange.queryParameters))
        data("Method request headers: " + ExecutionLogText.headers(exchange.head.headers))
        data("Method request body before transformations: " + ExecutionLogText.body(exchange.body))
    }

    /// The API key phase accepted `key` (masked) for the stage.
    func apiKeyAccepted(_ key: String, exchange: Exchange) {
        let masked = ExecutionLogText.masked(key)
        let apiStage = "\(exchange.context.apiId)/\(exchange.context.stage)"
        note("Verifying Usage Plan for request: \(exchange.context.requestId). API Key: \(masked) API Stage: \(apiStage)")
        note("Usage Plan check succeeded for API Key \(masked) and API Stage \(apiStage)")
    }

    /// The API key phase refused the request's key (`nil`: none was presented).
    func apiKeyRefused(_ key: String?, exchange: Exchange) {
        let apiStage = "\(exchange.context.apiId)/\(exchange.context.stage)"
        guard let key, !key.isEmpty else {
            failure("API Key not authorized because method requires API Key and API Key was not provided for API Stage \(apiStage)")
            return
        }
        let masked = ExecutionLogText.masked(key)
        note("Verifying Usage Plan for request: \(exchange.context.requestId). API Key: \(masked) API Stage: \(apiStage)")
        failure("API Key \(masked) not authorized because method requires API Key and API Key is not associated with a Usage Plan for API Stage \(apiStage)")
    }

    /// The integration is about to send `request` to an HTTP backend.
    func sending(_ request: UpstreamRequest) {
        let uri = request.endpoint.description + request.head.uri
        note("Endpoint request URI: \(uri)")
        data("Endpoint request headers: " + ExecutionLogText.headers(request.head.headers))
        data("Endpoint request body after transformations: " + ExecutionLogText.body(request.body))
        note("Sending request to \(uri)")
    }

    /// The backend answered (or did not).
    func received(_ outcome: Result<IntegrationOutcome, UpstreamError>, latency: Int) {
        switch outcome {
        case .success(.upstream(let response)):
            note("Received response. Status: \(response.head.status.code), Integration latency: \(latency) ms")
            data("Endpoint response headers: " + ExecutionLogText.headers(response.head.headers))
            data("Endpoint response body before transformations: " + ExecutionLogText.body(response.body))
        case .success:
            break
        case .failure(.timedOut):
            failure("Execution failed due to a timeout error")
        case .failure(let error):
            failure("Execution failed due to configuration error: \(error)")
        }
    }

    /// The gateway-response phase rendered `response` (`error`: the failure it answers).
    func completed(_ response: GatewayHTTPResponse, error: GatewayError?) {
        let status = response.status.code
        if let error {
            // A backend that did not answer was told of when the call ended.
            if status >= 500, error.type != .integrationTimeout, error.type != .integrationFailure {
                failure("Execution failed due to configuration error: \(error.cause ?? error.message)")
            }
            failure("Gateway response type: \(error.type.rawValue) with status code: \(status)")
            data("Gateway response body: " + ExecutionLogText.body(response.body))
            data("Gateway response headers: " + ExecutionLogText.headers(response.headers))
            failure("Method completed with status: \(status)")
            return
        }
        data("Method response body after transformations: " + ExecutionLogText.body(response.body))
        data("Method response headers: " + ExecutionLogText.headers(response.headers))
        note("Successfully completed execution")
        if status >= 400 {
            failure("Method completed with status: \(status)")
        } else {
            note("Method completed with status: \(status)")
        }
    }
}
