import AWSClients
import NIOCore
import NIOHTTP1

/// REST `AWS` integrations with a Lambda function (non-proxy, "Lambda custom" integrations): the
/// URI `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function}/invocations`.
///
/// - Integration request: the request template's output is the event (the client's body when
///   the passthrough behaviour lets it through). The integration request headers
///   `X-Amz-Invocation-Type` (`RequestResponse`, `Event`, `DryRun`) and `X-Amz-Client-Context`,
///   when mapped (`integration.request.header.X-Amz-Invocation-Type = "'Event'"`), go to
///   Lambda's Invoke as AWS passes them; other header mappings do not reach Lambda.
/// - Integration: Invoke (`LambdaInvokeTarget`, on the loop's upstream pool) within
///   `timeoutInMillis`, signed with the integration's `credentials` role or the process's
///   credentials.
/// - Integration response: a function error (`X-Amz-Function-Error`) selects the response whose
///   `selectionPattern` matches the error's `errorMessage` (`LambdaErrorSelection`), else the
///   default, as AWS does (so an unmatched error answers the default status, 200 usually, with
///   the error document); a success selects the default. An `Event` invocation (Lambda's 202) and
///   a `DryRun` (204) select the default with an empty body.
///
/// Gateway responses: 504 `Endpoint request timed out` (no answer in time); 500 `Internal server
/// error` when Lambda refuses the call (unknown function, no permission, throttled) or cannot be
/// reached, when the answer is over 6 MB, or when no integration response is selected.
struct LambdaIntegration: IntegrationHandler {
    let invoke: LambdaInvokeTarget
    let requestTemplates: RequestTemplates
    let invocationType: MappingSource?
    let clientContext: MappingSource?
    let responses: IntegrationResponses
    let credentials: AWSCredentialSource
    let timeoutMilliseconds: Int64
    /// The integration's `contentHandling` of the request payload (`ContentHandling`).
    var requestContentHandling: ContentHandling? = nil

    /// Invocation types Lambda's Invoke takes.
    static let invocationTypes: Set<String> = ["RequestResponse", "Event", "DryRun"]

    func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError> {
        let payload: ByteBuffer
        switch requestTemplates.render(exchange, contentHandling: requestContentHandling) {
        case .failure(let error): return .failure(error)
        case .success(.passthrough):
            switch ContentHandling.request(exchange.body, handling: requestContentHandling, exchange: exchange) {
            case .failure(let error): return .failure(error)
            case .success(let converted): payload = converted ?? ByteBuffer()
            }
        case .success(.body(let text, _)): payload = text
        }
        let type = invocationType?.value(for: exchange) ?? "RequestResponse"
        guard Self.invocationTypes.contains(type) else {
            return .failure(.configuration(cause: "X-Amz-Invocation-Type '\(type.prefix(32))' is not one Lambda takes"))
        }
        let context = clientContext?.value(for: exchange).flatMap { HeaderValue.isSafe($0) ? $0 : nil }
        let trace = exchange.integrationTraceHeader(loop: loop)
        exchange.context.xrayTraceId = trace
        return invoke.call(
            payload, invocationType: type, clientContext: context, traceId: trace, credentials: credentials, loop: loop.eventLoop,
            dialect: .rest, timeoutMilliseconds: timeoutMilliseconds)
    }

    func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError> {
        guard case .upstream(let lambdaAnswer) = outcome else {
            return .failure(.configuration(cause: "a Lambda integration got no Lambda answer"))
        }
        guard let invocation = LambdaInvokeTarget.invocation(lambdaAnswer) else {
            return .failure(.configuration(cause: "the answer of \(function) is larger than Lambda's \(LambdaClient.maxResponseBytes) bytes"))
        }
        let entry: IntegrationResponses.Entry?
        var body: ByteBuffer? = invocation.payload
        switch invocation.status {
        case 200:
            entry = responses.select(lambdaInvocation: invocation)
        case 202, 204:
            entry = responses.defaultEntry
            body = nil
        default:
            return .failure(.configuration(cause: "Lambda refused to invoke \(function): status \(invocation.status)"))
        }
        guard let entry else {
            return .failure(.configuration(cause: "no integration response matches the answer of \(function) and there is no default"))
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        let answer = UpstreamResponse(head: HTTPResponseHead(version: .http1_1, status: .ok, headers: headers), body: body)
        return IntegrationResponseRenderer.render(entry, exchange: exchange, upstream: answer).map { $0.traced(exchange) }
    }

    private var function: String { invoke.function }

    func failure(for error: UpstreamError) -> GatewayError {
        let cause = "Lambda \(function): \(error)"
        if case .timedOut = error { return .restIntegrationTimeout(cause: cause) }
        return .configuration(cause: cause)
    }
}
