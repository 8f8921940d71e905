public import GatewayModel
import JSON

/// The kind of API a document is served as when nobody says (`portcullis serve` and `validate`
/// without `--type`). AWS itself never guesses — `ImportRestApi` always makes a REST API and
/// `ImportApi` an HTTP API — so the choice is REST unless the document can only be an HTTP API:
/// it uses a construct only HTTP APIs have (a `$default` path, `x-amazon-apigateway-cors`,
/// reusable `components.x-amazon-apigateway-integrations`, an `integrationSubtype`, integration
/// `responseParameters` by status code, `overwrite:`/`append:`/`remove:` parameter mappings, a
/// `jwt` authorizer, a Lambda authorizer with `authorizerPayloadFormatVersion`,
/// `enableSimpleResponses` or `$request.…` identity sources) and none that only REST APIs have (Swagger 2.0, `http`/`aws`/`mock`
/// integrations, mapping templates and integration responses, request validators, gateway
/// responses, binary media types, API key sources or requirements, policies, `token` or
/// `cognito_user_pools` authorizers).
///
/// `payloadFormatVersion` and `x-amazon-apigateway-importexport-version` decide nothing: REST
/// documents carry them too (SAM and Terraform write `payloadFormatVersion` on REST Lambda
/// proxies), and a REST import ignores them.
public struct ApiTypeChoice: Sendable, Hashable {
    public var type: ApiType
    /// One sentence: what decided, e.g. `HTTP API: it uses $default path, x-amazon-apigateway-cors and nothing REST-only`.
    public var reason: String

    public init(type: ApiType, reason: String) {
        self.type = type
        self.reason = reason
    }

    init(for document: OpenAPIDocument) {
        let found = Self.constructs(of: document)
        if !found.httpOnly.isEmpty, found.restOnly.isEmpty {
            self.init(type: .http, reason: "HTTP API: it uses \(Self.list(found.httpOnly)) and nothing REST-only")
        } else if found.restOnly.isEmpty {
            self.init(type: .rest, reason: "REST API: nothing in it is HTTP API-only (REST is the default, as for ImportRestApi)")
        } else if found.httpOnly.isEmpty {
            self.init(type: .rest, reason: "REST API: it uses \(Self.list(found.restOnly))")
        } else {
            self.init(
                type: .rest,
                reason: "REST API: it uses \(Self.list(found.restOnly)), although it also uses \(Self.list(found.httpOnly)); pass --type http to import it as an HTTP API")
        }
    }

    private static func list(_ items: [String]) -> String {
        let unique = items.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let shown = unique.prefix(3).joined(separator: ", ")
        return unique.count > 3 ? "\(shown) and \(unique.count - 3) more" : shown
    }

    private static let restOnlyRootExtensions = [
        "x-amazon-apigateway-api-key-source", "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-gateway-responses",
        "x-amazon-apigateway-minimum-compression-size", "x-amazon-apigateway-policy", "x-amazon-apigateway-request-validators",
        "x-amazon-apigateway-request-validator", "x-amazon-apigateway-documentation",
    ]
    private static let restOnlyIntegrationFields = ["requestTemplates", "responses", "passthroughBehavior", "contentHandling", "cacheKeyParameters", "cacheNamespace"]

    private static func constructs(of document: OpenAPIDocument) -> (httpOnly: [String], restOnly: [String]) {
        var httpOnly: [String] = []
        var restOnly: [String] = []
        let root = document.root.value
        if document.isSwagger2 { restOnly.append("Swagger 2.0") }
        for key in restOnlyRootExtensions where root[key] != nil { restOnly.append(key) }
        if root["x-amazon-apigateway-cors"] != nil { httpOnly.append("x-amazon-apigateway-cors") }
        if root["components"]?["x-amazon-apigateway-integrations"] != nil { httpOnly.append("reusable x-amazon-apigateway-integrations") }

        let schemeContainers = [root["securityDefinitions"], root["components"]?["securitySchemes"]].compactMap { $0?.objectValue }
        for (_, scheme) in schemeContainers.flatMap({ Array($0) }) {
            let authorizer = scheme["x-amazon-apigateway-authorizer"]
            if authorizer?["authorizerPayloadFormatVersion"] != nil || authorizer?["enableSimpleResponses"] != nil
                || authorizer?["identitySource"]?.stringValue?.hasPrefix("$request.") == true
            {
                httpOnly.append("an HTTP API Lambda authorizer")
            }
            switch authorizer?["type"]?.stringValue?.lowercased() {
            case "jwt": httpOnly.append("a jwt authorizer")
            case "token", "cognito_user_pools": restOnly.append("a token or cognito_user_pools authorizer")
            case nil:
                let isKey = scheme["type"]?.stringValue == "apiKey" && scheme["name"]?.stringValue?.lowercased() == "x-api-key"
                if isKey, scheme["x-amazon-apigateway-authtype"] == nil { restOnly.append("an API key security scheme") }
            default:
                break
            }
        }
        for (pathKey, item) in document.paths {
            if pathKey == OperationEntry.defaultPath { httpOnly.append("the $default path") }
            for (_, operation) in item.object ?? JSONObject() {
                guard let integration = operation["x-amazon-apigateway-integration"]?.objectValue else { continue }
                if let type = integration["type"]?.stringValue?.uppercased(), ["HTTP", "AWS", "MOCK"].contains(type) {
                    restOnly.append("\(type.lowercased()) integrations")
                }
                if integration["integrationSubtype"] != nil { httpOnly.append("integrationSubtype") }
                if integration["responseParameters"] != nil { httpOnly.append("integration responseParameters") }
                let mappings = integration["requestParameters"]?.objectValue.map { Array($0).map(\.key) } ?? []
                if mappings.contains(where: { ["overwrite:", "append:", "remove:"].contains(where: $0.hasPrefix) }) {
                    httpOnly.append("overwrite/append/remove parameter mappings")
                }
                for field in restOnlyIntegrationFields where integration[field] != nil { restOnly.append("integration \(field)") }
            }
        }
        return (httpOnly, restOnly)
    }
}
