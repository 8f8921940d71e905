import Crypto
import GatewayModel
import IAMPolicy
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DataPlane

/// The REST stage cache through the real pipeline (`RequestPipeline`) on an embedded loop, with a
/// backend that counts its calls and the request time as the clock: keying by
/// `cacheKeyParameters`, TTL, verbs, `Cache-Control: max-age=0` under each strategy, flushes,
/// sealed entries and the LRU bound.
@Suite struct StageCacheTests {
    /// A backend that answers `call N` and counts.
    final class Backend: IntegrationHandler, @unchecked Sendable {  // one embedded loop only
        var calls = 0
        var status: HTTPResponseStatus = .ok
        func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError> {
            .success(.local(.mock(statusCode: 200)))
        }
        func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError> {
            calls += 1
            return .success(GatewayHTTPResponse(status: status, headers: ["Content-Type": "text/plain"], body: ByteBuffer(string: "call \(calls)")))
        }
        func failure(for error: UpstreamError) -> GatewayError { .configuration(cause: "\(error)") }
    }

    struct Served {
        let backend: Backend
        let context: LoopContext
        let loop: EmbeddedEventLoop
        let cache: StageCache

        /// Sends `verb uri` at `time` (ms) and returns status, headers and body.
        func send(
            _ uri: String, verb: HTTPMethod = .GET, headers: HTTPHeaders = [:], at time: Int64 = 0, accessKey: String? = nil
        ) -> (status: HTTPResponseStatus, headers: HTTPHeaders, body: String, cache: CacheStatus?) {
            var head = HTTPRequestHead(version: .http1_1, method: verb, uri: uri, headers: headers)
            head.headers.add(name: "Host", value: "localhost")
            let request = IncomingRequest(head: head, body: nil, sourceIp: "127.0.0.1", localPort: 8080, isSecure: false, receivedAtMilliseconds: time)
            guard case .exchange(let exchange) = RequestPipeline.resolve(request, loop: context) else { return (.notFound, [:], "", nil) }
            exchange.context.identityAccessKey = accessKey
            var result: PipelineResult?
            RequestPipeline.run(exchange, loop: context) { result = $0 }
            loop.run()
            let response = result?.response
            return (response?.status ?? .internalServerError, response?.headers ?? [:], response?.body.map { String(buffer: $0) } ?? "", exchange.cacheStatus)
        }
    }

    /// One stage `dev` with `verb /pets/{id}` cached under `settings` (`*/*` unless keyed).
    private func serve(
        verb: String = "GET", settings: [String: MethodSetting], keys: [String] = [], mappings: [String: String] = [:],
        identities: CompiledIdentities = .none
    ) throws -> Served {
        var diagnostics: [String] = []
        let integration = Integration(type: .http, requestParameters: mappings, cacheKeyParameters: keys)
        let phase = CachePhase.compile(
            resourceId: "r1", resourcePath: "/pets/{id}", verb: verb, integration: integration, methodSettings: settings, stageVariables: [:],
            where: "test", diagnostics: &diagnostics)
        #expect(phase != nil, "\(diagnostics)")
        let loop = EmbeddedEventLoop()
        let backend = Backend()
        let method = CompiledMethod(
            resourceId: "r1", resourcePath: "/pets/{id}", httpMethod: verb, routeKey: "", parameterNames: ["id"], phases: [],
            integration: backend, cache: phase)
        var builder = PathRouter<MethodTable>.Builder()
        var table = MethodTable()
        table.methods[verb] = method
        builder.add(try PathTemplate(parsing: "/pets/{id}"), table) { $1 }
        var stage = CompiledStage(apiId: "a", kind: .rest, name: "dev", deploymentId: "d", variables: [:], router: builder.build(), defaultRoute: nil)
        let cache = StageCache(capacity: 500_000_000, budget: StageCacheBudget(limit: 64 << 20), sealingKey: SymmetricKey(size: .bits256))
        stage.cache = cache
        let gateway = CompiledGateway(
            apis: [CompiledApi(apiId: "a", name: "a", kind: .rest, stages: ["dev": stage], executeApiEndpointDisabled: false)], identities: identities)
        let context = LoopContext(
            eventLoop: loop, gateway: gateway, upstreams: UpstreamConnectionPool(eventLoop: loop, tls: UpstreamTLSContexts()),
            logger: Logger(label: "test"))
        return Served(backend: backend, context: context, loop: loop, cache: cache)
    }

