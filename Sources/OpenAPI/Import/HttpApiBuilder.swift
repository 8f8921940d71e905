import Foundation
import GatewayModel

/// Builds an HTTP API (`ApiGatewayV2.ApiSnapshot`) from an OpenAPI 3 document, as `ImportApi`
/// does: one route per path and operation (`GET /pets/{id}`, `ANY /{proxy+}` for
/// `x-amazon-apigateway-any-method`, `$default`), integrations from
/// `x-amazon-apigateway-integration` (identical inline integrations are shared, reusable ones
/// from `components.x-amazon-apigateway-integrations` are created once each, used or not), CORS
/// from `x-amazon-apigateway-cors`.
///
/// Defaults as API Gateway fills them in: `payloadFormatVersion` `2.0` for `AWS_PROXY` (the
/// latest version, which the console and SAM use when none is given) and `1.0` for
/// `HTTP_PROXY` (the only one it supports), `connectionType` `INTERNET`, `timeoutInMillis`
/// 30,000.
struct HttpApiBuilder {
    let document: OpenAPIDocument
    let apiId: String
    let basePathMode: BasePathMode
    let log: DiagnosticCollector

    static let rootExtensions: Set<String> = [
        "x-amazon-apigateway-cors", "x-amazon-apigateway-importexport-version", "x-amazon-apigateway-endpoint-configuration",
        "x-amazon-apigateway-documentation",
    ]
    /// REST-only root extensions: accepted, warned about, ignored.
    static let restOnlyExtensions: Set<String> = [
        "x-amazon-apigateway-api-key-source", "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-gateway-responses",
        "x-amazon-apigateway-minimum-compression-size", "x-amazon-apigateway-policy", "x-amazon-apigateway-request-validator",
        "x-amazon-apigateway-request-validators",
    ]
    static let integrationComponentPrefix = "#/components/x-amazon-apigateway-integrations/"

    private var root: DocumentNode { document.root }

    func build() -> ApiGatewayV2.ApiSnapshot {
        var api = ApiGatewayV2.Api(apiId: apiId, name: document.title, description: document.description, version: document.version)
        readRootExtensions(into: &api)
        let catalog = SecuritySchemeCatalog.read(document, log)
        let authorizers = catalog.authorizerSchemes.compactMap { AuthorizerExtension.httpAuthorizer($0, id: authorizerId($0.name), log) }
        if let schemas = root["components"]?["schemas"], schemas.object?.isEmpty == false {
            log.info(schemas.path, "HTTP APIs do not use models: the schemas are not imported")
        }

        var integrations: [ApiGatewayV2.Integration] = []
        var named: [String: String] = [:]
        for (name, node) in root["components"]?.object("x-amazon-apigateway-integrations", log)?.members(log) ?? [] {
            guard let resolved = document.resolve(node, log), let integration = httpIntegration(resolved, id: componentIntegrationId(name)) else { continue }
            named[name] = integration.integrationId
            integrations.append(integration)
        }

        var shared: [ApiGatewayV2.Integration: String] = [:]
        var routes: [ApiGatewayV2.Route] = []
        var routeKeys = Set<String>()
        let prefix = document.basePrefix(basePathMode, log: log)
        for entry in OperationEntry.all(in: document, apiType: .http, log) {
            let routeKey: String
            if let template = entry.template {
                routeKey = "\(entry.method) \(prefix.appending(template))"
            } else {
                routeKey = OperationEntry.defaultPath
            }
            guard routeKeys.insert(routeKey).inserted else {
                log.error(entry.operation.path, "the route \(routeKey) is declared twice")
                continue
            }
            let operation = entry.operation
            for (key, member) in operation.members(log) ?? []
            where key.hasPrefix("x-amazon-apigateway-") && key != "x-amazon-apigateway-integration" && key != "x-amazon-apigateway-auth" {
                log.warning(member.path, "unsupported extension '\(key)' on an HTTP API operation is ignored")
            }
            var route = ApiGatewayV2.Route(
                routeId: ResourceIdentifier.stable(from: "\(apiId)|route|\(routeKey)", length: 7), routeKey: routeKey)
            route.operationName = operation.string("operationId", log)
            let authorization = catalog.authorization(
                of: operation, document: document, apiType: .http,
                authorizerId: authorizerId, log)
            route.authorizationType = authorization.authorizationType
            route.authorizerId = authorization.authorizerId
            route.authorizationScopes = authorization.authorizationScopes

            if let raw = operation["x-amazon-apigateway-integration"] {
                if let pointer = raw["$ref"]?.value.stringValue, pointer.hasPrefix(Self.integrationComponentPrefix) {
                    let name = String(pointer.dropFirst(Self.integrationComponentPrefix.count))
                    if let id = named[name] {
                        route.target = "integrations/\(id)"
                    } else if document.lookUp(pointer) == nil {
                        log.error(raw.path.key("$ref"), "$ref '\(pointer)' does not name a reusable integration")
                    }
                } else if let node = document.resolve(raw, log),
                    var integration = httpIntegration(node, id: ResourceIdentifier.stable(from: "\(apiId)|integration|\(routeKey)", length: 7))
                {
                    var key = integration
                    key.integrationId = ""
                    if let existing = shared[key] {
                        integration.integrationId = existing
                    } else {
                        shared[key] = integration.integrationId
                        integrations.append(integration)
                    }
                    route.target = "integrations/\(integration.integrationId)"
                }
            }
            routes.append(route)
        }
        var snapshot = ApiGatewayV2.ApiSnapshot(api: api, routes: routes, integrations: integrations)
        snapshot.authorizers = authorizers.isEmpty ? nil : authorizers
        return snapshot
    }

