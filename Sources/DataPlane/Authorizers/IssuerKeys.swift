import AWSClients
public import AsyncHTTPClient
import JSON
import JWTKit
import NIOConcurrencyHelpers
public import NIOCore
import NIOHTTP1

/// The public keys of one token issuer (its JWKS), ready to verify with: by key id, then by
/// algorithm. Only RSA keys are kept (`RS256`, `RS384`, `RS512`): AWS's JWT and Cognito
/// authorizers accept RSA-signed tokens only.
struct KeySet: Sendable {
    static let algorithms: Set<String> = ["RS256", "RS384", "RS512"]

    let keys: [String: [String: any JWTAlgorithm]]
    let loadedAt: NIODeadline

    func key(id: String, algorithm: String) -> (any JWTAlgorithm)? { keys[id]?[algorithm] }
}

/// Where an issuer publishes its keys.
public enum KeySetLocation: Hashable, Sendable, CustomStringConvertible {
    /// OIDC discovery: `{issuer}/.well-known/openid-configuration` names `jwks_uri`; an issuer
    /// without discovery is read at `{issuer}/.well-known/jwks.json` (JWT authorizers).
    case discovery(issuer: String)
    /// The key set itself (Cognito user pools: `{issuer}/.well-known/jwks.json`).
    case keySet(url: String)

    public var description: String {
        switch self {
        case .discovery(let issuer): "\(issuer) (OIDC discovery)"
        case .keySet(let url): url
        }
    }
}

/// One issuer's key set as the data plane holds it: loaded on first use, kept for two hours (as
/// AWS caches them), reloaded when a token names a key id it does not know (at most every
/// `minimumRefreshInterval`, so a flood of made-up key ids costs one fetch).
///
/// Shared by every deployment and event loop that trusts the issuer (`AuthorizerServices`); its
/// lock is taken only when the verified-token cache misses, never per cached request.
public final class IssuerKeys: Sendable {
    static let maximumAge: TimeAmount = .hours(2)
    static let minimumRefreshInterval: TimeAmount = .seconds(5)

    enum Lookup {
        case ready(KeySet?)
        case loading(EventLoopFuture<KeySet?>)
    }

    private struct State {
        var current: KeySet?
        var waiters: [EventLoopPromise<KeySet?>]?
        var lastAttempt: NIODeadline?
    }

    let location: KeySetLocation
    private let loader: KeySetLoader
    private let state = NIOLockedValueBox(State())

    init(location: KeySetLocation, loader: KeySetLoader, keySet: KeySet? = nil) {
        self.location = location
        self.loader = loader
        state.withLockedValue { $0.current = keySet }
    }

    /// The key set to verify a token signed with `keyId`: at hand, or after a (re)load.
    func keySet(keyId: String, on loop: any EventLoop) -> Lookup {
        let now = NIODeadline.now()
        let (lookup, startLoad): (Lookup, Bool) = state.withLockedValue { state in
            if let current = state.current, current.keys[keyId] != nil, now - current.loadedAt < Self.maximumAge {
                return (.ready(current), false)
            }
            if state.waiters != nil {
                let promise = loop.makePromise(of: KeySet?.self)
                state.waiters?.append(promise)
                return (.loading(promise.futureResult), false)
            }
            if let last = state.lastAttempt, now - last < Self.minimumRefreshInterval {
                return (.ready(state.current), false)
            }
            let promise = loop.makePromise(of: KeySet?.self)
            state.waiters = [promise]
            state.lastAttempt = now
            return (.loading(promise.futureResult), true)
        }
        if startLoad {
            loader.load(location) { [self] result in finished(result) }
        }
        return lookup
    }

    private func finished(_ result: Result<KeySet, KeySetLoader.Failure>) {
        let waiters: [EventLoopPromise<KeySet?>] = state.withLockedValue { state in
            if case .success(let keys) = result { state.current = keys }
            let waiters = state.waiters ?? []
            state.waiters = nil
            return waiters
        }
        let answer: KeySet?
        switch result {
        case .success(let keys): answer = keys
        case .failure(let failure):
            loader.logFailure(location, failure)
            answer = state.withLockedValue { $0.current }
        }
        for waiter in waiters { waiter.succeed(answer) }
    }
}

/// Loads issuers' key sets off the event loops: a bounded queue of loads, worked through by
/// `run()` (a service of the process), each within 1,500 ms and 150,000 bytes per document, over
/// `https://` (or plain `http://` to a loopback issuer).
public final class KeySetLoader: Sendable {
    public static let timeout: TimeAmount = .milliseconds(1500)
    public static let maxBytes = 150_000
    static let queueLength = 256

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private struct Job: Sendable {
        let location: KeySetLocation
        let completion: @Sendable (Result<KeySet, Failure>) -> Void
    }