    private func caching(ttl: Int? = nil, require: Bool? = nil, strategy: String? = nil, encrypted: Bool? = nil) -> MethodSetting {
        var setting = MethodSetting()
        setting.cachingEnabled = true
        setting.cacheTtlInSeconds = ttl
        setting.requireAuthorizationForCacheControl = require
        setting.unauthorizedCacheControlHeaderStrategy = strategy
        setting.cacheDataEncrypted = encrypted
        return setting
    }

    @Test func aRepeatedGetIsAnsweredFromTheCache() throws {
        let served = try serve(settings: ["*/*": caching()])
        let first = served.send("/dev/pets/1")
        let second = served.send("/dev/pets/1", at: 1_000)
        #expect(first.body == "call 1" && first.cache == .miss)
        #expect(second.body == "call 1" && second.cache == .hit)
        #expect(second.headers["Content-Type"] == ["text/plain"])
        #expect(second.headers["x-amzn-RequestId"].count == 1, "a hit still gets its own request id")
        #expect(first.headers["x-amzn-RequestId"] != second.headers["x-amzn-RequestId"])
        #expect(served.backend.calls == 1)
    }

    /// Only the listed parameters key an entry: the path itself does not (AWS: a `{proxy+}`
    /// without its parameter in the key answers every path alike).
    @Test func cacheKeyParametersKeyEntries() throws {
        let served = try serve(settings: ["*/*": caching()], keys: ["method.request.querystring.type", "method.request.header.X-Tenant"])
        #expect(served.send("/dev/pets/1?type=a&other=1", headers: ["X-Tenant": "t1"]).body == "call 1")
        #expect(served.send("/dev/pets/1?type=a&other=2", headers: ["X-Tenant": "t1"]).body == "call 1", "not a key parameter")
        #expect(served.send("/dev/pets/2?type=a", headers: ["X-Tenant": "t1"]).body == "call 1", "the path is not in the key")
        #expect(served.send("/dev/pets/1?type=b", headers: ["X-Tenant": "t1"]).body == "call 2")
        #expect(served.send("/dev/pets/1?type=a", headers: ["X-Tenant": "t2"]).body == "call 3")
        #expect(served.send("/dev/pets/1?type=a").body == "call 4", "an absent value is a value of its own")
        #expect(served.send("/dev/pets/1?type=", headers: ["X-Tenant": ""]).body == "call 5", "absent is not empty")
    }

    @Test func integrationRequestParametersKeyByTheirMapping() throws {
        let served = try serve(
            settings: ["*/*": caching()], keys: ["integration.request.path.id"], mappings: ["integration.request.path.id": "method.request.path.id"])
        #expect(served.send("/dev/pets/1").body == "call 1")
        #expect(served.send("/dev/pets/1").body == "call 1")
        #expect(served.send("/dev/pets/2").body == "call 2")
        var diagnostics: [String] = []
        let unreadable = CachePhase.compile(
            resourceId: "r", resourcePath: "/p", verb: "GET", integration: Integration(type: .http, cacheKeyParameters: ["integration.request.header.x"]),
            methodSettings: ["*/*": caching()], stageVariables: [:], where: "GET /p", diagnostics: &diagnostics)
        #expect(unreadable == nil, "a key that cannot be read must not merge requests: the method is not cached")
        #expect(diagnostics == ["GET /p: cache key parameter 'integration.request.header.x' cannot be read; the method is not cached"])
    }

    @Test func entriesLiveForTheirTTL() throws {
        let served = try serve(settings: ["*/*": caching(ttl: 60)])
        #expect(served.send("/dev/pets/1", at: 0).body == "call 1")
        #expect(served.send("/dev/pets/1", at: 59_999).body == "call 1")
        #expect(served.send("/dev/pets/1", at: 60_000).body == "call 2")
        #expect(served.send("/dev/pets/1", at: 60_001).body == "call 2")
    }

    /// Any status the integration response answers is cached, as AWS caches a backend's 429.
    @Test func errorAnswersOfTheBackendAreCached() throws {
        let served = try serve(settings: ["*/*": caching()])
        served.backend.status = .tooManyRequests
        #expect(served.send("/dev/pets/1").status == .tooManyRequests)
        served.backend.status = .ok
        #expect(served.send("/dev/pets/1").status == .tooManyRequests)
        #expect(served.backend.calls == 1)
    }

