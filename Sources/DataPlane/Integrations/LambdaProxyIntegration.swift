import AWSClients
import JSON
import NIOCore
import NIOHTTP1

/// Lambda proxy integrations (`AWS_PROXY`): REST APIs (payload 1.0) and HTTP APIs (payload 1.0
/// or 2.0).
///
/// - Integration request: AWS's event for the format (`LambdaEvents`), with the body as text or
///   base64 (REST: by the API's `binaryMediaTypes`; HTTP APIs: text types only).
/// - Integration: a synchronous Invoke (`LambdaInvokeTarget`, on the loop's upstream pool) of
///   the function the URI names
///   (`arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function}/invocations`,
///   `${stageVariables.x}` resolved when compiled: aliases per stage), within `timeoutInMillis`
///   (REST 29 s, HTTP APIs 30 s by default).
/// - Integration response: the function's output read by `LambdaProxyResponse`. REST answers
///   also get `X-Amzn-Trace-Id`, and the function's `Content-Length`, `Connection`, `Date`,
///   `x-amzn-RequestId` come back as `x-amzn-Remapped-…` as for HTTP_PROXY.
///
/// Gateway responses:
///
/// | what happened | REST | HTTP APIs |
/// |---|---|---|
/// | malformed output, function error (`X-Amz-Function-Error`), output over 6 MB | 502 `Internal server error` | 500 `Internal Server Error` |
/// | no answer within the timeout | 504 `Endpoint request timed out` (`INTEGRATION_TIMEOUT`) | 503 `Service Unavailable` |
/// | Lambda refused the call (unknown function, no permission, throttled), unreachable, no credentials | 500 `Internal server error` | 500 `Internal Server Error` |
struct LambdaProxyIntegration: IntegrationHandler {
    enum Format: Sendable {
        case rest
        case httpV1
        case httpV2
    }

    let format: Format
    let invoke: LambdaInvokeTarget
    /// The process's credentials (AWS_PROXY integrations take no role yet).
    let credentials: AWSCredentialSource
    let timeoutMilliseconds: Int64
    /// REST: which request and response bodies are binary.
    let binaryMediaTypes: BinaryMediaTypes

    func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError> {
        let event: JSONObject
        switch format {
        case .rest: event = LambdaEvents.restProxy(exchange, binaryMediaTypes: binaryMediaTypes)
        case .httpV1: event = LambdaEvents.httpV1Proxy(exchange)
        case .httpV2: event = LambdaEvents.httpV2Proxy(exchange)
        }
        let payload = ByteBuffer(string: JSONWriter.compact(.object(event)))
        // Lambda is told of the trace as every AWS service is: `X-Amzn-Trace-Id` on the Invoke call
        // (the function sees it as `_X_AMZN_TRACE_ID`); REST answers carry it back.
        let traceHeader = exchange.integrationTraceHeader(loop: loop)
        exchange.context.xrayTraceId = traceHeader
        return invoke.call(
            payload, traceId: traceHeader, credentials: credentials, loop: loop.eventLoop, dialect: format == .rest ? .rest : .http,
            timeoutMilliseconds: timeoutMilliseconds)
    }

    private var function: String { invoke.function }

    func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError> {
        guard case .upstream(let answer) = outcome else { return .failure(unavailable("a Lambda integration got no Lambda answer")) }
        guard let invocation = LambdaInvokeTarget.invocation(answer) else {
            return .failure(malformed("the answer of \(function) is larger than Lambda's \(LambdaClient.maxResponseBytes) bytes"))
        }
        guard invocation.status == 200 else {
            return .failure(unavailable("Lambda refused to invoke \(function): status \(invocation.status)"))
        }
        if let kind = invocation.functionError {
            return .failure(malformed("the function \(function) failed (\(kind.prefix(32)))"))
        }
        let parsed: Result<GatewayHTTPResponse, LambdaProxyResponse.Malformed>
        switch format {
        case .rest:
            let accept = exchange.head.headers.first(name: "accept")
            parsed = LambdaProxyResponse.payloadV1(invocation.payload) { headers in
                binaryMediaTypes.matches(accept) || binaryMediaTypes.matches(headers.first(name: "content-type"))
            }
        case .httpV1: parsed = LambdaProxyResponse.payloadV1(invocation.payload) { _ in true }
        case .httpV2: parsed = LambdaProxyResponse.payloadV2(invocation.payload)
        }
        switch parsed {
        case .failure(let malformedOutput):
            return .failure(malformed("malformed Lambda proxy response from \(function): \(malformedOutput)"))
        case .success(var response):
            if format == .rest {
                response.headers = ProxyHeaderRules.restProxyResponseHeaders(response.headers)
                if let trace = exchange.context.xrayTraceId { response.headers.replaceOrAdd(name: "X-Amzn-Trace-Id", value: trace) }
            } else {
                response.headers = ProxyHeaderRules.httpApiProxyResponseHeaders(response.headers)
            }
            return .success(response)
        }
    }

    func failure(for error: UpstreamError) -> GatewayError {
        let cause = "Lambda \(function): \(error)"
        switch (format, error) {
        case (.rest, .timedOut): return .restIntegrationTimeout(cause: cause)
        case (_, .timedOut): return .httpApiTimeout(cause: cause)
        case (_, .responseTooLarge): return malformed(cause)
        default: return unavailable(cause)
        }
    }

    /// The call could not be made or Lambda refused it: 500.
    private func unavailable(_ cause: String) -> GatewayError {
        format == .rest ? .configuration(cause: cause) : .httpApiInternalError(cause: cause)
    }

    /// The function failed or answered something that is not a proxy response: REST 502.
    private func malformed(_ cause: String) -> GatewayError {
        format == .rest ? .badGateway(cause: cause) : .httpApiInternalError(cause: cause)
    }
}
