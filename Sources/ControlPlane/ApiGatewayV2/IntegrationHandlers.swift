import Foundation
import GatewayModel
import GatewayStore

/// Integrations: `CreateIntegration`, `GetIntegration`, `GetIntegrations`, `UpdateIntegration`,
/// `DeleteIntegration`.
///
/// Rules of HTTP APIs, checked on the integration as it results from a create or an update:
/// - `integrationType` is `AWS_PROXY` or `HTTP_PROXY` (AWS's own message otherwise);
/// - `HTTP_PROXY` needs `integrationUri` (an `http(s)` URL on the internet) and
///   `integrationMethod`; its `payloadFormatVersion` is `1.0`, the default;
/// - `AWS_PROXY` needs `integrationUri` (unless `integrationSubtype` names an AWS service action)
///   and `payloadFormatVersion` `1.0` or `2.0`; its `integrationMethod` defaults to `POST`;
/// - `timeoutInMillis` is 50…30,000, 30,000 by default; `connectionType` `INTERNET` (default)
///   or `VPC_LINK`, which needs `connectionId`;
/// - the WebSocket-only members (`contentHandlingStrategy`, `passthroughBehavior`,
///   `requestTemplates`, `templateSelectionExpression`) are refused.
///
/// WebSocket APIs take `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY` and `MOCK`, with timeouts of
/// 50…29,000 ms (29,000 by default).
///
/// `DeleteIntegration` is refused while a route targets the integration, with AWS's
/// `ConflictException`, and for the integration quick create made (it belongs to the API).
extension ApiGatewayV2Handlers {
    struct IntegrationInput: Decodable, Sendable {
        var connectionId: String?
        var connectionType: String?
        var contentHandlingStrategy: String?
        var credentialsArn: String?
        var description: String?
        var integrationMethod: String?
        var integrationSubtype: String?
        var integrationType: String?
        var integrationUri: String?
        var passthroughBehavior: String?
        var payloadFormatVersion: String?
        var requestParameters: [String: String]?
        var requestTemplates: [String: String]?
        var responseParameters: [String: [String: String]]?
        var templateSelectionExpression: String?
        var timeoutInMillis: Int?
        var tlsConfig: ApiGatewayV2.TlsConfig?
    }

