import Logging
public import NIOCore
public import NIOHTTP1

/// The life of a request, in AWS's order (`PhaseKind`), run in this one place:
///
/// ```
///  endpoint ─▶ stage phases (resourcePolicy, waf) ─▶ route ─▶ method phases (authorizer, apiKey,
///  throttle, requestValidation) ─▶ integrationRequest ─▶ cache ─▶ integration ─▶ integrationResponse
///  ─▶ gatewayResponse ─▶ (the connection writes) ─▶ afterWrite
/// ```
///
/// The connection (`DataPlaneHandler`) only frames bytes: it hands a complete request to
/// `resolve` (the endpoint phase) and `run`, writes the `PipelineResult`, then calls its
/// `afterWrite`. Every phase runs synchronously on the event loop unless it must wait (a Lambda
/// authorizer, the integration call); then the run resumes on the same loop. Every failure is a
/// `GatewayError` rendered by the gateway-response phase, so no phase writes to the client.
public enum RequestPipeline {
    /// What the endpoint phase decided.
    public enum Resolution {
        /// An API and stage serve the request: run the rest of the pipeline for it.
        case exchange(Exchange)
        /// Answered already (no API there, or a CORS preflight the gateway answers itself).
        case answered(PipelineResult)
    }

    // MARK: Endpoint

    /// The endpoint phase: finds API and stage (`EndpointResolver`), makes the exchange and its
    /// `$context` ids, and answers HTTP API CORS preflights as AWS does, before any route.
    public static func resolve(_ request: IncomingRequest, loop: LoopContext) -> Resolution {
        let head = request.head
        let uri = head.uri[...]
        let queryStart = uri.firstIndex(of: "?")
        let path = queryStart.map { uri[..<$0] } ?? uri
        let rawQuery = queryStart.map { uri[uri.index(after: $0)...] }
        let found: EndpointResolver.Resolution
        switch EndpointResolver.resolve(host: head.headers.first(name: "host")?[...], path: path, headers: head.headers, in: loop.gateway) {
        case .failure(.notFound(let kind)):
            return .answered(reject(ApiDialect.of(kind).notFound, dialect: .of(kind), loop: loop))
        case .failure(.forbidden(let kind)):
            return .answered(reject(kind == .rest ? .endpointForbidden : .httpApiNotFound, dialect: .of(kind), loop: loop))
        case .success(let resolution):
            found = resolution
        }
        // TLS by domain: the connection's SNI domain and, with mutual TLS, its client certificate.
        let connection = ConnectionDomainCheck.check(
            customDomain: found.customDomain, session: request.tls, mutualTLS: loop.gateway.mutualTLS)
        // A stage with a canary sends its share of requests to the canary variant, here, once.
        let stage = found.stage.variant(&loop.canaryRandom)
        var context = RequestContext()
        (context.requestId, context.extendedRequestId) = stage.dialect.makeRequestIds(&loop.identifiers)
        context.apiId = stage.apiId
        context.accountId = loop.gateway.identities.accountId
        context.stage = stage.name
        context.deploymentId = stage.deploymentId
        context.isCanaryRequest = stage.isCanary
        context.httpMethod = head.method.rawValue
        context.path = String(path)
        context.protocol = protocolName(head.version)
        context.sourceIp = request.sourceIp
        context.userAgent = head.headers.first(name: "user-agent")
        context.requestTimeEpoch = request.receivedAtMilliseconds
        context.domainName = found.domainName
        context.domainPrefix = found.domainPrefix
        if case .success(let certificate) = connection { context.clientCert = certificate }
        let exchange = Exchange(
            head: head, body: request.body, context: context, resourcePathRequested: found.path, rawQuery: rawQuery, stage: stage,
            eventLoop: loop.eventLoop, isSecure: request.isSecure, localPort: request.localPort, usagePlans: loop.gateway.usagePlans,
            identities: loop.gateway.identities)
        if stage.recordsExecution || stage.executionLogging != nil {
            exchange.trace = ExecutionTrace(setting: stage.executionLogging?.stageDefault)
        }
        exchange.trace?.entered(.endpoint)
        exchange.trace?.note("Extended Request Id: \(context.extendedRequestId)")
        if let tracing = stage.tracing { exchange.beginTrace(tracing, loop: loop) }
        if case .failure(let error) = connection {
            return .answered(gatewayResponse(.failure(error), exchange, loop))
        }
        if let cors = stage.cors, let origin = head.headers.first(name: "origin"), CorsPolicy.isPreflight(head) {
            let response = GatewayHTTPResponse(status: .noContent, headers: cors.preflightHeaders(origin: origin))
            return .answered(gatewayResponse(.success(response), exchange, loop))
        }
        return .exchange(exchange)
    }

