import JSON
import JWTKit
import NIOCore

/// Cognito user pool authorizers (REST `COGNITO_USER_POOLS`) and JWT authorizers (HTTP APIs):
/// the request must carry a JSON Web Token, signed with RSA by a key of the issuer's key set
/// (`IssuerKeys`), whose claims pass AWS's checks.
///
/// In AWS's order: the token from the identity source (only the token, or `Bearer <token>`);
/// three base64url parts; `alg` RS256/RS384/RS512 and a `kid` of the issuer's keys (an unknown
/// `kid` reloads the key set); the signature; `iss` (one of the user pools, or the configured
/// issuer); JWT authorizers: `aud`, else `client_id`, one of the configured audiences; `exp` in
/// the future, `nbf` and `iat` not (no leeway: AWS documents none); Cognito: `token_use` `id`
/// when the method has no scopes, `access` when it has; scopes: `scope` or `scp` must hold one
/// of the method's or route's `authorizationScopes`.
///
/// A verified token is cached by its SHA-256 digest until it expires (`DigestKeyedCache`),
/// so a repeated token costs a hash and a lookup; the phase waits only to (re)load a key set.
///
/// - Gateway responses: `UNAUTHORIZED` 401 `{"message":"Unauthorized"}`; JWT authorizers add
///   `www-authenticate: Bearer` (no token) or `Bearer scope="" error="invalid_token"
///   error_description="…"`, and answer a token without the route's scopes with 403
///   `{"message":"Forbidden"}` and `error="insufficient_scope"`. Cognito authorizers answer
///   every refusal with the 401.
/// - Context: writes `$context.authorizer.claims` (and `principalId` = `sub`), the JWT scopes.
struct TokenAuthorizerPhase: RequestPhase {
    enum Flavor: Sendable {
        /// REST `COGNITO_USER_POOLS`.
        case cognito
        /// HTTP API `JWT`.
        case jwt
    }

    /// What a token proved, kept in the cache.
    struct Verified: Sendable {
        let claims: JSONObject
        let scopes: [String]
        let tokenUse: String?
    }

    let kind = PhaseKind.authorizer
    let flavor: Flavor
    let source: IdentitySource
    /// The issuers trusted (`iss` → their keys).
    let issuers: [String: IssuerKeys]
    /// JWT authorizers: the audiences (`aud` or `client_id`) accepted.
    let audiences: Set<String>
    /// The method's or route's `authorizationScopes`; empty when it names none.
    let scopes: [String]
    let cache: DigestKeyedCache<Verified>

    func process(_ exchange: Exchange) -> PhaseOutcome {
        guard let value = source.value(in: exchange), !value.isEmpty else { return .respond(refusal(nil)) }
        var token = Substring(value)
        if Self.hasBearerPrefix(token) { token = token.dropFirst(7) }
        let now = exchange.context.requestTimeEpoch / 1000
        let key = DigestKeyedCache<Verified>.Key(token)
        if let verified = cache.value(for: key, now: now) { return admit(verified, exchange) }

        let parsed: JSONWebToken
        do {
            parsed = try JSONWebToken(token)
        } catch {
            return .respond(refusal(error.description))
        }
        guard let algorithm = parsed.algorithm, KeySet.algorithms.contains(algorithm) else {
            return .respond(refusal("signing method \(parsed.algorithm ?? "none") is invalid"))
        }
        guard let keyId = parsed.keyId else { return .respond(refusal("the token does not name a key (kid)")) }
        guard let issuer = parsed.claims["iss"]?.stringValue, let keys = issuers[issuer] else {
            return .respond(refusal("the token does not have a valid issuer"))
        }
        switch keys.keySet(keyId: keyId, on: exchange.eventLoop) {
        case .ready(let keySet):
            return verify(parsed, algorithm: algorithm, keyId: keyId, with: keySet, key: key, now: now, exchange)
        case .loading(let future):
            return .suspend { resume in
                // The promise is the request's loop's: its callback runs there, with the exchange.
                future.hop(to: exchange.eventLoop).assumeIsolated().whenSuccess { keySet in
                    resume(verify(parsed, algorithm: algorithm, keyId: keyId, with: keySet, key: key, now: now, exchange))
                }
            }
        }
    }

