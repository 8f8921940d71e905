public import AWSClients
public import AsyncHTTPClient
import NIOConcurrencyHelpers

/// What authorizers and AWS integrations need beyond a deployment, shared by every compile of
/// the process: the issuers' key sets and their loader, the verified-token caches, where AWS is
/// (for Cognito user pools, Lambda and service integrations), the Lambda client, the integration
/// roles' credentials.
///
/// Key sets and token caches outlive deployments: redeploying an API does not refetch its
/// issuer's keys nor forget the tokens it verified.
public final class AuthorizerServices: Sendable {
    public let keyLoader: KeySetLoader
    public let environment: AWSEnvironment
    let lambda: LambdaClient?
    /// The roles AWS integrations sign with (`credentials`), assumed through STS; `run()` is a
    /// service of the process.
    public let roles: AssumedRoles
    private let issuers = NIOLockedValueBox<[KeySetLocation: IssuerKeys]>([:])
    private let tokenCaches = NIOLockedValueBox<[TokenCacheKey: DigestKeyedCache<TokenAuthorizerPhase.Verified>]>([:])
    private let decisionCaches = NIOLockedValueBox<[String: DigestKeyedCache<LambdaAuthorizerPhase.Decision>]>([:])

    struct TokenCacheKey: Hashable {
        let issuers: Set<String>
        let audiences: Set<String>
    }

    /// `http`: the client for key sets and Lambda (nil: nothing can be fetched or invoked, so
    /// token and Lambda authorizers refuse every request).
    public init(http: HTTPClient?, environment: AWSEnvironment, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.environment = environment
        keyLoader = KeySetLoader(http: http, log: log)
        lambda = http.map { LambdaClient(http: $0, environment: environment) }
        roles = AssumedRoles(sts: http.map { STSClient(http: $0, environment: environment) }, log: log)
    }

    /// No clients: token and Lambda authorizers refuse every request (tests, `validate`).
    public static let none = AuthorizerServices(http: nil, environment: AWSEnvironment(region: "us-east-1"))

    func issuerKeys(_ location: KeySetLocation) -> IssuerKeys {
        issuers.withLockedValue { issuers in
            if let known = issuers[location] { return known }
            let keys = IssuerKeys(location: location, loader: keyLoader)
            issuers[location] = keys
            return keys
        }
    }

    func tokenCache(issuers: Set<String>, audiences: Set<String>) -> DigestKeyedCache<TokenAuthorizerPhase.Verified> {
        tokenCaches.withLockedValue { caches in
            let key = TokenCacheKey(issuers: issuers, audiences: audiences)
            if let known = caches[key] { return known }
            let cache = DigestKeyedCache<TokenAuthorizerPhase.Verified>()
            caches[key] = cache
            return cache
        }
    }

    /// A Lambda authorizer's decision cache, by API, stage, authorizer, function and TTL: kept
    /// across recompiles that leave those alone.
    func decisionCache(_ key: String) -> DigestKeyedCache<LambdaAuthorizerPhase.Decision> {
        decisionCaches.withLockedValue { caches in
            if let known = caches[key] { return known }
            let cache = DigestKeyedCache<LambdaAuthorizerPhase.Decision>()
            caches[key] = cache
            return cache
        }
    }

    /// The issuers a Cognito user pool's tokens carry (`iss`) and where its keys are:
    /// `https://cognito-idp.{region}.amazonaws.com/{poolId}` as AWS (and moto) write it, and
    /// `{endpoint}/{poolId}` when `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` (or
    /// `AWS_ENDPOINT_URL`) points elsewhere, whose `/.well-known/jwks.json` has the keys.
    /// nil when `arn` is not a user pool ARN.
    func cognitoUserPool(_ arn: String) -> (issuers: [String], keys: KeySetLocation)? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "cognito-idp", !parts[3].isEmpty, parts[5].hasPrefix("userpool/") else {
            return nil
        }
        let region = String(parts[3])
        let poolId = String(parts[5].dropFirst("userpool/".count))
        guard !poolId.isEmpty, poolId.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        let aws = "https://cognito-idp.\(region).amazonaws.com/\(poolId)"
        guard environment.isOverridden(serviceId: "Cognito Identity Provider") else { return ([aws], .keySet(url: "\(aws)/.well-known/jwks.json")) }
        let local = "\(environment.endpoint(serviceId: "Cognito Identity Provider", hostPrefix: "cognito-idp"))/\(poolId)"
        return ([aws, local], .keySet(url: "\(local)/.well-known/jwks.json"))
    }
}
