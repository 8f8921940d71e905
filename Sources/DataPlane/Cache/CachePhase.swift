import Crypto
import IAMPolicy
import NIOHTTP1

/// The REST stage cache for one method (AWS's "API caching"): after the integration request,
/// before the integration. Compiled per method when the stage has `cacheClusterEnabled` and the
/// method's settings `cachingEnabled` (`CachePhase+Compile.swift`); the entries live in the
/// stage's `StageCache`, which outlives recompiles.
///
/// - Keys: the method's `cacheNamespace` (default: its resource id; methods that share one share
///   entries), the request's verb, and the value (or absence) of each of the integration's
///   `cacheKeyParameters`, hashed (`DigestKey`). Nothing else: as on AWS, a `{proxy+}` method
///   without `method.request.path.proxy` among them answers every path with one entry.
/// - A hit answers with the cached method response: no integration call, no integration
///   response; the gateway-response phase still stamps this request's ids. A miss calls the
///   integration and stores what the integration response made of the answer (any status: AWS
///   caches a backend's 4xx and 5xx answers too), for `cacheTtlInSeconds`, if it is at most
///   1,048,576 bytes; a failure of the call itself (timeout, malformed Lambda answer) is never
///   stored. `cacheDataEncrypted` seals entries (`CachedResponse`).
/// - `Cache-Control: max-age=0` (AWS's invalidation) skips the entry and replaces it with a fresh
///   answer when `requireAuthorizationForCacheControl` is off, or when the caller is allowed
///   `execute-api:InvalidateCache` on the method ARN (an `AWS_IAM` caller, by its identity
///   policies; the account root always). Otherwise `unauthorizedCacheControlHeaderStrategy`:
///   `FAIL_WITH_403` answers 403 `ACCESS_DENIED`; `SUCCEED_WITH_RESPONSE_HEADER` (the default)
///   ignores the header and adds `Warning: 199 Cache-control headers were ignored because the
///   caller was unauthorized.` (as reported; AWS does not document the text); `SUCCEED_WITHOUT_RESPONSE_HEADER` ignores it silently.
/// - Context: writes `Exchange.cacheStatus` (hit or miss: `CacheHitCount`, `CacheMissCount`).
struct CachePhase: Sendable {
    enum UnauthorizedStrategy: Sendable, Equatable {
        case failWith403, succeedWithResponseHeader, succeedWithoutResponseHeader
    }

    /// What the phase decided for a request.
    enum Decision {
        /// The request's verb is not cached: on to the integration, as without a cache.
        case bypass
        case hit(GatewayHTTPResponse)
        /// On to the integration; `CacheFill` stores what comes back.
        case miss(CacheFill)
        case refuse(GatewayError)
    }

    let namespace: String
    /// The integration's `cacheKeyParameters`, in order, with where each value comes from.
    let keyParameters: [(name: String, source: MappingSource)]
    let ttlMilliseconds: Int64
    /// GET requests are cached (the stage's `*/*` settings or the method's own).
    let cachesGet: Bool
    /// Other verbs are cached: only when the method's own settings enable caching, as on AWS.
    let cachesOtherVerbs: Bool
    let encrypted: Bool
    let requireAuthorization: Bool
    let strategy: UnauthorizedStrategy

    /// AWS's warning when it ignores a client's `Cache-Control`.
    static let unauthorizedWarning = "199 Cache-control headers were ignored because the caller was unauthorized."

    func lookup(_ exchange: Exchange, in cache: StageCache) -> Decision {
        let verb = exchange.head.method
        guard verb == .GET ? cachesGet : cachesOtherVerbs else { return .bypass }
        var reads = true
        var warns = false
        if Self.asksForFreshAnswer(exchange.head.headers) {
            if !requireAuthorization || Self.mayInvalidate(exchange) {
                reads = false
            } else {
                switch strategy {
                case .failWith403: return .refuse(.invalidationDenied(exchange))
                case .succeedWithResponseHeader: warns = true
                case .succeedWithoutResponseHeader: break
                }
            }
        }
        let key = self.key(for: exchange)
        if reads, let entry = cache.entry(for: key, now: exchange.context.requestTimeEpoch),
            var response = entry.response(openingWith: encrypted ? cache.sealingKey : nil)
        {
            exchange.cacheStatus = .hit
            if warns { response.headers.add(name: "Warning", value: Self.unauthorizedWarning) }
            return .hit(response)
        }
        exchange.cacheStatus = .miss
        return .miss(CacheFill(cache: cache, key: key, ttlMilliseconds: ttlMilliseconds, encrypted: encrypted, warns: warns))
    }