    private func verify(
        _ token: JSONWebToken, algorithm: String, keyId: String, with keySet: KeySet?, key: DigestKeyedCache<Verified>.Key, now: Int64,
        _ exchange: Exchange
    ) -> PhaseOutcome {
        guard let signer = keySet?.key(id: keyId, algorithm: algorithm) else {
            return .respond(refusal("the token's key id (kid) is not in the issuer's key set"))
        }
        guard (try? signer.verify(token.signature, signs: token.signingInput)) == true else {
            return .respond(refusal("signature is invalid"))
        }
        if let problem = claimsProblem(token, now: now) { return .respond(refusal(problem)) }
        let verified = Verified(claims: token.claims, scopes: Self.scopes(of: token.claims), tokenUse: token.claims["token_use"]?.stringValue)
        if let expires = token.time("exp") { cache.insert(verified, for: key, expires: Int64(expires), now: now) }
        return admit(verified, exchange)
    }

    /// AWS's claim checks after the signature (and before scopes).
    func claimsProblem(_ token: JSONWebToken, now: Int64) -> String? {
        if flavor == .jwt, !audiences.isEmpty {
            let audience: [String]
            if let aud = token.claims["aud"] {
                audience = aud.arrayValue?.compactMap(\.stringValue) ?? aud.stringValue.map { [$0] } ?? []
            } else {
                audience = token.claims["client_id"]?.stringValue.map { [$0] } ?? []
            }
            if !audience.contains(where: audiences.contains) { return "the token does not have a valid audience" }
        }
        guard let expires = token.time("exp") else { return "the token has no expiry (exp)" }
        if Double(now) >= expires { return "the token has expired" }
        if let notBefore = token.time("nbf"), notBefore > Double(now) { return "the token is not valid yet" }
        if let issuedAt = token.time("iat"), issuedAt > Double(now) { return "the token was issued in the future" }
        return nil
    }

    private func admit(_ verified: Verified, _ exchange: Exchange) -> PhaseOutcome {
        switch flavor {
        case .cognito:
            // AWS: without scopes on the method an ID token, with scopes an access token.
            if scopes.isEmpty {
                guard verified.tokenUse == "id" else { return .respond(refusal("an ID token is required")) }
            } else {
                guard verified.tokenUse == "access", verified.scopes.contains(where: scopes.contains) else {
                    return .respond(refusal("an access token with one of the method's scopes is required"))
                }
            }
        case .jwt:
            if !scopes.isEmpty, !verified.scopes.contains(where: scopes.contains) { return .respond(insufficientScope()) }
        }
        exchange.context.authorizer = AuthorizerOutput(
            principalId: verified.claims["sub"]?.stringValue, claims: verified.claims,
            scopes: flavor == .jwt ? verified.scopes : nil)
        return .proceed
    }

    /// Whether `token` starts with `Bearer ` (any case) and has more after it.
    static func hasBearerPrefix(_ token: Substring) -> Bool {
        let bytes = token.utf8
        guard bytes.count > 7 else { return false }
        return zip(bytes.prefix(7), "bearer ".utf8).allSatisfy { $0 | 0x20 == $1 }
    }

    /// `scope` (space-separated, OAuth 2.0) or `scp` (a list or a string).
    static func scopes(of claims: JSONObject) -> [String] {
        for name in ["scope", "scp"] {
            if let text = claims[name]?.stringValue { return text.split(separator: " ").map(String.init) }
            if let list = claims[name]?.arrayValue { return list.compactMap(\.stringValue) }
        }
        return []
    }

    /// The 401, with the JWT authorizer's `www-authenticate` (`description` nil: no token).
    func refusal(_ description: String?) -> GatewayError {
        var error = GatewayError(
            type: .unauthorized, status: .unauthorized, message: "Unauthorized", errorType: flavor == .cognito ? "UnauthorizedException" : nil,
            source: .client, cause: description)
        if flavor == .jwt {
            let challenge = description.map { "Bearer scope=\"\" error=\"invalid_token\" error_description=\"\(Self.quoted($0))\"" } ?? "Bearer"
            error.headers = [("www-authenticate", challenge)]
        }
        return error
    }

    private func insufficientScope() -> GatewayError {
        let wanted = scopes.joined(separator: " ")
        var error = GatewayError(
            type: .accessDenied, status: .forbidden, message: "Forbidden", errorType: nil, source: .client,
            cause: "the token has none of the route's scopes")
        error.headers = [
            (
                "www-authenticate",
                "Bearer scope=\"\(Self.quoted(wanted))\" error=\"insufficient_scope\" error_description=\"expected scopes: [\(Self.quoted(wanted))]\""
            )
        ]
        return error
    }

    /// A quoted-string's content: no `"` or `\`, no control characters.
    private static func quoted(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\"" && $0 != "\\" && $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }
}
