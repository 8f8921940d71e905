import Foundation
import GatewayModel
import JSON

/// Turns the `x-amazon-apigateway-authorizer` of a security scheme into the authorizer AWS's
/// import creates: a REST `Authorizer` (`TOKEN`, `REQUEST`, `COGNITO_USER_POOLS`) or an HTTP API
/// `ApiGatewayV2.Authorizer` (`JWT`, `REQUEST`). The authorizer is named after the scheme.
///
/// As AWS records them (LocalStack's AWS snapshots of `ImportRestApi`): a `token` or
/// `cognito_user_pools` authorizer reads the header the scheme names (`name`, `Authorization` when
/// absent) as `method.request.header.NAME`; `authType` is the scheme's
/// `x-amazon-apigateway-authtype`; `authorizerResultTtlInSeconds` is stored only when the document
/// gives it.
enum AuthorizerExtension {
    static func restAuthorizer(_ scheme: SecuritySchemeCatalog.Scheme, id: String, _ log: DiagnosticCollector) -> Authorizer? {
        guard case .authorizer(let type) = scheme.kind, let node = scheme.node["x-amazon-apigateway-authorizer"] else { return nil }
        guard type != "jwt" else {
            log.warning(node.path.key("type"), "REST APIs do not have jwt authorizers (use cognito_user_pools or a Lambda authorizer): '\(scheme.name)' is not created")
            return nil
        }
        var authorizer = Authorizer(id: id, name: scheme.name, type: type.uppercased())
        authorizer.authType = scheme.node.string("x-amazon-apigateway-authtype", log)
        authorizer.authorizerUri = node.string("authorizerUri", log)
        authorizer.authorizerCredentials = node.string("authorizerCredentials", log)
        authorizer.identityValidationExpression = node.string("identityValidationExpression", log)
        authorizer.authorizerResultTtlInSeconds = ttl(node, log)
        authorizer.providerARNs = node.stringArray("providerARNs", log)
        switch type {
        case "request":
            authorizer.identitySource = identitySources(node, log)?.joined(separator: ", ")
        default:
            let header = scheme.node.string("name", log) ?? "Authorization"
            authorizer.identitySource = node.string("identitySource", log) ?? "method.request.header.\(header)"
        }
        if type == "cognito_user_pools" {
            if authorizer.providerARNs?.isEmpty != false { log.error(node.path.key("providerARNs"), "is required for cognito_user_pools authorizers") }
        } else if (authorizer.authorizerUri ?? "").isEmpty {
            log.error(node.path.key("authorizerUri"), "is required for \(type) authorizers")
        }
        return authorizer
    }

    static func httpAuthorizer(_ scheme: SecuritySchemeCatalog.Scheme, id: String, _ log: DiagnosticCollector) -> ApiGatewayV2.Authorizer? {
        guard case .authorizer(let type) = scheme.kind, let node = scheme.node["x-amazon-apigateway-authorizer"] else { return nil }
        switch type {
        case "jwt":
            var authorizer = ApiGatewayV2.Authorizer(
                authorizerId: id, name: scheme.name, authorizerType: "JWT",
                identitySource: identitySources(node, log) ?? ["$request.header.Authorization"])
            let configuration = node.object("jwtConfiguration", log)
            authorizer.jwtConfiguration = ApiGatewayV2.JWTConfiguration(
                audience: configuration?.stringArray("audience", log), issuer: configuration?.string("issuer", log))
            if authorizer.jwtConfiguration?.issuer == nil { log.error(node.path.key("jwtConfiguration").key("issuer"), "is required for jwt authorizers") }
            if authorizer.jwtConfiguration?.audience?.isEmpty != false {
                log.error(node.path.key("jwtConfiguration").key("audience"), "is required for jwt authorizers (at least one audience)")
            }
            return authorizer
        case "request":
            var authorizer = ApiGatewayV2.Authorizer(
                authorizerId: id, name: scheme.name, authorizerType: "REQUEST", identitySource: identitySources(node, log),
                authorizerUri: node.string("authorizerUri", log))
            authorizer.authorizerCredentialsArn = node.string("authorizerCredentials", log)
            authorizer.authorizerResultTtlInSeconds = ttl(node, log)
            authorizer.enableSimpleResponses = node.bool("enableSimpleResponses", log)
            authorizer.identityValidationExpression = node.string("identityValidationExpression", log)
            authorizer.authorizerPayloadFormatVersion = node.scalarString("authorizerPayloadFormatVersion", log).map { $0 == "1" || $0 == "2" ? "\($0).0" : $0 }
            if (authorizer.authorizerUri ?? "").isEmpty { log.error(node.path.key("authorizerUri"), "is required for request authorizers") }
            if authorizer.authorizerPayloadFormatVersion == nil {
                log.error(node.path.key("authorizerPayloadFormatVersion"), "is required for request authorizers of HTTP APIs: 1.0 or 2.0")
            }
            return authorizer
        default:
            log.warning(node.path.key("type"), "HTTP APIs do not have \(type) authorizers (use jwt or request): '\(scheme.name)' is not created")
            return nil
        }
    }

    private static func ttl(_ node: DocumentNode, _ log: DiagnosticCollector) -> Int? {
        guard let ttl = node.integer("authorizerResultTtlInSeconds", log) else { return nil }
        if !(0...3600).contains(ttl) { log.error(node.path.key("authorizerResultTtlInSeconds"), "\(ttl) is out of range: 0 to 3600 seconds") }
        return ttl
    }

    /// `identitySource` written as one comma-separated string (as AWS exports it) or a list.
    private static func identitySources(_ node: DocumentNode, _ log: DiagnosticCollector) -> [String]? {
        guard let member = node["identitySource"] else { return nil }
        if let text = member.value.stringValue {
            let sources = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return sources.isEmpty ? nil : sources
        }
        return node.stringArray("identitySource", log)
    }
}
