import GatewayModel

/// The security schemes of a document (`securityDefinitions` in Swagger 2.0,
/// `components.securitySchemes` in OpenAPI 3) and how an operation's `security` requirement maps
/// to API Gateway's method (or route) authorization:
/// - an `apiKey` scheme for the `x-api-key` header → `apiKeyRequired` (REST APIs);
/// - `x-amazon-apigateway-authtype: awsSigv4` → `AWS_IAM`;
/// - `x-amazon-apigateway-authorizer` of type `token`/`request` → `CUSTOM`,
///   `cognito_user_pools` → `COGNITO_USER_POOLS` (REST), `jwt` → `JWT` (HTTP APIs), with the
///   requirement's scopes as `authorizationScopes`;
/// - `x-amazon-apigateway-auth: {type: AWS_IAM|NONE}` on an operation overrides the rest.
struct SecuritySchemeCatalog {
    enum Kind: Hashable {
        case apiKey(name: String, location: String)
        case sigv4
        /// `token`, `request`, `cognito_user_pools` or `jwt`.
        case authorizer(type: String)
        case unsupported(type: String)
    }

    struct Scheme {
        var name: String
        var path: JSONPath
        var kind: Kind
    }

    /// How one method or route is authorized.
    struct Authorization: Hashable {
        var authorizationType = "NONE"
        var authorizerId: String?
        var apiKeyRequired = false
        var authorizationScopes: [String]?
    }

    private(set) var schemes: [String: Scheme] = [:]
    /// Names of the schemes that define authorizers, in document order.
    private(set) var authorizerNames: [String] = []

    static let authorizerTypes = ["token", "request", "cognito_user_pools", "jwt"]

    static func read(_ document: OpenAPIDocument, _ log: DiagnosticCollector) -> SecuritySchemeCatalog {
        var catalog = SecuritySchemeCatalog()
        let container = document.isSwagger2 ? document.root["securityDefinitions"] : document.root["components"]?["securitySchemes"]
        guard let container, let members = container.members(log) else { return catalog }
        for (name, rawNode) in members {
            guard let node = document.resolve(rawNode, log), node.value.objectValue != nil else {
                if rawNode.value.objectValue == nil { log.wrongType(rawNode, expected: "an object") }
                continue
            }
            for (key, member) in node.members(log) ?? []
            where key.hasPrefix("x-amazon-apigateway-") && key != "x-amazon-apigateway-authtype" && key != "x-amazon-apigateway-authorizer" {
                log.warning(member.path, "unsupported extension '\(key)' on a security scheme is ignored")
            }
            let authType = node.string("x-amazon-apigateway-authtype", log)
            let kind: Kind
            if let authorizer = node.object("x-amazon-apigateway-authorizer", log) {
                guard let type = authorizer.requiredString("type", log) else { continue }
                guard authorizerTypes.contains(type.lowercased()) else {
                    log.error(authorizer.path.key("type"), "unknown authorizer type '\(type)': expected one of \(authorizerTypes.joined(separator: ", "))")
                    continue
                }
                kind = .authorizer(type: type.lowercased())
                catalog.authorizerNames.append(name)
            } else if authType?.lowercased() == "awssigv4" {
                kind = .sigv4
            } else if node.string("type", log) == "apiKey" {
                kind = .apiKey(name: node.string("name", log) ?? "", location: node.string("in", log) ?? "")
            } else {
                kind = .unsupported(type: node["type"]?.value.stringValue ?? "unknown")
            }
            catalog.schemes[name] = Scheme(name: name, path: node.path, kind: kind)
        }
        return catalog
    }

    /// The authorization of `operation` (its own `security`, else the document's).
    /// `authorizerId` gives the id of the authorizer a scheme defines.
    func authorization(
        of operation: DocumentNode, document: OpenAPIDocument, apiType: ApiType,
        authorizerId: (String) -> String, _ log: DiagnosticCollector
    ) -> Authorization {
        var result = Authorization()
        let requirements = operation["security"] ?? document.root["security"]
        if let requirements, let alternatives = requirements.elements(log), let first = alternatives.first {
            if alternatives.count > 1 {
                if apiType == .http {
                    log.error(requirements.path, "HTTP APIs support one security requirement per operation, found \(alternatives.count)")
                } else {
                    log.warning(requirements.path, "API Gateway uses one security requirement per method: only the first of \(alternatives.count) is used")
                }
            }
            for (name, scopesNode) in first.members(log) ?? [] {
                guard let scheme = schemes[name] else {
                    log.error(scopesNode.path, "security scheme '\(name)' is not defined")
                    continue
                }
                var scopes: [String] = []
                for element in scopesNode.elements(log) ?? [] {
                    if let scope = element.value.stringValue { scopes.append(scope) } else { log.wrongType(element, expected: "a string") }
                }
                apply(scheme, scopes: scopes, at: scopesNode.path, apiType: apiType, authorizerId: authorizerId, to: &result, log)
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
        _ scheme: Scheme, scopes: [String], at path: JSONPath, apiType: ApiType,
        authorizerId: (String) -> String, to result: inout Authorization, _ log: DiagnosticCollector
    ) {
        switch scheme.kind {
        case .apiKey(let name, let location):
            guard apiType == .rest else {
                log.warning(path, "HTTP APIs do not support API keys: the requirement '\(scheme.name)' is ignored")
                return
            }
            if name.lowercased() != "x-api-key" || location != "header" {
                log.warning(scheme.path, "API Gateway reads API keys from the x-api-key header (or an authorizer), not from \(location) '\(name)'")
            }
            result.apiKeyRequired = true
        case .sigv4:
            result.authorizationType = "AWS_IAM"
        case .authorizer(let type):
            switch (type, apiType) {
            case ("token", .rest), ("request", _):
                result.authorizationType = "CUSTOM"
            case ("cognito_user_pools", .rest):
                result.authorizationType = "COGNITO_USER_POOLS"
            case ("jwt", .http):
                result.authorizationType = "JWT"
            default:
                log.warning(path, "\(apiType == .rest ? "REST" : "HTTP") APIs do not support \(type) authorizers: '\(scheme.name)' is ignored")
                return
            }
            result.authorizerId = authorizerId(scheme.name)
            if !scopes.isEmpty { result.authorizationScopes = scopes }
        case .unsupported(let type):
            log.warning(path, "security scheme '\(scheme.name)' of type \(type) has no API Gateway equivalent and is ignored")
        }
    }
}