    // MARK: From the stage phases to the gateway response

    /// Runs every phase after the endpoint, then hands the response to `finish` (on the loop).
    public static func run(_ exchange: Exchange, loop: LoopContext, finish: @escaping (PipelineResult) -> Void) {
        let stage = exchange.stage
        guard !stage.phases.isEmpty else {
            route(exchange, loop, finish)
            return
        }
        runPhases(stage.phases[...], exchange, loop, finish) {
            route(exchange, loop, finish)
        }
    }

    private static func route(_ exchange: Exchange, _ loop: LoopContext, _ finish: @escaping (PipelineResult) -> Void) {
        exchange.trace?.entered(.route)
        let stage = exchange.stage
        guard let (method, match) = stage.route(method: exchange.head.method.rawValue, path: exchange.resourcePathRequested) else {
            finish(gatewayResponse(.failure(stage.dialect.notFound), exchange, loop))
            return
        }
        exchange.method = method
        exchange.trace?.routed(method, stage: stage)
        exchange.context.resourceId = method.resourceId
        exchange.context.resourcePath = method.resourcePath
        exchange.context.routeKey = method.routeKey
        if let match {
            exchange.pathParameters = zip(method.parameterNames, match.parameters).map { ($0, $1) }
        }
        guard !method.requestPhases.isEmpty else {
            integrationRequest(method, exchange, loop, finish)
            return
        }
        runPhases(method.requestPhases[...], exchange, loop, finish) {
            integrationRequest(method, exchange, loop, finish)
        }
    }

    private static func integrationRequest(
        _ method: CompiledMethod, _ exchange: Exchange, _ loop: LoopContext, _ finish: @escaping (PipelineResult) -> Void
    ) {
        exchange.trace?.entered(.integrationRequest)
        exchange.trace?.startingExecution(exchange, method: method)
        let call: IntegrationCall
        switch method.integration.prepare(exchange, loop: loop) {
        case .failure(let error):
            finish(gatewayResponse(.failure(error), exchange, loop))
            return
        case .success(let prepared):
            call = prepared
        }
        guard !method.cachePhases.isEmpty else {
            cache(call, method, exchange, loop, finish)
            return
        }
        runPhases(method.cachePhases[...], exchange, loop, finish) {
            cache(call, method, exchange, loop, finish)
        }
    }

    /// The stage cache (`CachePhase`): a hit answers without the integration; a miss goes on and
    /// leaves `cacheFill` for the integration response.
    private static func cache(
        _ call: IntegrationCall, _ method: CompiledMethod, _ exchange: Exchange, _ loop: LoopContext,
        _ finish: @escaping (PipelineResult) -> Void
    ) {
        guard let phase = method.cache, let cache = exchange.stage.cache else {
            integration(call, method, exchange, loop, finish)
            return
        }
        exchange.trace?.entered(.cache)
        switch phase.lookup(exchange, in: cache) {
        case .hit(let response): finish(gatewayResponse(.success(response), exchange, loop))
        case .refuse(let error): finish(gatewayResponse(.failure(error), exchange, loop))
        case .bypass: integration(call, method, exchange, loop, finish)
        case .miss(let fill):
            exchange.cacheFill = fill
            integration(call, method, exchange, loop, finish)
        }
    }

