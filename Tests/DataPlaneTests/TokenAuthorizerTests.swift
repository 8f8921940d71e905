import Crypto
import CryptoExtras
import Foundation
import JSON
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DataPlane

/// The JWT and Cognito authorizer phase with a key set in memory: AWS's claim checks, the
/// attacks (alg none, HS256 keyed with the public key, tampering), the verified-token cache.
@Suite struct TokenAuthorizerTests {
    static let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)  // test fixture, not input
    static let issuer = "https://issuer.example.com"
    static let now: Int64 = 1_800_000_000

    static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func keySet() async throws -> KeySet {
        let primitives = try key.publicKey.getKeyPrimitives()
        let jwks: JSONValue = [
            "keys": [
                [
                    "kty": "RSA", "kid": "k1", "alg": "RS256", "n": .string(base64URL(primitives.modulus)),
                    "e": .string(base64URL(primitives.publicExponent)),
                ],
                ["kty": "EC", "kid": "ec", "crv": "P-256", "x": "AAAA", "y": "AAAA"],
            ]
        ]
        return try await KeySetLoader.keySet(Array(JSONWriter.compact(jwks).utf8))
    }

    static func token(_ claims: JSONObject, alg: String = "RS256", kid: String? = "k1", sign: Bool = true) throws -> String {
        var header: JSONObject = ["alg": .string(alg), "typ": "JWT"]
        if let kid { header["kid"] = .string(kid) }
        let input = base64URL(Array(JSONWriter.compact(.object(header)).utf8)) + "." + base64URL(Array(JSONWriter.compact(.object(claims)).utf8))
        guard sign else { return input + "." }
        let signature = try key.signature(for: SHA256.hash(data: Array(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + base64URL(signature.rawRepresentation)
    }

    static func claims(_ changes: [String: JSONValue?] = [:]) -> JSONObject {
        var claims: JSONObject = [
            "iss": .string(issuer), "sub": "user-1", "aud": "app", "iat": .number(Double(now - 10)), "exp": .number(Double(now + 600)),
        ]
        for (name, value) in changes { claims[name] = value }
        return claims
    }

    func phase(_ flavor: TokenAuthorizerPhase.Flavor, scopes: [String] = [], cache: DigestKeyedCache<TokenAuthorizerPhase.Verified>)
        async throws -> TokenAuthorizerPhase
    {
        let keys = IssuerKeys(location: .discovery(issuer: Self.issuer), loader: KeySetLoader(http: nil), keySet: try await Self.keySet())
        return TokenAuthorizerPhase(
            flavor: flavor, source: try #require(IdentitySource("$request.header.Authorization")), issuers: [Self.issuer: keys],
            audiences: flavor == .jwt ? ["app"] : [], scopes: scopes, cache: cache)
    }

    func exchange(authorization: String?) -> Exchange {
        var headers = HTTPHeaders()
        if let authorization { headers.add(name: "Authorization", value: authorization) }
        let stage = CompiledStage(
            apiId: "a1", kind: .http, name: "$default", deploymentId: "d", variables: [:], router: PathRouter<MethodTable>.Builder().build(),
            defaultRoute: nil)
        var context = RequestContext()
        context.requestTimeEpoch = Self.now * 1000
        return Exchange(
            head: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/x", headers: headers), body: nil, context: context,
            resourcePathRequested: "/x", rawQuery: nil, stage: stage, eventLoop: EmbeddedEventLoop(), isSecure: false, localPort: 8080)
    }

    /// The refusal's `www-authenticate` description, or nil when the phase let the request through.
    func outcome(_ phase: TokenAuthorizerPhase, _ authorization: String?) -> (status: UInt, challenge: String?)? {
        let exchange = exchange(authorization: authorization)
        switch phase.process(exchange) {
        case .proceed: return nil
        case .respond(let error): return (error.status.code, error.headers.first { $0.name == "www-authenticate" }?.value)
        case .suspend: return (0, "suspended")
        }
    }

    @Test func validTokensPassAndAreCached() async throws {
        let cache = DigestKeyedCache<TokenAuthorizerPhase.Verified>()
        let phase = try await phase(.jwt, cache: cache)
        let token = try Self.token(Self.claims())
        #expect(outcome(phase, "Bearer \(token)") == nil)
        #expect(outcome(phase, token) == nil)
        #expect(cache.count == 1)
        let exchange = exchange(authorization: token)
        _ = phase.process(exchange)
        #expect(exchange.context.authorizer?.claims?["sub"] == "user-1")
        #expect(exchange.context.value(named: "authorizer.claims.sub") == "user-1")
    }

    @Test func refusalsCarryAWSsChallenge() async throws {
        let phase = try await phase(.jwt, cache: DigestKeyedCache())
        func described(_ text: String) -> String { "Bearer scope=\"\" error=\"invalid_token\" error_description=\"\(text)\"" }
        #expect(outcome(phase, nil)?.challenge == "Bearer")
        #expect(outcome(phase, nil)?.status == 401)
        let cases: [(String, String)] = [
            (try Self.token(Self.claims(["exp": .number(Double(Self.now))])), "the token has expired"),
            (try Self.token(Self.claims(["nbf": .number(Double(Self.now + 1))])), "the token is not valid yet"),
            (try Self.token(Self.claims(["aud": "other"])), "the token does not have a valid audience"),
            (try Self.token(Self.claims(["aud": nil, "client_id": "app"])), ""),
            (try Self.token(Self.claims(["iss": "https://evil"])), "the token does not have a valid issuer"),
            (try Self.token(Self.claims(), alg: "none", sign: false), "signing method none is invalid"),
            (try Self.token(Self.claims(), alg: "HS256"), "signing method HS256 is invalid"),
            (try Self.token(Self.claims(), kid: nil), "the token does not name a key (kid)"),
            ("a.b", "token contains an invalid number of segments"),
            ("!!.!!.!!", "token is not base64url encoded"),
        ]
        for (token, description) in cases {
            let result = outcome(phase, token)
            if description.isEmpty { #expect(result == nil) } else { #expect(result?.challenge == described(description), "\(description)") }
        }
        // Tampering: another payload under the original signature.
        let parts = try Self.token(Self.claims()).split(separator: ".")
        let forged = try Self.token(Self.claims(["sub": "admin"])).split(separator: ".")[1]
        #expect(outcome(phase, "\(parts[0]).\(forged).\(parts[2])")?.challenge == described("signature is invalid"))
    }

    @Test func scopesAndCognitoTokenUse() async throws {
        let jwt = try await phase(.jwt, scopes: ["read"], cache: DigestKeyedCache())
        #expect(outcome(jwt, try Self.token(Self.claims()))?.status == 403)
        #expect(outcome(jwt, try Self.token(Self.claims(["scope": "write read"]))) == nil)
        #expect(outcome(jwt, try Self.token(Self.claims(["scp": ["read"]]))) == nil)

        let idOnly = try await phase(.cognito, cache: DigestKeyedCache())
        #expect(outcome(idOnly, try Self.token(Self.claims(["token_use": "id"]))) == nil)
        #expect(outcome(idOnly, try Self.token(Self.claims(["token_use": "access"])))?.status == 401)
        let scoped = try await phase(.cognito, scopes: ["orders/read"], cache: DigestKeyedCache())
        #expect(outcome(scoped, try Self.token(Self.claims(["token_use": "access", "scope": "orders/read"]))) == nil)
        #expect(outcome(scoped, try Self.token(Self.claims(["token_use": "id", "scope": "orders/read"])))?.status == 401)
    }

    @Test func theCacheIsBoundedAndForgetsExpiredEntries() {
        let cache = DigestKeyedCache<Int>(capacity: 32)
        for index in 0..<1000 { cache.insert(index, for: .init("token-\(index)"), expires: 100, now: 10) }
        #expect(cache.count <= 32)
        cache.insert(1, for: .init("soon"), expires: 20, now: 10)
        #expect(cache.value(for: .init("soon"), now: 19) == 1)
        #expect(cache.value(for: .init("soon"), now: 20) == nil)
        cache.insert(1, for: .init("stale"), expires: 5, now: 10)
        #expect(cache.value(for: .init("stale"), now: 10) == nil)
    }

    @Test func authorizerURIsNameTheirFunction() {
        let uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:auth/invocations"
        #expect(AuthorizerPhases.function(of: uri, variables: [:]) == "arn:aws:lambda:us-east-1:1:function:auth")
        let aliased = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:auth:${stageVariables.alias}/invocations"
        #expect(AuthorizerPhases.function(of: aliased, variables: ["alias": "live"]) == "arn:aws:lambda:us-east-1:1:function:auth:live")
        #expect(AuthorizerPhases.function(of: "arn:aws:lambda:us-east-1:1:function:auth", variables: [:]) == "arn:aws:lambda:us-east-1:1:function:auth")
        #expect(AuthorizerPhases.function(of: "", variables: [:]) == nil)
        #expect(AuthorizerPhases.function(of: "https://evil/x", variables: [:]) == nil)
    }
}