    @Test func settingsFollowAWSInheritance() {
        func phase(_ verb: String, _ settings: [String: MethodSetting]) -> CachePhase? {
            var diagnostics: [String] = []
            return CachePhase.compile(
                resourceId: "r", resourcePath: "/pets", verb: verb, integration: Integration(type: .http), methodSettings: settings,
                stageVariables: [:], where: "", diagnostics: &diagnostics)
        }
        #expect(phase("GET", ["*/*": caching()])?.ttlMilliseconds == 300_000, "300 s by default")
        #expect(phase("GET", ["*/*": caching(ttl: 99_999)])?.ttlMilliseconds == 3_600_000, "at most 3600 s")
        #expect(phase("GET", ["*/*": caching(ttl: 0)]) == nil, "0 caches nothing")
        #expect(phase("GET", [:]) == nil)
        #expect(phase("POST", ["*/*": caching()]) == nil, "the stage's settings cache GET methods only")
        #expect(phase("POST", ["pets/POST": caching()])?.cachesOtherVerbs == true, "other verbs need their own setting")
        var off = MethodSetting()
        off.cachingEnabled = false
        #expect(phase("GET", ["*/*": caching(), "pets/GET": off]) == nil, "the method's own entry wins")
        let any = phase("ANY", ["*/*": caching()])
        #expect(any?.cachesGet == true && any?.cachesOtherVerbs == false)
        let strict = phase("GET", ["*/*": caching(strategy: "FAIL_WITH_403")])
        #expect(strict?.requireAuthorization == true && strict?.strategy == .failWith403)
        #expect(phase("GET", ["*/*": caching()])?.strategy == .succeedWithResponseHeader)
    }

    @Test func otherVerbsOfAnAnyMethodBypassTheCache() throws {
        let served = try serve(verb: "ANY", settings: ["*/*": caching()])
        #expect(served.send("/dev/pets/1", verb: .POST).cache == nil)
        #expect(served.send("/dev/pets/1", verb: .POST).body == "call 2")
        #expect(served.send("/dev/pets/1").body == "call 3")
        #expect(served.send("/dev/pets/1").body == "call 3")
    }

    // MARK: Cache-Control: max-age=0

    @Test func invalidationWithoutRequiredAuthorizationRefreshesTheEntry() throws {
        let served = try serve(settings: ["*/*": caching(require: false)])
        #expect(served.send("/dev/pets/1").body == "call 1")
        let fresh = served.send("/dev/pets/1", headers: ["Cache-Control": "no-store, Max-Age=0"])
        #expect(fresh.body == "call 2" && fresh.cache == .miss)
        #expect(served.send("/dev/pets/1").body == "call 2", "the fresh answer replaced the entry")
        #expect(served.send("/dev/pets/1", headers: ["Cache-Control": "max-age=60"]).body == "call 2")
    }

    @Test func unauthorizedInvalidationFollowsTheStrategy() throws {
        let warned = try serve(settings: ["*/*": caching()])
        _ = warned.send("/dev/pets/1")
        let ignored = warned.send("/dev/pets/1", headers: ["Cache-Control": "max-age=0"])
        #expect(ignored.body == "call 1")
        #expect(ignored.headers["Warning"] == ["199 Cache-control headers were ignored because the caller was unauthorized."])

        let silent = try serve(settings: ["*/*": caching(strategy: "SUCCEED_WITHOUT_RESPONSE_HEADER")])
        _ = silent.send("/dev/pets/1")
        let quiet = silent.send("/dev/pets/1", headers: ["Cache-Control": "max-age=0"])
        #expect(quiet.body == "call 1" && quiet.headers["Warning"].isEmpty)

        let strict = try serve(settings: ["*/*": caching(strategy: "FAIL_WITH_403")])
        _ = strict.send("/dev/pets/1")
        let refused = strict.send("/dev/pets/1", headers: ["Cache-Control": "max-age=0"])
        #expect(refused.status == .forbidden)
        #expect(refused.headers["x-amzn-ErrorType"] == ["AccessDeniedException"])
        #expect(
            refused.body
                == #"{"Message":"User: anonymous is not authorized to perform: execute-api:InvalidateCache on resource: arn:aws:execute-api:us-east-1:000000000000:a/dev/GET/pets/1"}"#)
        #expect(strict.backend.calls == 1)
    }

