import GatewayModel
import GatewayStore
import JSON

/// `PutIntegration`, `GetIntegration`, `UpdateIntegration`, `DeleteIntegration`. An integration
/// lives in its method (`methodIntegration`).
///
/// Defaults are those AWS fills in (and the OpenAPI importer too): `passthroughBehavior`
/// `WHEN_NO_MATCH`, `timeoutInMillis` 29,000, `cacheNamespace` the resource id,
/// `cacheKeyParameters` `[]`, `connectionType` `INTERNET` except for `MOCK`.
extension ApiGatewayHandlers {
    struct PutIntegrationInput: Decodable {
        var type: String?
        var httpMethod: String?
        var uri: String?
        var connectionType: String?
        var connectionId: String?
        var credentials: String?
        var requestParameters: [String: String]?
        var requestTemplates: [String: String]?
        var passthroughBehavior: String?
        var cacheNamespace: String?
        var cacheKeyParameters: [String]?
        var contentHandling: String?
        var timeoutInMillis: Int?
        var tlsConfig: TlsConfig?
    }

    static let integrationTypes = ["HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"]

    static func registerIntegrations(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "PutIntegration") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let verb = try ctx.path("http_method")
            let input = try ctx.decodeBody(PutIntegrationInput.self)
            guard let rawType = input.type else { throw ManagementError.requiredMember("putIntegrationInput.type") }
            guard integrationTypes.contains(rawType) else {
                throw ManagementError.enumeration(rawType, at: "putIntegrationInput.type", allowed: integrationTypes)
            }
            let type = IntegrationType(rawType)
            let integration = try await ctx.store.write { tx in
                return try await editMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb) { method in
                    let integration = Integration(
                        type: type, httpMethod: input.httpMethod?.uppercased(), uri: input.uri,
                        connectionType: input.connectionType ?? (type == .mock ? nil : "INTERNET"), connectionId: input.connectionId,
                        credentials: input.credentials, requestParameters: input.requestParameters,
                        requestTemplates: input.requestTemplates, passthroughBehavior: input.passthroughBehavior ?? "WHEN_NO_MATCH",
                        contentHandling: input.contentHandling, timeoutInMillis: input.timeoutInMillis ?? Integration.defaultTimeoutInMillis,
                        cacheNamespace: input.cacheNamespace ?? resourceId, cacheKeyParameters: input.cacheKeyParameters ?? [],
                        tlsConfig: input.tlsConfig)
                    try checkIntegration(integration)
                    method.methodIntegration = integration
                    return integration
                }
            }
            return try ctx.respond(integration)
        }

        registry.on(.apigateway, "GetIntegration") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let verb = try ctx.path("http_method")
            let integration = try await ctx.store.read { tx in
                let (_, method) = try await requireMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb)
                guard let integration = method.methodIntegration else { throw ManagementError.invalidIntegration }
                return integration
            }
            return try ctx.respond(integration)
        }

        registry.on(.apigateway, "UpdateIntegration") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let verb = try ctx.path("http_method")
            let operations = try patchOperations(ctx)
            let updated = try await ctx.store.write { tx in
                return try await editMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb) { method in
                    guard let integration = method.methodIntegration else { throw ManagementError.invalidIntegration }
                    var patched = try PatchApplier.apply(operations, to: integration, schema: integrationPatchSchema)
                    patched.integrationResponses = integration.integrationResponses
                    if let method = patched.httpMethod { patched.httpMethod = method.uppercased() }
                    if patched.requestParameters?.isEmpty == true { patched.requestParameters = nil }
                    if patched.requestTemplates?.isEmpty == true { patched.requestTemplates = nil }
                    try checkIntegration(patched)
                    method.methodIntegration = patched
                    return patched
                }
            }
            return try ctx.respond(updated)
        }

        registry.on(.apigateway, "DeleteIntegration") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let verb = try ctx.path("http_method")
            try await ctx.store.write { tx in
                try await editMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb) { method in
                    guard method.methodIntegration != nil else { throw ManagementError.invalidIntegration }
                    method.methodIntegration = nil
                }
            }
            return ctx.respondEmpty()
        }
    }

    static let integrationPatchSchema = PatchSchema([
        .init("/type", [.replace], .string),
        .init("/uri", [.replace], .string),
        .init("/httpMethod", [.replace], .string),
        .init("/connectionType", [.replace], .string),
        .init("/connectionId", [.replace], .string),
        .init("/credentials", [.replace], .string),
        .init("/passthroughBehavior", [.replace], .string),
        .init("/contentHandling", [.replace], .string),
        .init("/cacheNamespace", [.replace], .string),
        .init("/timeoutInMillis", [.replace], .integer),
        .init("/requestParameters/*", [.add, .remove, .replace], .string),
        .init("/requestTemplates/*", [.add, .remove, .replace], .string),
        .init("/cacheKeyParameters/*", [.add, .remove], .member),
        .init("/tlsConfig/insecureSkipVerification", [.replace], .bool),
    ])

    /// AWS's checks of an integration.
    static func checkIntegration(_ integration: Integration) throws(ManagementError) {
        let type = integration.type
        guard integrationTypes.contains(type.rawValue) else {
            throw .badRequest("Invalid integration type specified. Valid options are \(integrationTypes.joined(separator: ","))")
        }
        if type != .mock {
            guard let method = integration.httpMethod, !method.isEmpty else {
                throw .badRequest("Enumeration value for HttpMethod must be non-empty")
            }
            guard RestApiDefaults.httpMethods.contains(method) else {
                throw .badRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY")
            }
            guard let uri = integration.uri, !uri.isEmpty else {
                throw .badRequest(type == .http || type == .httpProxy ? "Invalid HTTP endpoint specified for URI" : "Invalid ARN specified in the request")
            }
            if type == .http || type == .httpProxy {
                let lowered = uri.lowercased()
                if integration.connectionType != "VPC_LINK", !lowered.hasPrefix("http://"), !lowered.hasPrefix("https://") {
                    throw .badRequest("Invalid HTTP endpoint specified for URI")
                }
            } else if !uri.hasPrefix("arn:") {
                throw .badRequest("Invalid ARN specified in the request")
            } else if type == .awsProxy, !uri.contains(":lambda:path/"), !uri.contains(":firehose:") {
                throw .badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.")
            }
        }
        if let timeout = integration.timeoutInMillis, !(50...29_000).contains(timeout) {
            throw .badRequest("Timeout should be between 50 ms and 29000 ms")
        }
        if let behavior = integration.passthroughBehavior, !["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"].contains(behavior) {
            throw .badRequest("Invalid passthrough behavior specified. Valid options are WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER")
        }
        if let handling = integration.contentHandling, !["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"].contains(handling) {
            throw .badRequest("Invalid content handling specified. Valid options are CONVERT_TO_BINARY,CONVERT_TO_TEXT")
        }
        if let connection = integration.connectionType {
            guard ["INTERNET", "VPC_LINK"].contains(connection) else {
                throw .badRequest("Invalid connection type specified. Valid options are INTERNET,VPC_LINK")
            }
            if connection == "VPC_LINK", (integration.connectionId ?? "").isEmpty {
                throw .badRequest("ConnectionId must be specified for connectionType VPC_LINK")
            }
        }
    }
}