    /// The entry's key: namespace, verb and each key parameter, length-prefixed so that no two
    /// different lists of values hash the same input.
    func key(for exchange: Exchange) -> DigestKey {
        var hasher = SHA256()
        func add(_ text: String?) {
            guard let text else {
                hasher.update(data: [UInt8(0xFF)])
                return
            }
            var length = UInt32(truncatingIfNeeded: text.utf8.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
            hasher.update(data: Array(text.utf8))
        }
        add(namespace)
        add(exchange.head.method.rawValue)
        for parameter in keyParameters {
            add(parameter.name)
            add(parameter.source.value(for: exchange))
        }
        return DigestKey(hasher.finalize())
    }

    /// Whether the request carries `Cache-Control: max-age=0` (among other directives, any case).
    static func asksForFreshAnswer(_ headers: HTTPHeaders) -> Bool {
        for value in headers["cache-control"] {
            for directive in value.split(separator: ",") where String(directive).trimmingWhitespace().lowercased() == "max-age=0" {
                return true
            }
        }
        return false
    }

    /// Whether the caller may invalidate: an identity the `AWS_IAM` phase verified for this
    /// request whose identity policies allow `execute-api:InvalidateCache` on the method ARN.
    /// Other callers are anonymous to IAM, so never allowed.
    static func mayInvalidate(_ exchange: Exchange) -> Bool {
        guard let accessKey = exchange.context.identityAccessKey, let identity = exchange.identities.identity(accessKey: accessKey) else {
            return false
        }
        let context = exchange.conditionContext(principal: .iam(identity.caller))
        return identity.decision(for: "execute-api:InvalidateCache", on: exchange.methodArn, context: context) == .allow
    }
}

/// A miss's promise: the integration response's answer goes into the stage cache.
struct CacheFill {
    let cache: StageCache
    let key: DigestKey
    let ttlMilliseconds: Int64
    let encrypted: Bool
    let warns: Bool

    /// Stores a successful answer (failures of the call are never cached) and adds the warning
    /// to what the client gets.
    func complete(_ result: inout Result<GatewayHTTPResponse, GatewayError>, _ exchange: Exchange) {
        guard case .success(var response) = result else { return }
        if let entry = CachedResponse(response, sealingWith: encrypted ? cache.sealingKey : nil) {
            let now = exchange.context.requestTimeEpoch + Int64(exchange.integrationLatency ?? 0)
            cache.insert(entry, for: key, expires: now + ttlMilliseconds)
        }
        guard warns else { return }
        response.headers.add(name: "Warning", value: CachePhase.unauthorizedWarning)
        result = .success(response)
    }
}

/// Whether the stage cache answered a request (`CacheHitCount`) or the backend did (`CacheMissCount`).
public enum CacheStatus: Sendable {
    case hit, miss
}

extension GatewayError {
    /// `FAIL_WITH_403`: a `Cache-Control: max-age=0` from a caller not allowed to invalidate,
    /// worded as AWS's IAM refusals are.
    static func invalidationDenied(_ exchange: Exchange) -> GatewayError {
        let user = exchange.context.identityUserArn ?? "anonymous"
        var error = GatewayError(
            type: .accessDenied, status: .forbidden,
            message: "User: \(user) is not authorized to perform: execute-api:InvalidateCache on resource: \(exchange.methodArn)",
            errorType: "AccessDeniedException", source: .client)
        error.capitalizedMessageKey = true
        return error
    }
}
