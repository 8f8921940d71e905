import Foundation
import GatewayModel

/// The authorizer phase of a REST method or an HTTP API route, compiled from its authorization
/// type and authorizer: `AWS_IAM` → `IamAuthorizationPhase`; Cognito user pools and JWT →
/// `TokenAuthorizerPhase`; Lambda (`CUSTOM`) → `LambdaAuthorizerPhase`; a configuration that
/// cannot work → an `UnenforcedGuardPhase`, which refuses, never serves open. Compiler and
/// `validate` share it.
struct AuthorizerPhases {
    let services: AuthorizerServices
    /// The gateway's region and account (for method ARNs).
    let region: String
    let accountId: String

    init(services: AuthorizerServices, identities: CompiledIdentities = .none) {
        self.services = services
        region = identities.region
        accountId = identities.accountId
    }

    /// A REST method's authorizer phases (none for `NONE`).
    func rest(_ method: Method, authorizers: [Authorizer], apiId: String = "", stage: StageSpecification? = nil) -> [any RequestPhase] {
        let type = (method.authorizationType ?? "NONE").uppercased()
        switch type {
        case "NONE": return []
        case "AWS_IAM": return [IamAuthorizationPhase()]
        case "COGNITO_USER_POOLS":
            guard let authorizer = authorizers.first(where: { $0.id == method.authorizerId }) else {
                return [refusal("the method names authorizer \(method.authorizerId ?? "(none)"), which the deployment does not have", .rest)]
            }
            return [cognito(authorizer, scopes: method.authorizationScopes ?? [])]
        case "CUSTOM":
            guard let authorizer = authorizers.first(where: { $0.id == method.authorizerId }) else {
                return [refusal("the method names authorizer \(method.authorizerId ?? "(none)"), which the deployment does not have", .rest)]
            }
            return [restLambda(authorizer, apiId: apiId, stage: stage)]
        default:
            return [refusal("authorization type \(type) is not enforced by this build; the method is refused", .rest)]
        }
    }

    /// An HTTP API route's authorizer phases (none for `NONE`).
    func http(
        _ route: ApiGatewayV2.Route, authorizers: [ApiGatewayV2.Authorizer], apiId: String = "", stage: StageSpecification? = nil
    ) -> [any RequestPhase] {
        let type = (route.authorizationType ?? "NONE").uppercased()
        switch type {
        case "NONE":
            if let id = route.authorizerId, !id.isEmpty {
                return [refusal("the route names authorizer \(id) with authorization type NONE; the route is refused", .http)]
            }
            return []
        case "AWS_IAM": return [IamAuthorizationPhase()]
        case "JWT":
            guard let authorizer = authorizers.first(where: { $0.authorizerId == route.authorizerId }) else {
                return [refusal("the route names authorizer \(route.authorizerId ?? "(none)"), which the deployment does not have", .http)]
            }
            return [jwt(authorizer, scopes: route.authorizationScopes ?? [])]
        case "CUSTOM":
            guard let authorizer = authorizers.first(where: { $0.authorizerId == route.authorizerId }),
                authorizer.authorizerType.uppercased() == "REQUEST"
            else {
                return [refusal("the route names Lambda authorizer \(route.authorizerId ?? "(none)"), which the deployment does not have", .http)]
            }
            return [httpLambda(authorizer, apiId: apiId, stage: stage)]
        default:
            return [refusal("authorization type \(type) is not enforced by this build; the route is refused", .http)]
        }
    }

    private func cognito(_ authorizer: Authorizer, scopes: [String]) -> any RequestPhase {
        guard let source = IdentitySource(authorizer.identitySource ?? "method.request.header.Authorization"), source.isRequestValue else {
            return refusal("authorizer \(authorizer.id): identity source \(authorizer.identitySource ?? "") is not a header", .rest)
        }
        var issuers: [String: IssuerKeys] = [:]
        for arn in authorizer.providerARNs ?? [] {
            guard let pool = services.cognitoUserPool(arn) else {
                return refusal("authorizer \(authorizer.id): \(arn) is not a Cognito user pool ARN", .rest)
            }
            let keys = services.issuerKeys(pool.keys)
            for issuer in pool.issuers { issuers[issuer] = keys }
        }
        guard !issuers.isEmpty else { return refusal("authorizer \(authorizer.id) names no user pool", .rest) }
        return TokenAuthorizerPhase(
            flavor: .cognito, source: source, issuers: issuers, audiences: [], scopes: scopes,
            cache: services.tokenCache(issuers: Set(issuers.keys), audiences: []))
    }

    private func jwt(_ authorizer: ApiGatewayV2.Authorizer, scopes: [String]) -> any RequestPhase {
        let sources = authorizer.identitySource ?? ["$request.header.Authorization"]
        guard sources.count == 1, let source = IdentitySource(sources[0]), source.isRequestValue else {
            return refusal("authorizer \(authorizer.authorizerId): a JWT authorizer reads one header or query parameter", .http)
        }
        guard var issuer = authorizer.jwtConfiguration?.issuer, !issuer.isEmpty else {
            return refusal("authorizer \(authorizer.authorizerId) has no issuer", .http)
        }
        if issuer.hasSuffix("/") { issuer.removeLast() }
        let audiences = Set(authorizer.jwtConfiguration?.audience ?? [])
        let keys = services.issuerKeys(.discovery(issuer: issuer))
        return TokenAuthorizerPhase(
            flavor: .jwt, source: source, issuers: [issuer: keys, issuer + "/": keys], audiences: audiences, scopes: scopes,
            cache: services.tokenCache(issuers: [issuer], audiences: audiences))
    }