    /// An IAM caller whose identity policies allow `execute-api:InvalidateCache` refreshes the
    /// entry; one whose policies do not is refused.
    @Test func iamCallersWithInvalidateCacheMayRefresh() throws {
        let allow = try PolicyDocument(
            parsing: #"{"Statement":[{"Effect":"Allow","Action":"execute-api:InvalidateCache","Resource":"arn:aws:execute-api:*:*:a/dev/GET/*"}]}"#)
        let invoke = try PolicyDocument(parsing: #"{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}"#)
        let identities = CompiledIdentities(
            accountId: "000000000000", region: "us-east-1", root: nil,
            declared: [
                .init(accessKeyId: "AKIDALLOWED", secretAccessKey: "s1", arn: "arn:aws:iam::000000000000:user/ops", policies: [allow]),
                .init(accessKeyId: "AKIDINVOKE", secretAccessKey: "s2", arn: "arn:aws:iam::000000000000:user/app", policies: [invoke]),
            ])
        let served = try serve(settings: ["*/*": caching(strategy: "FAIL_WITH_403")], identities: identities)
        #expect(served.send("/dev/pets/1").body == "call 1")
        #expect(served.send("/dev/pets/1", headers: ["Cache-Control": "max-age=0"], accessKey: "AKIDALLOWED").body == "call 2")
        let refused = served.send("/dev/pets/1", headers: ["Cache-Control": "max-age=0"], accessKey: "AKIDINVOKE")
        #expect(refused.status == .forbidden)
        #expect(served.send("/dev/pets/1").body == "call 2")
    }

    // MARK: Storage

    @Test func sealedEntriesOpenOnlyWithTheProcessKey() throws {
        let served = try serve(settings: ["*/*": caching(encrypted: true)])
        #expect(served.send("/dev/pets/1").body == "call 1")
        #expect(served.send("/dev/pets/1").body == "call 1")
        var headers = HTTPHeaders()
        headers.add(name: "X-A", value: "1")
        headers.add(name: "X-A", value: "2")
        let response = GatewayHTTPResponse(status: .created, headers: headers, body: ByteBuffer(string: "secret"))
        let key = SymmetricKey(size: .bits256)
        let sealed = try #require(CachedResponse(response, sealingWith: key))
        let opened = try #require(sealed.response(openingWith: key))
        #expect(opened.status == .created && opened.headers["X-A"] == ["1", "2"] && opened.body == ByteBuffer(string: "secret"))
        #expect(sealed.response(openingWith: SymmetricKey(size: .bits256)) == nil)
        #expect(sealed.cost > "secret".utf8.count, "the sealed form is what counts")
    }

    @Test func responsesOverOneMegabyteAreNotCached() {
        let big = GatewayHTTPResponse(status: .ok, body: ByteBuffer(repeating: 0x41, count: 1_048_577))
        #expect(CachedResponse(big, sealingWith: nil) == nil)
        let fits = GatewayHTTPResponse(status: .ok, body: ByteBuffer(repeating: 0x41, count: 1_000_000))
        #expect(CachedResponse(fits, sealingWith: nil) != nil)
    }

    @Test func shardsEvictTheLeastRecentlyUsed() {
        var shard = StageCacheShard<Int>()
        let keys = (0..<4).map { DigestKey(Substring("k\($0)")) }
        _ = shard.insert(0, for: keys[0], cost: 10, expires: 100)
        _ = shard.insert(1, for: keys[1], cost: 10, expires: 100)
        _ = shard.insert(2, for: keys[2], cost: 10, expires: 100)
        let touched = shard.value(for: keys[0], now: 0)
        #expect(touched.value == 0, "touched: now the most recent")
        let evicted = shard.evictOldest()
        #expect(evicted == 10)
        let gone = shard.value(for: keys[1], now: 0)
        #expect(gone.value == nil, "the least recently used went first")
        let delta = shard.insert(3, for: keys[2], cost: 30, expires: 100)
        #expect(delta == 20, "a replacement counts the difference")
        #expect(shard.bytes == 40 && shard.count == 2)
        let stale = shard.value(for: keys[2], now: 100)
        #expect(stale.value == nil && stale.freed == 30, "a stale entry goes when it is read")
        let freed = shard.removeAll()
        #expect(freed == 10 && shard.count == 0)
    }

    /// The process-wide budget bounds every stage cache together (within one entry per shard).
    @Test func theBudgetBoundsMemory() throws {
        let budget = StageCacheBudget(limit: 10_000)
        let cache = StageCache(capacity: 237_000_000_000, budget: budget, sealingKey: SymmetricKey(size: .bits256))
        let entry = try #require(CachedResponse(GatewayHTTPResponse(status: .ok, body: ByteBuffer(repeating: 1, count: 100)), sealingWith: nil))
        for index in 0..<1_000 { cache.insert(entry, for: DigestKey(Substring("key \(index)")), expires: .max) }
        #expect(budget.inUse <= 10_000 + 16 * entry.cost)
        #expect(cache.bytes == budget.inUse)
        #expect(cache.count < 1_000)
        cache.removeAll()
        #expect(budget.inUse == 0 && cache.count == 0)
    }

    // MARK: Across recompiles

    private func deployed(
        cluster: Bool = true, size: String? = "0.5", flush: StageCacheFlush? = nil, useStageCache: Bool? = nil
    ) -> DeployedStage {
        let method = Method(httpMethod: "GET", methodIntegration: Integration(type: .mock))
        let api = RestApiSnapshot(api: RestApi(id: "a1", name: "a1"), resources: [Resource(id: "r0", path: "/", resourceMethods: ["GET": method])])
        var stage = Stage(stageName: "prod", deploymentId: "d1")
        stage.cacheClusterEnabled = cluster
        stage.cacheClusterSize = size
        var canary: CanaryDeployment?
        if let useStageCache {
            var settings = CanarySettings(percentTraffic: 50, deploymentId: "d2")
            settings.useStageCache = useStageCache
            stage.canarySettings = settings
            canary = CanaryDeployment(definition: .rest(api), deploymentId: "d2")
        }
        return DeployedStage(definition: .rest(api), deploymentId: "d1", canary: canary, settings: .rest(stage), cacheFlush: flush)
    }

    private func fill(_ cache: StageCache?) throws {
        let entry = try #require(CachedResponse(GatewayHTTPResponse(status: .ok, body: ByteBuffer(string: "x")), sealingWith: nil))
        cache?.insert(entry, for: DigestKey(Substring("k")), expires: .max)
    }

    /// The cache outlives recompiles that leave its settings alone; a flush count that goes up
    /// clears it; disabling or resizing deletes it; a canary shares it only with `useStageCache`.
    @Test func cachesLiveAcrossRecompilesUntilFlushedOrDeleted() throws {
        let caches = StageCaches(memoryLimit: 1 << 20)
        let compiler = DeploymentCompiler()
        var gateway = compiler.compile(GatewaySnapshot(stages: [deployed()]), caches: caches)
        let cache = try #require(gateway.apis["a1"]?.stages["prod"]?.cache)
        try fill(cache)
        gateway = compiler.compile(GatewaySnapshot(stages: [deployed(flush: StageCacheFlush(data: 0, authorizers: 3))]), reusing: gateway, caches: caches)
        #expect(gateway.apis["a1"]?.stages["prod"]?.cache === cache && cache.count == 1, "kept across a recompile")
        gateway = compiler.compile(GatewaySnapshot(stages: [deployed(flush: StageCacheFlush(data: 1, authorizers: 3))]), reusing: gateway, caches: caches)
        #expect(gateway.apis["a1"]?.stages["prod"]?.cache === cache && cache.count == 0, "flushed")
        #expect(caches.bytesInUse == 0)
        try fill(cache)
        gateway = compiler.compile(GatewaySnapshot(stages: [deployed(size: "1.6", flush: StageCacheFlush(data: 1))]), reusing: gateway, caches: caches)
        let resized = try #require(gateway.apis["a1"]?.stages["prod"]?.cache)
        #expect(resized !== cache && resized.count == 0 && resized.capacity == 1_600_000_000, "a new size is a new cache")
        gateway = compiler.compile(GatewaySnapshot(stages: [deployed(cluster: false)]), reusing: gateway, caches: caches)
        #expect(gateway.apis["a1"]?.stages["prod"]?.cache == nil)

        gateway = compiler.compile(GatewaySnapshot(stages: [deployed(useStageCache: false)]), caches: caches)
        #expect(gateway.apis["a1"]?.stages["prod"]?.cache != nil && gateway.apis["a1"]?.stages["prod"]?.canary?.stage.cache == nil)
        gateway = compiler.compile(GatewaySnapshot(stages: [deployed(useStageCache: true)]), reusing: gateway, caches: caches)
        let primary = try #require(gateway.apis["a1"]?.stages["prod"]?.cache)
        #expect(gateway.apis["a1"]?.stages["prod"]?.canary?.stage.cache === primary)
        _ = compiler.compile(GatewaySnapshot(stages: []), caches: caches)
        #expect(caches.cache(apiId: "a1", stage: "prod") == nil, "a stage no longer served loses its cache")
    }
}