    private static func integration(
        _ call: IntegrationCall, _ method: CompiledMethod, _ exchange: Exchange, _ loop: LoopContext,
        _ finish: @escaping (PipelineResult) -> Void
    ) {
        exchange.trace?.entered(.integration)
        switch call {
        case .local(let outcome):
            integrationResponse(.success(outcome), method, exchange, loop, finish)
        case .pending(let ready):
            // Made once what it waits for is there (a role's credentials): the run resumes on the loop.
            ready.hop(to: loop.eventLoop).assumeIsolated().whenComplete { result in
                switch result {
                case .success(.success(let call)): integration(call, method, exchange, loop, finish)
                case .success(.failure(let error)): finish(gatewayResponse(.failure(error), exchange, loop))
                case .failure(let error):
                    finish(gatewayResponse(.failure(exchange.stage.dialect.internalError(cause: "\(error)")), exchange, loop))
                }
            }
        case .upstream(let request):
            let started = NIODeadline.now()
            exchange.trace?.sending(request)
            exchange.spans?.integrationStarted()
            exchange.cancellation = loop.upstreams.execute(request) { result in
                exchange.cancellation = nil
                exchange.spans?.integrationEnded()
                exchange.integrationLatency = Int((NIODeadline.now() - started).nanoseconds / 1_000_000)
                if case .success(let response) = result { exchange.integrationStatus = Int(response.head.status.code) }
                integrationResponse(result.map { .upstream($0) }, method, exchange, loop, finish)
            }
        }
    }

    private static func integrationResponse(
        _ outcome: Result<IntegrationOutcome, UpstreamError>, _ method: CompiledMethod, _ exchange: Exchange, _ loop: LoopContext,
        _ finish: @escaping (PipelineResult) -> Void
    ) {
        exchange.trace?.entered(.integrationResponse)
        exchange.trace?.received(outcome, latency: exchange.integrationLatency ?? 0)
        var result: Result<GatewayHTTPResponse, GatewayError>
        switch outcome {
        case .success(let outcome): result = method.integration.respond(exchange, to: outcome)
        case .failure(let error): result = .failure(method.integration.failure(for: error))
        }
        exchange.cacheFill?.complete(&result, exchange)
        finish(gatewayResponse(result, exchange, loop))
    }

    /// The gateway-response phase: every failure becomes AWS's answer for its type, and every
    /// answer gets the dialect's headers (request ids) and the stage's CORS headers.
    private static func gatewayResponse(
        _ result: Result<GatewayHTTPResponse, GatewayError>, _ exchange: Exchange, _ loop: LoopContext
    ) -> PipelineResult {
        exchange.trace?.entered(.gatewayResponse)
        let stage = exchange.stage
        var response: GatewayHTTPResponse
        switch result {
        case .success(let answer):
            response = answer
        case .failure(let error):
            exchange.error = error
            log(error, exchange.context, loop)
            response = stage.gatewayResponses.render(error, exchange: exchange, logger: loop.logger)
        }
        stage.dialect.stamp(&response.headers, requestId: exchange.context.requestId, extendedRequestId: exchange.context.extendedRequestId)
        if let cors = stage.cors, let origin = exchange.head.headers.first(name: "origin") {
            cors.decorate(&response.headers, origin: origin)
        }
        exchange.trace?.completed(response, error: exchange.error)
        return PipelineResult(response: response, exchange: exchange, observers: loop.gateway.observers)
    }