    static func registerIntegrations(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateIntegration") { ctx in
            let apiId = try ctx.path("apiId")
            let input = try ctx.decodeBody(IntegrationInput.self)
            guard let type = input.integrationType, !type.isEmpty else { throw ManagementError.missing("integrationType") }
            let integration = try await ctx.store.write { tx in
                let api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                let parent = StoreParent(apiId)
                let id = try await tx.newIdentifier(HttpApiCollections.integrations, parent: parent, length: 7)
                var integration = ApiGatewayV2.Integration(integrationId: id, integrationType: type, connectionType: nil)
                apply(input, to: &integration)
                try complete(&integration, isHttp: api.protocolType == "HTTP")
                try await tx.put(HttpApiCollections.integrations, parent: parent, id: id, integration, condition: .ifAbsent)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
                return integration
            }
            return try ctx.respond(integration)
        }
        registry.on(.apigatewayv2, "GetIntegration") { ctx in
            let (apiId, integrationId) = (try ctx.path("apiId"), try ctx.path("integrationId"))
            let integration = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await tx.requireIntegration(integrationId, apiId: apiId)
            }
            return try ctx.respond(integration)
        }
        registry.on(.apigatewayv2, "GetIntegrations") { ctx in
            let apiId = try ctx.path("apiId")
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await request.page(HttpApiCollections.integrations, parent: StoreParent(apiId), in: tx) { $0 }
            }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateIntegration") { ctx in
            let (apiId, integrationId) = (try ctx.path("apiId"), try ctx.path("integrationId"))
            let input = try ctx.decodeBody(IntegrationInput.self)
            let integration = try await ctx.store.write { tx in
                let api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                var integration = try await tx.requireIntegration(integrationId, apiId: apiId)
                apply(input, to: &integration)
                try complete(&integration, isHttp: api.protocolType == "HTTP")
                try await tx.put(HttpApiCollections.integrations, parent: StoreParent(apiId), id: integrationId, integration)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
                return integration
            }
            return try ctx.respond(integration)
        }
        registry.on(.apigatewayv2, "DeleteIntegration") { ctx in
            let (apiId, integrationId) = (try ctx.path("apiId"), try ctx.path("integrationId"))
            try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                let integration = try await tx.requireIntegration(integrationId, apiId: apiId)
                let parent = StoreParent(apiId)
                let users = try await tx.listAll(HttpApiCollections.routes, parent: parent).filter { $0.value.integrationId == integrationId }
                guard users.isEmpty else { throw ManagementError.integrationInUse(users.map(\.id)) }
                guard integration.apiGatewayManaged != true else {
                    throw ManagementError.badRequest("The integration \(integrationId) is managed by API Gateway (quick create) and cannot be deleted")
                }
                try await tx.delete(HttpApiCollections.integrations, parent: parent, id: integrationId)
                try await tx.deleteAll(under: StoreParent(apiId, integrationId))
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
            }
            return ctx.respondEmpty()
        }
    }

    /// Copies the members present in `input` onto `integration`.
    static func apply(_ input: IntegrationInput, to integration: inout ApiGatewayV2.Integration) {
        if let value = input.integrationType { integration.integrationType = value }
        if let value = input.connectionId { integration.connectionId = value.isEmpty ? nil : value }
        if let value = input.connectionType { integration.connectionType = value }
        if let value = input.contentHandlingStrategy { integration.contentHandlingStrategy = value }
        if let value = input.credentialsArn { integration.credentialsArn = value.isEmpty ? nil : value }
        if let value = input.description { integration.description = value }
        if let value = input.integrationMethod { integration.integrationMethod = value }
        if let value = input.integrationSubtype { integration.integrationSubtype = value.isEmpty ? nil : value }
        if let value = input.integrationUri { integration.integrationUri = value }
        if let value = input.passthroughBehavior { integration.passthroughBehavior = value }
        if let value = input.payloadFormatVersion { integration.payloadFormatVersion = value }
        if let value = input.requestParameters { integration.requestParameters = value.isEmpty ? nil : value }
        if let value = input.requestTemplates { integration.requestTemplates = value.isEmpty ? nil : value }
        if let value = input.responseParameters { integration.responseParameters = value.isEmpty ? nil : value }
        if let value = input.templateSelectionExpression { integration.templateSelectionExpression = value }
        if let value = input.timeoutInMillis { integration.timeoutInMillis = value }
        if let value = input.tlsConfig { integration.tlsConfig = value }
    }

    /// Checks an integration against the rules of its API's protocol and fills in AWS's defaults
    /// (see ``ApiGatewayV2Handlers`` integrations).
    static func complete(_ integration: inout ApiGatewayV2.Integration, isHttp: Bool) throws(ManagementError) {
        let type = integration.integrationType
        if isHttp {
            guard ["AWS_PROXY", "HTTP_PROXY"].contains(type) else {
                if ["AWS", "HTTP", "MOCK"].contains(type) { throw .httpApisTakeProxyIntegrationsOnly }
                throw .badRequest("Invalid integration type specified: \(type). Must be one of [AWS_PROXY, HTTP_PROXY]")
            }
            for (member, present) in [
                ("contentHandlingStrategy", integration.contentHandlingStrategy != nil),
                ("passthroughBehavior", integration.passthroughBehavior != nil),
                ("requestTemplates", integration.requestTemplates != nil),
                ("templateSelectionExpression", integration.templateSelectionExpression != nil),
            ] where present {
                throw .badRequest("\(member) is supported only for WebSocket APIs")
            }
        } else {
            try checkEnum(type, ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"], "integration type")
            try checkEnum(integration.contentHandlingStrategy, contentHandlingStrategies, "contentHandlingStrategy")
            try checkEnum(integration.passthroughBehavior, ["WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES"], "passthroughBehavior")
        }
        integration.connectionType = integration.connectionType ?? "INTERNET"
        try checkEnum(integration.connectionType, ["INTERNET", "VPC_LINK"], "connectionType")
        if integration.connectionType == "VPC_LINK", integration.connectionId == nil {
            throw .badRequest("connectionId is required when connectionType is VPC_LINK")
        }
        try checkLength(integration.description, 0...1024, "description")
        let maximumTimeout = isHttp ? ApiGatewayV2.Integration.defaultTimeoutInMillis : 29_000
        let timeout = integration.timeoutInMillis ?? maximumTimeout
        guard (50...maximumTimeout).contains(timeout) else {
            throw .badRequest("Invalid timeout specified: \(timeout). timeoutInMillis must be between 50 and \(maximumTimeout)")
        }
        integration.timeoutInMillis = timeout
        if let uri = integration.integrationUri { try checkLength(uri, 1...2048, "integrationUri") }
        if let method = integration.integrationMethod {
            try checkEnum(method, ["ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"], "integrationMethod")
        }
        for status in (integration.responseParameters ?? [:]).keys {
            guard let code = Int(status), (200...599).contains(code) else {
                throw .badRequest("Invalid status code specified in responseParameters: \(status). Must be between 200 and 599")
            }
        }
        switch (isHttp, type) {
        case (true, "HTTP_PROXY"):
            guard let uri = integration.integrationUri, !uri.isEmpty else { throw .badRequest("integrationUri is required for HTTP_PROXY integrations") }
            if integration.connectionType == "INTERNET", !(uri.hasPrefix("http://") || uri.hasPrefix("https://")) {
                throw .badRequest("Invalid integration URI specified: \(uri). An HTTP_PROXY integration on the internet needs an http or https URL")
            }
            guard integration.integrationMethod != nil else { throw .badRequest("integrationMethod is required for HTTP_PROXY integrations") }
            let version = integration.payloadFormatVersion ?? "1.0"
            guard version == "1.0" else {
                throw .badRequest("Invalid payloadFormatVersion specified: \(version). HTTP_PROXY integrations support only 1.0")
            }
            integration.payloadFormatVersion = version
            try checkMappingKeys(integration.requestParameters)
        case (true, _):
            if let subtype = integration.integrationSubtype {
                try checkLength(subtype, 1...128, "integrationSubtype")
                let version = integration.payloadFormatVersion ?? "1.0"
                guard version == "1.0" else {
                    throw .badRequest("Invalid payloadFormatVersion specified: \(version). AWS service integrations support only 1.0")
                }
                integration.payloadFormatVersion = version
            } else {
                guard let uri = integration.integrationUri, !uri.isEmpty else { throw .badRequest("integrationUri is required for AWS_PROXY integrations") }
                guard let version = integration.payloadFormatVersion else {
                    throw .badRequest("payloadFormatVersion is required for AWS_PROXY integrations of HTTP APIs: 1.0 or 2.0")
                }
                guard ["1.0", "2.0"].contains(version) else {
                    throw .badRequest("Invalid payloadFormatVersion specified: \(version). Must be 1.0 or 2.0")
                }
                integration.integrationMethod = integration.integrationMethod ?? "POST"
                try checkMappingKeys(integration.requestParameters)
            }
        default:
            if type != "MOCK", integration.integrationUri?.isEmpty ?? true {
                throw .badRequest("integrationUri is required for \(type) integrations")
            }
            let version = integration.payloadFormatVersion ?? "1.0"
            guard version == "1.0" else {
                throw .badRequest("Invalid payloadFormatVersion specified: \(version). WebSocket APIs support only 1.0")
            }
            integration.payloadFormatVersion = version
        }
    }

    /// HTTP API parameter mapping keys: `overwrite:…`, `append:…` or `remove:…` of `header.NAME`,
    /// `querystring.NAME` or `path` (and `overwrite:statuscode` in responses).
    static func checkMappingKeys(_ parameters: [String: String]?) throws(ManagementError) {
        for key in (parameters ?? [:]).keys {
            let parts = key.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, ["overwrite", "append", "remove"].contains(parts[0]),
                parts[1] == "path" || parts[1].hasPrefix("header.") || parts[1].hasPrefix("querystring.")
            else {
                throw .badRequest("Invalid mapping expression specified: \(key)")
            }
        }
    }
}