    private func authorizerId(_ name: String) -> String {
        ResourceIdentifier.stable(from: "\(apiId)|authorizer|\(name)", length: 6)
    }

    // MARK: API level

    private func readRootExtensions(into api: inout ApiGatewayV2.Api) {
        if let cors = root.object("x-amazon-apigateway-cors", log) {
            api.corsConfiguration = readCors(cors)
        }
        if let version = root["x-amazon-apigateway-importexport-version"] {
            let text = version.value.stringValue ?? version.value.numberValue.map { String(format: "%.1f", $0) }
            if text != "1.0" {
                log.warning(version.path, "unknown import/export version \(text.map { "'\($0)'" } ?? version.value.typeName): only 1.0 exists; read as 1.0")
            }
        }
        if let configuration = root.object("x-amazon-apigateway-endpoint-configuration", log) {
            for (key, member) in configuration.members(log) ?? [] where key != "disableExecuteApiEndpoint" {
                log.warning(member.path, "HTTP APIs do not use '\(key)' of x-amazon-apigateway-endpoint-configuration: ignored")
            }
            if let disable = configuration.bool("disableExecuteApiEndpoint", log) { api.disableExecuteApiEndpoint = disable }
        }
        api.tags = TagReader.read(document, log)
        if let documentation = root["x-amazon-apigateway-documentation"] {
            log.info(documentation.path, "HTTP APIs do not have documentation parts: ignored")
        }
        for (key, member) in root.members(log) ?? [] where key.hasPrefix("x-amazon-apigateway-") && !Self.rootExtensions.contains(key) {
            if Self.restOnlyExtensions.contains(key) {
                log.warning(member.path, "'\(key)' applies to REST APIs only and is ignored for an HTTP API")
            } else {
                log.warning(member.path, "unsupported extension '\(key)' is ignored")
            }
        }
    }

    private func readCors(_ node: DocumentNode) -> ApiGatewayV2.Cors {
        let known = ["allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials"]
        for (key, member) in node.members(log) ?? [] where !known.contains(key) {
            log.warning(member.path, "unknown property '\(key)' of x-amazon-apigateway-cors is ignored")
        }
        var cors = ApiGatewayV2.Cors(
            allowCredentials: node.bool("allowCredentials", log), allowHeaders: node.stringArray("allowHeaders", log),
            allowMethods: node.stringArray("allowMethods", log), allowOrigins: node.stringArray("allowOrigins", log),
            exposeHeaders: node.stringArray("exposeHeaders", log))
        if let maxAge = node.integer("maxAge", log) {
            if (-1...86_400).contains(maxAge) {
                cors.maxAge = maxAge
            } else {
                log.error(node.path.key("maxAge"), "\(maxAge) is out of range: -1 to 86400 seconds")
            }
        }
        if cors.allowCredentials == true, cors.allowOrigins?.contains("*") == true {
            log.error(node.path.key("allowOrigins"), "allowCredentials cannot be true when allowOrigins contains '*'")
        }
        return cors
    }

    // MARK: Integrations

    /// The id of a reusable integration: derived from its name, except that AWS's exports name
    /// the integrations no route uses `unusedIntegration_{integrationId}`, and that id is kept so
    /// that exporting and importing again gives the same API.
    private func componentIntegrationId(_ name: String) -> String {
        let prefix = "unusedIntegration_"
        if name.hasPrefix(prefix) {
            let id = name.dropFirst(prefix.count)
            if (1...64).contains(id.count), id.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isLowercase || ("0"..."9").contains($0)) }) {
                return String(id)
            }
        }
        return ResourceIdentifier.stable(from: "\(apiId)|integration|#\(name)", length: 7)
    }

    /// The HTTP API integration for `node`, or `nil` when it is invalid or not of a type HTTP
    /// APIs run (a warning, as AWS gives).
    private func httpIntegration(_ node: DocumentNode, id: String) -> ApiGatewayV2.Integration? {
        guard let source = IntegrationExtension.read(node, apiType: .http, log) else { return nil }
        guard IntegrationExtension.httpApiTypes.contains(source.type) else {
            log.warning(
                node.path.key("type"),
                "HTTP APIs support only aws_proxy and http_proxy integrations, not \(source.type.lowercased()): the integration is ignored")
            return nil
        }
        let payloadFormatVersion = source.payloadFormatVersion ?? (source.type == "AWS_PROXY" ? "2.0" : "1.0")
        if source.type == "HTTP_PROXY", payloadFormatVersion != "1.0" {
            log.error(node.path.key("payloadFormatVersion"), "HTTP_PROXY integrations support only payload format version 1.0")
            return nil
        }
        if source.insecureSkipVerification != nil {
            log.info(node.path.key("tlsConfig").key("insecureSkipVerification"), "HTTP API integrations do not use insecureSkipVerification")
        }
        var integration = ApiGatewayV2.Integration(
            integrationId: id, integrationType: source.type, integrationUri: source.uri, integrationMethod: source.httpMethod,
            connectionType: source.connectionType ?? "INTERNET", payloadFormatVersion: payloadFormatVersion,
            requestParameters: source.requestParameters, responseParameters: source.responseParameters,
            timeoutInMillis: source.timeoutInMillis ?? ApiGatewayV2.Integration.defaultTimeoutInMillis,
            description: source.description, tlsConfig: source.serverNameToVerify.map { ApiGatewayV2.TlsConfig(serverNameToVerify: $0) },
            integrationSubtype: source.integrationSubtype, credentialsArn: source.credentials)
        integration.connectionId = source.connectionId
        return integration
    }
}
