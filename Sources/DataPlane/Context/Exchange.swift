public import NIOCore
import JSON
public import NIOHTTP1

/// One request on its way through the pipeline: what the client sent, what the endpoint step and
/// the router found, and the `$context`. Owned by the connection's event loop; never shared.
public final class Exchange {
    public let head: HTTPRequestHead
    public let body: ByteBuffer?
    public var context: RequestContext
    /// The path below the stage, without the query: what the router matched (`/pets/7`).
    public let resourcePathRequested: Substring
    /// The raw query string without `?`, if any.
    public let rawQuery: Substring?
    /// Path parameter names (from the matched template) and raw, still percent-encoded values.
    public internal(set) var pathParameters: [(name: String, value: Substring)] = []
    public let stage: CompiledStage
    /// The loop the request runs on: a phase that must wait (a Lambda authorizer, a key-set
    /// refresh) completes its work here, so the request never changes threads.
    public let eventLoop: any EventLoop
    /// Whether the client connection is TLS (for `X-Forwarded-Proto`).
    public let isSecure: Bool
    /// The port the client connected to (for `X-Forwarded-Port`).
    public let localPort: Int
    private var parsedQuery: [(name: String, value: String)]?
    /// The body as JSON, parsed on first use by validation or body mappings (`Exchange+JSONBody`).
    var parsedBody: Result<JSONValue, JSONParseError>?
    /// The upstream exchange in flight, if any: cancelled when the client goes away.
    var cancellation: UpstreamCancellation?
    /// The API keys and usage plans of the gateway this request runs on (they change without a
    /// redeployment, so phases read them here rather than capture them).
    public let usagePlans: CompiledUsagePlans
    /// Who may sign `AWS_IAM` requests on the gateway this request runs on.
    public let identities: CompiledIdentities
    /// The VPC endpoint the request came through, when the resource-policy phase looked for one.
    var vpcEndpoint: PrivateEndpoints.Endpoint?
    /// The resource policy's verdict, for the authorization phases after routing.
    var resourcePolicy: ResourcePolicyVerdict?
    /// The API key the API key phase accepted (read by the throttle phase: one lookup a request).
    var apiKey: CompiledUsagePlans.Key?
    /// The API key value a Lambda authorizer returned (`usageIdentifierKey`), for the API key
    /// phase when the API's `apiKeySource` is `AUTHORIZER`.
    var authorizerApiKey: String?
    /// The method or route the router chose (nil before routing, or when none matched).
    public internal(set) var method: CompiledMethod?
    /// `$context.integrationLatency`: milliseconds from the integration call to its answer
    /// (nil when no backend was called).
    public internal(set) var integrationLatency: Int?
    /// `$context.integrationStatus`: the status the backend answered with.
    public internal(set) var integrationStatus: Int?
    /// The failure the gateway-response phase rendered, if any (`$context.error.*`).
    public internal(set) var error: GatewayError?
    /// The phases this request passed, when its stage records them.
    public internal(set) var trace: ExecutionTrace?
    /// What the request template set in `$context.requestOverride` / `responseOverride`.
    public internal(set) var templateOverrides: TemplateOverrides?
    /// Whether the stage cache answered (nil: the method is not cached for this request).
    public internal(set) var cacheStatus: CacheStatus?
    /// A cache miss: where the integration response's answer is stored.
    var cacheFill: CacheFill?
    /// The request's trace (X-Ray and W3C), on traced stages (`CompiledStage.tracing`).
    public internal(set) var traceContext: TraceContext?
    /// The span times of a sampled request whose spans are exported.
    public internal(set) var spans: RequestSpans?

    init(
        head: HTTPRequestHead, body: ByteBuffer?, context: RequestContext, resourcePathRequested: Substring,
        rawQuery: Substring?, stage: CompiledStage, eventLoop: any EventLoop, isSecure: Bool, localPort: Int,
        usagePlans: CompiledUsagePlans = .empty, identities: CompiledIdentities = .none
    ) {
        self.eventLoop = eventLoop
        self.usagePlans = usagePlans
        self.identities = identities
        self.head = head
        self.body = body
        self.context = context
        self.resourcePathRequested = resourcePathRequested
        self.rawQuery = rawQuery
        self.stage = stage
        self.isSecure = isSecure
        self.localPort = localPort
    }

    /// The client is gone: abandons what is in flight for it.
    func cancel() {
        let pending = cancellation
        cancellation = nil
        pending?.cancel()
    }

    /// A path parameter's raw value.
    public func pathParameter(_ name: String) -> Substring? {
        pathParameters.first { $0.name == name }?.value
    }

    /// Query parameters, percent-decoded, in order; parsed on first use only.
    public var queryParameters: [(name: String, value: String)] {
        if let parsedQuery { return parsedQuery }
        let parsed = rawQuery.map(QueryString.parse) ?? []
        parsedQuery = parsed
        return parsed
    }
}
