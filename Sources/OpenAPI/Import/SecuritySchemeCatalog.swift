import GatewayModel
import JSON

/// The security schemes of a document and how an operation's `security` requirements map to API
/// Gateway's method (or route) authorization, as AWS's import does.
///
/// Schemes are read from `securityDefinitions` (Swagger 2.0, and also inside OpenAPI 3 documents,
/// where SAM and older generators write them) and `components.securitySchemes` (OpenAPI 3):
/// - an `apiKey` scheme for the `x-api-key` header → `apiKeyRequired` (REST APIs);
/// - `x-amazon-apigateway-authtype: awsSigv4` → `AWS_IAM`;
/// - `x-amazon-apigateway-authorizer` of type `token`/`request` → a Lambda authorizer (`CUSTOM`),
///   `cognito_user_pools` → `COGNITO_USER_POOLS` (REST), `jwt` → `JWT` (HTTP APIs), with the
///   requirement's scopes as `authorizationScopes`. Every such scheme becomes an authorizer,
///   used or not, as AWS creates them;
/// - `x-amazon-apigateway-auth: {type: AWS_IAM|NONE}` on an operation overrides the rest.
///
/// AWS's rules for requirements, which the import follows: a requirement may list several
/// alternatives — an API key anywhere makes the key required, and the first authorizer (or
/// SigV4) found in document order authorizes; a requirement naming a scheme that is not declared,
/// or a scheme API Gateway has no equivalent for (`oauth2`, `openIdConnect`, `http` without an
/// authorizer), is ignored without a warning (an `info` note says so).
struct SecuritySchemeCatalog {
    enum Kind: Hashable {
        case apiKey
        case sigv4
        /// `token`, `request`, `cognito_user_pools` or `jwt`.
        case authorizer(type: String)
        case unsupported(type: String)
    }

    struct Scheme {
        var name: String
        var path: JSONPath
        var kind: Kind
        var node: DocumentNode
    }

    /// How one method or route is authorized.
    struct Authorization: Hashable {
        var authorizationType = "NONE"
        var authorizerId: String?
        var apiKeyRequired = false
        var authorizationScopes: [String]?
    }

    private(set) var schemes: [String: Scheme] = [:]
    /// The schemes that define authorizers, in document order.
    private(set) var authorizerSchemes: [Scheme] = []

    static let authorizerTypes = ["token", "request", "cognito_user_pools", "jwt"]
    /// Every property of `x-amazon-apigateway-authorizer` in AWS's extension reference.
    static let authorizerProperties: Set<String> = [
        "type", "authorizerUri", "authorizerCredentials", "authorizerPayloadFormatVersion", "enableSimpleResponses",
        "identitySource", "jwtConfiguration", "identityValidationExpression", "authorizerResultTtlInSeconds", "providerARNs",
    ]

    static func read(_ document: OpenAPIDocument, _ log: DiagnosticCollector) -> SecuritySchemeCatalog {
        var catalog = SecuritySchemeCatalog()
        var containers: [DocumentNode] = []
        if !document.isSwagger2, let schemes = document.root["components"]?["securitySchemes"] { containers.append(schemes) }
        if let definitions = document.root["securityDefinitions"] { containers.append(definitions) }
        for container in containers {
            for (name, rawNode) in container.members(log) ?? [] where catalog.schemes[name] == nil {
                guard let node = document.resolve(rawNode, log), node.value.objectValue != nil else {
                    if rawNode.value.objectValue == nil { log.wrongType(rawNode, expected: "an object") }
                    continue
                }
                guard let scheme = readScheme(name, node, log) else { continue }
                catalog.schemes[name] = scheme
                if case .authorizer = scheme.kind { catalog.authorizerSchemes.append(scheme) }
            }
        }
        return catalog
    }