    /// An answer before any API is known (no API there, or a request the connection refused
    /// before the pipeline: over a quota, not HTTP).
    public static func reject(_ error: GatewayError, dialect: ApiDialect, loop: LoopContext) -> PipelineResult {
        var response = ErrorResponseRenderer.render(error, allocator: ByteBufferAllocator())
        let (requestId, extendedRequestId) = dialect.makeRequestIds(&loop.identifiers)
        dialect.stamp(&response.headers, requestId: requestId, extendedRequestId: extendedRequestId)
        return PipelineResult(response: response, exchange: nil, observers: loop.gateway.observers)
    }

    // MARK: Running phases

    /// Runs `phases` in order; `next` when all proceed, the gateway response when one answers.
    /// A phase that suspends resumes the run on the loop.
    private static func runPhases(
        _ phases: ArraySlice<any RequestPhase>, _ exchange: Exchange, _ loop: LoopContext,
        _ finish: @escaping (PipelineResult) -> Void, next: @escaping () -> Void
    ) {
        var remaining = phases
        while let phase = remaining.popFirst() {
            exchange.trace?.entered(phase.kind)
            exchange.spans?.phaseStarted(phase.kind)
            switch phase.process(exchange) {
            case .proceed:
                exchange.spans?.phaseEnded(phase.kind)
                continue
            case .respond(let error):
                exchange.spans?.phaseEnded(phase.kind)
                finish(gatewayResponse(.failure(error), exchange, loop))
                return
            case .suspend(let wait):
                let rest = remaining
                let kind = phase.kind
                wait { outcome in
                    exchange.spans?.phaseEnded(kind)
                    switch outcome {
                    case .proceed: runPhases(rest, exchange, loop, finish, next: next)
                    case .respond(let error): finish(gatewayResponse(.failure(error), exchange, loop))
                    case .suspend:
                        finish(gatewayResponse(.failure(exchange.stage.dialect.internalError(cause: "a phase suspended twice")), exchange, loop))
                    }
                }
                return
            }
        }
        next()
    }

    private static func log(_ error: GatewayError, _ context: RequestContext, _ loop: LoopContext) {
        let level: Logger.Level = error.status.code >= 500 ? .warning : .debug
        loop.logger.log(
            level: level, "\(error.type): \(error.cause ?? error.message)",
            metadata: ["requestId": "\(context.requestId)", "apiId": "\(context.apiId)", "stage": "\(context.stage)"])
    }

    static func protocolName(_ version: HTTPVersion) -> String {
        switch (version.major, version.minor) {
        case (1, 1): "HTTP/1.1"
        case (2, _): "HTTP/2.0"
        case (1, 0): "HTTP/1.0"
        default: "HTTP/\(version.major).\(version.minor)"
        }
    }
}

/// A complete request, as the connection hands it to the pipeline.
public struct IncomingRequest {
    public let head: HTTPRequestHead
    public let body: ByteBuffer?
    public let sourceIp: String
    public let localPort: Int
    public let isSecure: Bool
    public let receivedAtMilliseconds: Int64
    /// What the connection's TLS handshake established (SNI domain, client certificate).
    public let tls: TLSSession?

    public init(
        head: HTTPRequestHead, body: ByteBuffer?, sourceIp: String, localPort: Int, isSecure: Bool, receivedAtMilliseconds: Int64,
        tls: TLSSession? = nil
    ) {
        self.tls = tls
        self.head = head
        self.body = body
        self.sourceIp = sourceIp
        self.localPort = localPort
        self.isSecure = isSecure
        self.receivedAtMilliseconds = receivedAtMilliseconds
    }
}

/// What the pipeline hands back: the response to write, and the after-write phase to run once
/// it is written.
public struct PipelineResult {
    public var response: GatewayHTTPResponse
    /// nil when no API matched.
    public let exchange: Exchange?
    let observers: [any AfterWriteObserver]

    /// The after-write phase: access logs, metrics and spans, once, after the write.
    public func afterWrite(atMilliseconds now: Int64) {
        exchange?.trace?.entered(.afterWrite)
        for observer in observers {
            observer.requestCompleted(exchange, response: response, writtenAtMilliseconds: now)
        }
    }
}