    private let http: HTTPClient?
    private let jobs: AsyncStream<Job>
    private let queue: AsyncStream<Job>.Continuation
    private let log: @Sendable (String) -> Void

    /// `http`: the client to fetch with (nil: no loads, every token is refused).
    public init(http: HTTPClient?, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.http = http
        self.log = log
        (jobs, queue) = AsyncStream.makeStream(of: Job.self, bufferingPolicy: .bufferingOldest(Self.queueLength))
    }

    /// Works through loads until cancelled (the process's service group runs it).
    public func run() async {
        await withDiscardingTaskGroup { group in
            for await job in jobs {
                group.addTask { job.completion(await self.fetchKeySet(job.location)) }
            }
        }
    }

    /// Stops taking loads; those queued fail.
    public func finish() { queue.finish() }

    func load(_ location: KeySetLocation, completion: @escaping @Sendable (Result<KeySet, Failure>) -> Void) {
        guard http != nil else {
            completion(.failure(Failure(description: "no HTTP client to fetch key sets with")))
            return
        }
        switch queue.yield(Job(location: location, completion: completion)) {
        case .enqueued: break
        case .dropped, .terminated: completion(.failure(Failure(description: "too many key sets loading")))
        @unknown default: completion(.failure(Failure(description: "key set load refused")))
        }
    }

    func logFailure(_ location: KeySetLocation, _ failure: Failure) {
        log("the key set of \(location) could not be loaded: \(failure)")
    }

    private func fetchKeySet(_ location: KeySetLocation) async -> Result<KeySet, Failure> {
        let deadline = NIODeadline.now() + Self.timeout
        do {
            let url: String
            switch location {
            case .keySet(let keySetURL):
                url = keySetURL
            case .discovery(let issuer):
                let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
                let discovery = try? await fetch("\(base)/.well-known/openid-configuration", deadline: deadline)
                if let discovery, discovery.status == 200,
                    let uri = (try? JSONValueParser(maxDepth: 16).parse(discovery.body.readableBytesView))?["jwks_uri"]?.stringValue
                {
                    url = uri
                } else {
                    url = "\(base)/.well-known/jwks.json"
                }
            }
            let answer = try await fetch(url, deadline: deadline)
            guard answer.status == 200 else { throw Failure(description: "\(url) answered \(answer.status)") }
            return .success(try await Self.keySet(answer.body.readableBytesView))
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(description: "\(error)"))
        }
    }

    private func fetch(_ url: String, deadline: NIODeadline) async throws -> BoundedResponse {
        guard let http else { throw Failure(description: "no HTTP client") }
        if let problem = ColdPathURL.check(url) { throw Failure(description: "\(url): \(problem)") }
        let remaining = deadline - .now()
        guard remaining > .zero else { throw Failure(description: "no time left for \(url)") }
        let request = try HTTPClient.Request(url: url, method: .GET, headers: ["Accept": "application/json"])
        return try await http.boundedExecute(request, maxBytes: Self.maxBytes, timeout: remaining, on: http.eventLoopGroup.any()).get()
    }

    /// The RSA keys of a JWKS document (`{"keys":[…]}`), by id and algorithm; other keys are
    /// skipped, a key that jwt-kit refuses (malformed, under 2,048 bits) too.
    static func keySet(_ bytes: some Collection<UInt8>) async throws -> KeySet {
        guard let document = try? JSONValueParser(maxDepth: 16).parse(bytes), let entries = document["keys"]?.arrayValue else {
            throw Failure(description: "the key set is not a JWKS document")
        }
        let collection = JWTKeyCollection()
        var keys: [String: [String: any JWTAlgorithm]] = [:]
        for entry in entries.prefix(100) {
            guard entry["kty"]?.stringValue == "RSA", let id = entry["kid"]?.stringValue, let modulus = entry["n"]?.stringValue,
                let exponent = entry["e"]?.stringValue
            else { continue }
            if let use = entry["use"]?.stringValue, use != "sig" { continue }
            let declared = entry["alg"]?.stringValue
            for algorithm in declared.map({ [$0] }) ?? ["RS256", "RS384", "RS512"] where KeySet.algorithms.contains(algorithm) {
                let slot = JWKIdentifier(string: "\(id)\u{0}\(algorithm)")
                let jwk = JWK.rsa(JWK.Algorithm(rawValue: algorithm), identifier: slot, modulus: modulus, exponent: exponent)
                guard (try? await collection.add(jwk: jwk)) != nil, let key = try? await collection.getKey(for: slot, alg: algorithm) else {
                    continue
                }
                keys[id, default: [:]][algorithm] = key
            }
        }
        return KeySet(keys: keys, loadedAt: .now())
    }
}
