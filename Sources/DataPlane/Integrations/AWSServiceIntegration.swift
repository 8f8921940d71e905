import AWSClients
import AWSSignatureV4
import NIOCore
import NIOHTTP1

/// REST `AWS` integrations with an AWS service (every service but Lambda, which
/// `LambdaIntegration` calls): a SigV4-signed call to the service's endpoint, sent on the loop's
/// upstream pool.
///
/// - Integration request: the URI's `action/{Action}` sends `Action={Action}` (and the API
///   version, `Version=…`, and a form `Content-Type`, for query-protocol services such as SQS and
///   SNS) in the query, with
///   `X-Amz-Target: {prefix}.{Action}` and `application/x-amz-json-1.x` for JSON-protocol services
///   (DynamoDB, Kinesis, EventBridge, Step Functions…) unless the integration maps those headers;
///   `path/{path}` sends that path. Mapped query string parameters and headers are added; the
///   body is the request template's output (or the client's body when the passthrough behaviour
///   lets it through). The integration's `httpMethod` is the method.
/// - Credentials: the integration's `credentials` role (assumed through STS) or the process's.
/// - Integration response: the service's status selects the integration response
///   (`selectionPattern` against the status code), whose templates and header mappings make the
///   answer; REST answers get `X-Amzn-Trace-Id`.
///
/// Gateway responses: 504 `Endpoint request timed out` when the service does not answer within
/// `timeoutInMillis`; 500 `Internal server error` when the call cannot be made (no credentials,
/// role refused, endpoint unreachable) or no integration response matches and there is no
/// default; 415 when the passthrough behaviour refuses the media type.
struct AWSServiceIntegration: IntegrationHandler {
    let uri: AWSIntegrationURI
    let target: AWSServiceTarget
    let httpMethod: HTTPMethod
    let parameters: RestRequestParameters
    let requestTemplates: RequestTemplates
    let responses: IntegrationResponses
    let credentials: AWSCredentialSource
    let timeoutMilliseconds: Int64
    /// The integration's `contentHandling` of the request payload (`ContentHandling`).
    var requestContentHandling: ContentHandling? = nil

    func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError> {
        var path = "/"
        var query = ""
        var headers = HTTPHeaders()
        switch uri.kind {
        case .action(let action, let extra):
            query = "Action=" + action
            switch uri.service.actionProtocol {
            case .query(let version):
                if !parameters.mapsQuery("Version") { query += "&Version=" + version }
                headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")
            case .json(let prefix, let version):
                headers.add(name: "X-Amz-Target", value: "\(prefix).\(action)")
                headers.add(name: "Content-Type", value: "application/x-amz-json-\(version)")
            case .unknown:
                break
            }
            if !extra.isEmpty { query += "&" + extra }
        case .path(let parts, let extra):
            switch parts.filledPath(exchange, mappings: parameters.path) {
            case .success(let filled): path = filled
            case .failure(let why): return .failure(.configuration(cause: why.description))
            }
            query = extra ?? ""
        }
        for (name, source) in parameters.query {
            guard let value = source.value(for: exchange) else { continue }
            if !query.isEmpty { query += "&" }
            query += QueryString.encode(name) + "=" + QueryString.encode(value)
        }
        var body: ByteBuffer?
        switch requestTemplates.render(exchange, contentHandling: requestContentHandling) {
        case .failure(let error):
            return .failure(error)
        case .success(.passthrough):
            switch ContentHandling.request(exchange.body, handling: requestContentHandling, exchange: exchange) {
            case .failure(let error): return .failure(error)
            case .success(let converted): body = converted
            }
            if headers.first(name: "content-type") == nil, let contentType = exchange.head.headers.first(name: "content-type") {
                headers.add(name: "Content-Type", value: contentType)
            }
        case .success(.body(let text, let contentType)):
            body = text
            if headers.first(name: "content-type") == nil { headers.add(name: "Content-Type", value: contentType) }
        }
        if httpMethod == .GET || httpMethod == .HEAD { body = nil }
        headers.add(name: "Accept", value: "application/json")
        for (name, source) in parameters.headers {
            if let value = source.value(for: exchange), HeaderValue.isSafe(value) { headers.replaceOrAdd(name: name, value: value) }
        }
        let trace = exchange.integrationTraceHeader(loop: loop)
        exchange.context.xrayTraceId = trace
        headers.replaceOrAdd(name: "X-Amzn-Trace-Id", value: trace)
        return target.call(
            credentials, loop: loop.eventLoop, dialect: .rest, method: httpMethod, path: path, query: query, headers: headers, body: body,
            timeoutMilliseconds: timeoutMilliseconds)
    }

    func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError> {
        guard case .upstream(let response) = outcome else {
            return .failure(.configuration(cause: "an AWS integration got no service response"))
        }
        guard let entry = responses.select(String(response.head.status.code)) else {
            return .failure(
                .configuration(cause: "no integration response matches status \(response.head.status.code) of \(uri.service) and there is no default"))
        }
        return IntegrationResponseRenderer.render(entry, exchange: exchange, upstream: response).map { $0.traced(exchange) }
    }

    func failure(for error: UpstreamError) -> GatewayError {
        let cause = "\(uri.service) at \(target.endpoint): \(error)"
        if case .timedOut = error { return .restIntegrationTimeout(cause: cause) }
        return .configuration(cause: cause)
    }
}