    private func restLambda(_ authorizer: Authorizer, apiId: String, stage: StageSpecification?) -> any RequestPhase {
        let token = (authorizer.type ?? "TOKEN").uppercased() == "TOKEN"
        let texts = (authorizer.identitySource ?? (token ? "method.request.header.Authorization" : ""))
            .split(separator: ",").map(String.init).filter { !$0.trimmingWhitespace().isEmpty }
        let sources = texts.compactMap(IdentitySource.init)
        guard sources.count == texts.count, !token || (sources.count == 1 && texts[0].contains("method.request.header.")) else {
            return refusal("authorizer \(authorizer.id): identity source \(authorizer.identitySource ?? "") is not valid", .rest)
        }
        var validation: NSRegularExpression?
        if token, let expression = authorizer.identityValidationExpression, !expression.isEmpty {
            guard let compiled = try? NSRegularExpression(pattern: expression) else {
                return refusal("authorizer \(authorizer.id): identityValidationExpression is not a valid regular expression", .rest)
            }
            validation = compiled
        }
        return lambda(
            flavor: token ? .restToken : .restRequest, uri: authorizer.authorizerUri, sources: sources, validation: validation,
            ttl: authorizer.authorizerResultTtlInSeconds ?? 300, cacheKey: "\(apiId)/\(stage?.name ?? "")/\(authorizer.id)",
            stage: stage, name: authorizer.id, dialect: .rest)
    }

    private func httpLambda(_ authorizer: ApiGatewayV2.Authorizer, apiId: String, stage: StageSpecification?) -> any RequestPhase {
        let texts = authorizer.identitySource ?? []
        let sources = texts.compactMap(IdentitySource.init)
        guard sources.count == texts.count else {
            return refusal("authorizer \(authorizer.authorizerId): identity source \(texts) is not valid", .http)
        }
        let version = authorizer.authorizerPayloadFormatVersion ?? "2.0"
        guard version == "1.0" || version == "2.0" else {
            return refusal("authorizer \(authorizer.authorizerId): payload format \(version) is not 1.0 or 2.0", .http)
        }
        // Without identity sources there is nothing to key a cache on: AWS does not cache then.
        let ttl = sources.isEmpty ? 0 : authorizer.authorizerResultTtlInSeconds ?? 0
        let simple = version == "2.0" && authorizer.enableSimpleResponses == true
        return lambda(
            flavor: version == "1.0" ? .httpV1 : (simple ? .httpV2Simple : .httpV2), uri: authorizer.authorizerUri, sources: sources,
            validation: nil, ttl: ttl, cacheKey: "\(apiId)/\(stage?.name ?? "")/\(authorizer.authorizerId)", stage: stage,
            name: authorizer.authorizerId, dialect: .http)
    }

    private func lambda(
        flavor: LambdaAuthorizerPhase.Flavor, uri: String?, sources: [IdentitySource], validation: NSRegularExpression?, ttl: Int,
        cacheKey: String, stage: StageSpecification?, name: String, dialect: ApiDialect
    ) -> any RequestPhase {
        guard let function = Self.function(of: uri ?? "", variables: stage?.variables ?? [:]) else {
            return refusal("authorizer \(name): \(uri ?? "(no URI)") does not name a Lambda function", dialect)
        }
        let ttl = min(max(ttl, 0), 3600)
        return LambdaAuthorizerPhase(
            flavor: flavor, sources: sources, validation: validation, function: function, ttl: ttl,
            cache: services.decisionCache("\(cacheKey)/\(function)/\(ttl)"), lambda: services.lambda, region: region, accountId: accountId)
    }

    /// The function an authorizer URI names
    /// (`arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function}/invocations`, or
    /// the function's ARN itself), with `${stageVariables.NAME}` resolved; nil when it names none.
    static func function(of uri: String, variables: [String: String]) -> String? {
        var function = uri
        if let start = uri.range(of: ":lambda:path/2015-03-31/functions/") {
            let rest = uri[start.upperBound...]
            guard let end = rest.range(of: "/invocations", options: .backwards) else { return nil }
            function = String(rest[..<end.lowerBound])
        }
        while let open = function.range(of: "${stageVariables.") {
            guard let close = function[open.upperBound...].firstIndex(of: "}") else { return nil }
            let name = String(function[open.upperBound..<close])
            function.replaceSubrange(open.lowerBound...close, with: variables[name] ?? "")
        }
        return function.isEmpty || function.contains("/") ? nil : function
    }

    private func refusal(_ reason: String, _ dialect: ApiDialect) -> UnenforcedGuardPhase {
        UnenforcedGuardPhase(kind: .authorizer, reason: reason, dialect: dialect)
    }
}