    private static func readScheme(_ name: String, _ node: DocumentNode, _ log: DiagnosticCollector) -> Scheme? {
        for (key, member) in node.members(log) ?? []
        where key.hasPrefix("x-amazon-apigateway-") && key != "x-amazon-apigateway-authtype" && key != "x-amazon-apigateway-authorizer" {
            log.warning(member.path, "unsupported extension '\(key)' on a security scheme is ignored")
        }
        let authType = node.string("x-amazon-apigateway-authtype", log)
        let kind: Kind
        if let authorizer = node.object("x-amazon-apigateway-authorizer", log) {
            guard let type = authorizer.requiredString("type", log) else { return nil }
            guard authorizerTypes.contains(type.lowercased()) else {
                log.error(authorizer.path.key("type"), "unknown authorizer type '\(type)': expected one of \(authorizerTypes.joined(separator: ", "))")
                return nil
            }
            for (key, member) in authorizer.members(log) ?? [] where !authorizerProperties.contains(key) {
                log.info(member.path, "'\(key)' is not a property of x-amazon-apigateway-authorizer: ignored")
            }
            kind = .authorizer(type: type.lowercased())
        } else if authType?.lowercased() == "awssigv4" {
            kind = .sigv4
        } else if node.string("type", log) == "apiKey", node.string("name", log)?.lowercased() == "x-api-key", node.string("in", log) == "header" {
            kind = .apiKey
        } else {
            let type = node["type"]?.value.stringValue ?? "unknown"
            kind = .unsupported(type: type == "apiKey" ? "apiKey (not the x-api-key header)" : type)
        }
        return Scheme(name: name, path: node.path, kind: kind, node: node)
    }

    /// The authorization of `operation` (its own `security`, else the document's).
    /// `authorizerId` gives the id of the authorizer a scheme defines.
    func authorization(
        of operation: DocumentNode, document: OpenAPIDocument, apiType: ApiType,
        authorizerId: (String) -> String, _ log: DiagnosticCollector
    ) -> Authorization {
        var result = Authorization()
        var authorized = false
        let requirements = operation["security"] ?? document.root["security"]
        for alternative in requirements?.elements(log) ?? [] {
            for (name, scopesNode) in alternative.members(log) ?? [] {
                guard let scheme = schemes[name] else {
                    log.info(scopesNode.path, "security scheme '\(name)' is not declared: the requirement is ignored, as AWS does")
                    continue
                }
                var scopes: [String] = []
                for element in scopesNode.elements(log) ?? [] {
                    if let scope = element.value.stringValue { scopes.append(scope) } else { log.wrongType(element, expected: "a string") }
                }
                apply(scheme, scopes: scopes, at: scopesNode.path, apiType: apiType, authorizerId: authorizerId, authorized: &authorized, to: &result, log)
            }
        }
        if let auth = operation.object("x-amazon-apigateway-auth", log), let type = auth.requiredString("type", log) {
            switch type.uppercased() {
            case "AWS_IAM", "NONE":
                result.authorizationType = type.uppercased()
                result.authorizerId = nil
                result.authorizationScopes = nil
            default:
                log.error(auth.path.key("type"), "unsupported authorization type '\(type)': expected AWS_IAM or NONE")
            }
        }
        return result
    }

    private func apply(
        _ scheme: Scheme, scopes: [String], at path: JSONPath, apiType: ApiType, authorizerId: (String) -> String,
        authorized: inout Bool, to result: inout Authorization, _ log: DiagnosticCollector
    ) {
        switch scheme.kind {
        case .apiKey:
            guard apiType == .rest else {
                log.info(path, "HTTP APIs do not have API keys: the requirement '\(scheme.name)' is ignored")
                return
            }
            result.apiKeyRequired = true
        case .sigv4:
            guard !authorized else { return }
            authorized = true
            result.authorizationType = "AWS_IAM"
        case .authorizer(let type):
            let authorizationType: String
            switch (type, apiType) {
            case ("token", .rest), ("request", _): authorizationType = "CUSTOM"
            case ("cognito_user_pools", .rest): authorizationType = "COGNITO_USER_POOLS"
            case ("jwt", .http): authorizationType = "JWT"
            default:
                return  // not created; its definition has the warning
            }
            guard !authorized else { return }
            authorized = true
            result.authorizationType = authorizationType
            result.authorizerId = authorizerId(scheme.name)
            if !scopes.isEmpty { result.authorizationScopes = scopes }
        case .unsupported(let type):
            log.info(path, "security scheme '\(scheme.name)' of type \(type) has no API Gateway equivalent: ignored, as AWS does")
        }
    }
}
