import Foundation
import GatewayModel
import GatewayStore

/// APIs: `CreateApi` (with quick create), `GetApi`, `GetApis`, `UpdateApi`, `DeleteApi`,
/// `DeleteCorsConfiguration`.
///
/// Defaults as AWS fills them in: `routeSelectionExpression` `$request.method $request.path`
/// (HTTP APIs; the only value they take), `apiKeySelectionExpression`
/// `$request.header.x-api-key`, `disableExecuteApiEndpoint` false, `ipAddressType` `ipv4`,
/// `apiEndpoint` `https://{apiId}.{executeApiDomain}` (`wss://` for WebSocket APIs).
///
/// **Quick create** (`target`, with `routeKey` and `credentialsArn`; HTTP APIs only) makes, in the
/// same transaction, an integration (`HTTP_PROXY` with payload 1.0 for an `http(s)` URL,
/// `AWS_PROXY` with payload 2.0 for a Lambda ARN), a route (`$default` unless `routeKey` says
/// otherwise) and a `$default` stage with `autoDeploy`, deployed; all three are
/// `apiGatewayManaged`. `UpdateApi` with `target`, `routeKey` or `credentialsArn` updates them.
extension ApiGatewayV2Handlers {
    /// The members of `CreateApi` and `UpdateApi`.
    struct ApiInput: Decodable, Sendable {
        var name: String?
        var protocolType: String?
        var apiKeySelectionExpression: String?
        var corsConfiguration: ApiGatewayV2.Cors?
        var credentialsArn: String?
        var description: String?
        var disableSchemaValidation: Bool?
        var disableExecuteApiEndpoint: Bool?
        var ipAddressType: String?
        var routeKey: String?
        var routeSelectionExpression: String?
        var tags: [String: String]?
        var target: String?
        var version: String?
    }

    static let httpRouteSelectionExpression = "$request.method $request.path"
    static let apiKeySelectionExpressions = ["$request.header.x-api-key", "$context.authorizer.usageIdentifierKey"]

    static func registerApis(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateApi") { ctx in try await createApi(ctx) }
        registry.on(.apigatewayv2, "GetApi") { ctx in
            let apiId = try ctx.path("apiId")
            let api = try await ctx.store.read { tx in try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId) }
            return try ctx.respond(api)
        }
        registry.on(.apigatewayv2, "GetApis") { ctx in
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in try await request.page(HttpApiCollections.apis, in: tx) { $0 } }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateApi") { ctx in try await updateApi(ctx) }
        registry.on(.apigatewayv2, "DeleteApi") { ctx in
            let apiId = try ctx.path("apiId")
            try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                try await deleteApi(tx, apiId: apiId)
            }
            return ctx.respondEmpty()
        }
        registry.on(.apigatewayv2, "DeleteCorsConfiguration") { ctx in
            let apiId = try ctx.path("apiId")
            try await ctx.store.write { tx in
                var api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                api.corsConfiguration = nil
                try await tx.put(HttpApiCollections.apis, id: apiId, api)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
            }
            return ctx.respondEmpty()
        }
    }

    static func createApi(_ ctx: OperationContext) async throws -> ManagementResponse {
        let input = try ctx.decodeBody(ApiInput.self)
        guard let name = input.name else { throw ManagementError.missing("name") }
        guard let protocolType = input.protocolType else { throw ManagementError.missing("protocolType") }
        guard ["HTTP", "WEBSOCKET"].contains(protocolType) else {
            throw ManagementError.badRequest("Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]")
        }
        let isHttp = protocolType == "HTTP"
        try checkLength(name, 1...128, "name")
        try checkCommonApiMembers(input, isHttp: isHttp)
        try checkTags(input.tags)
        if !isHttp {
            for (member, value) in [("target", input.target), ("routeKey", input.routeKey), ("credentialsArn", input.credentialsArn)] where value != nil {
                throw ManagementError.badRequest("\(member) is supported only for HTTP APIs")
            }
            guard input.corsConfiguration == nil else { throw ManagementError.badRequest("corsConfiguration is supported only for HTTP APIs") }
        } else if input.target == nil, input.routeKey != nil || input.credentialsArn != nil {
            throw ManagementError.badRequest("routeKey and credentialsArn are supported only with a target (quick create)")
        }
        let routeSelection: String
        if isHttp {
            routeSelection = try httpRouteSelection(input.routeSelectionExpression)
        } else {
            guard let expression = input.routeSelectionExpression, !expression.isEmpty else {
                throw ManagementError.missing("routeSelectionExpression")
            }
            routeSelection = expression
        }
        let now = now()
        let api = try await ctx.store.write { tx in
            let apiId = try await tx.newIdentifier(HttpApiCollections.apis, length: 10)
            var api = ApiGatewayV2.Api(
                apiId: apiId, name: name, protocolType: protocolType,
                apiEndpoint: apiEndpoint(apiId: apiId, protocolType: protocolType, configuration: ctx.configuration),
                corsConfiguration: input.corsConfiguration, createdDate: now, description: input.description,
                disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false, routeSelectionExpression: routeSelection,
                apiKeySelectionExpression: input.apiKeySelectionExpression ?? "$request.header.x-api-key",
                tags: input.tags, version: input.version)
            api.ipAddressType = input.ipAddressType ?? "ipv4"
            if !isHttp { api.disableSchemaValidation = input.disableSchemaValidation }
            try await tx.put(HttpApiCollections.apis, id: apiId, api, condition: .ifAbsent)
            if let target = input.target {
                try await quickCreate(tx, api: api, target: target, routeKey: input.routeKey, credentialsArn: input.credentialsArn, now: now)
            }
            return api
        }
        return try ctx.respond(api)
    }

    static func updateApi(_ ctx: OperationContext) async throws -> ManagementResponse {
        let apiId = try ctx.path("apiId")
        let input = try ctx.decodeBody(ApiInput.self)
        try checkLength(input.name, 1...128, "name")
        let api = try await ctx.store.write { tx in
            var api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
            let isHttp = api.protocolType == "HTTP"
            try checkCommonApiMembers(input, isHttp: isHttp)
            if let name = input.name { api.name = name }
            if let description = input.description { api.description = description }
            if let version = input.version { api.version = version }
            if let expression = input.apiKeySelectionExpression { api.apiKeySelectionExpression = expression }
            if let disabled = input.disableExecuteApiEndpoint { api.disableExecuteApiEndpoint = disabled }
            if let type = input.ipAddressType { api.ipAddressType = type }
            if let expression = input.routeSelectionExpression {
                if isHttp {
                    api.routeSelectionExpression = try httpRouteSelection(expression)
                } else {
                    api.routeSelectionExpression = expression
                }
            }
            if let cors = input.corsConfiguration {
                guard isHttp else { throw ManagementError.badRequest("corsConfiguration is supported only for HTTP APIs") }
                api.corsConfiguration = cors
            }
            if let disabled = input.disableSchemaValidation, !isHttp { api.disableSchemaValidation = disabled }
            if input.target != nil || input.routeKey != nil || input.credentialsArn != nil {
                guard isHttp else { throw ManagementError.badRequest("target, routeKey and credentialsArn are supported only for HTTP APIs") }
                try await updateQuickCreate(tx, api: api, input: input)
            }
            try await tx.put(HttpApiCollections.apis, id: apiId, api)
            try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
            return api
        }
        return try ctx.respond(api)
    }

    /// Deletes the API and everything under it, and the API mappings that name it.
    static func deleteApi(_ tx: any StoreWriteTransaction, apiId: String) async throws {
        try await tx.delete(HttpApiCollections.apis, id: apiId)
        try await tx.deleteAll(under: StoreParent(apiId))
        for domain in try await tx.listAll(HttpApiCollections.domainNames) {
            for mapping in try await tx.listAll(HttpApiCollections.apiMappings, parent: StoreParent(domain.id)) where mapping.value.apiId == apiId {
                try await tx.delete(HttpApiCollections.apiMappings, parent: StoreParent(domain.id), id: mapping.id)
            }
        }
    }

    /// HTTP APIs take only `$request.method $request.path` (also written `${request.method} ${request.path}`).
    static func httpRouteSelection(_ expression: String?) throws(ManagementError) -> String {
        guard let expression, expression != httpRouteSelectionExpression else { return httpRouteSelectionExpression }
        guard expression == "${request.method} ${request.path}" else {
            throw .badRequest("The routeSelectionExpression of an HTTP API must be \(httpRouteSelectionExpression)")
        }
        return httpRouteSelectionExpression
    }

    static func checkCommonApiMembers(_ input: ApiInput, isHttp: Bool) throws(ManagementError) {
        try checkLength(input.description, 0...1024, "description")
        try checkLength(input.version, 1...64, "version")
        try checkLength(input.target, 1...2048, "target")
        try checkEnum(input.ipAddressType, ["ipv4", "dualstack"], "ipAddressType")
        try checkEnum(input.apiKeySelectionExpression, apiKeySelectionExpressions, "apiKeySelectionExpression")
        if let maxAge = input.corsConfiguration?.maxAge, !(-1...86_400).contains(maxAge) {
            throw .badRequest("corsConfiguration.maxAge must be between -1 and 86400")
        }
    }

    // MARK: Quick create

    /// The integration quick create makes for `target`.
    static func quickIntegration(id: String, target: String, credentialsArn: String?) throws(ManagementError) -> ApiGatewayV2.Integration {
        var integration: ApiGatewayV2.Integration
        if target.hasPrefix("http://") || target.hasPrefix("https://") {
            integration = ApiGatewayV2.Integration(
                integrationId: id, integrationType: "HTTP_PROXY", integrationUri: target, integrationMethod: "ANY",
                payloadFormatVersion: "1.0", timeoutInMillis: ApiGatewayV2.Integration.defaultTimeoutInMillis)
        } else if target.hasPrefix("arn:"), target.contains(":lambda:") {
            integration = ApiGatewayV2.Integration(
                integrationId: id, integrationType: "AWS_PROXY", integrationUri: target, integrationMethod: "POST",
                payloadFormatVersion: "2.0", timeoutInMillis: ApiGatewayV2.Integration.defaultTimeoutInMillis)
        } else {
            throw .badRequest("Invalid target \(target): specify an HTTP or HTTPS URL, or the ARN of a Lambda function")
        }
        integration.credentialsArn = credentialsArn
        integration.apiGatewayManaged = true
        return integration
    }

    static func quickCreate(
        _ tx: any StoreWriteTransaction, api: ApiGatewayV2.Api, target: String, routeKey: String?, credentialsArn: String?, now: Date
    ) async throws {
        let parent = StoreParent(api.apiId)
        let integrationId = try await tx.newIdentifier(HttpApiCollections.integrations, parent: parent, length: 7)
        let integration = try quickIntegration(id: integrationId, target: target, credentialsArn: credentialsArn)
        try await tx.put(HttpApiCollections.integrations, parent: parent, id: integrationId, integration, condition: .ifAbsent)
        let key = routeKey ?? RouteKey.defaultKey
        _ = try RouteKey.parse(key)
        let routeId = try await tx.newIdentifier(HttpApiCollections.routes, parent: parent, length: 7)
        var route = ApiGatewayV2.Route(routeId: routeId, routeKey: key, target: "integrations/\(integrationId)")
        route.apiGatewayManaged = true
        try await tx.put(HttpApiCollections.routes, parent: parent, id: routeId, route, condition: .ifAbsent)
        var stage = newStage(name: ApiGatewayV2.Stage.defaultStageName, now: now)
        stage.autoDeploy = true
        stage.apiGatewayManaged = true
        try await HttpApiDeployer.autoDeploy(tx, api: api, stage: stage, now: now)
    }

    /// `UpdateApi` with `target`, `routeKey` or `credentialsArn`: updates the quick-create
    /// integration and route (making them when the API has none yet and a target is given).
    static func updateQuickCreate(_ tx: any StoreWriteTransaction, api: ApiGatewayV2.Api, input: ApiInput) async throws {
        let parent = StoreParent(api.apiId)
        let integrations = try await tx.listAll(HttpApiCollections.integrations, parent: parent).map(\.value)
        let routes = try await tx.listAll(HttpApiCollections.routes, parent: parent).map(\.value)
        var integration = integrations.first { $0.apiGatewayManaged == true }
        var route = routes.first { $0.apiGatewayManaged == true }
        if let target = input.target {
            let id: String
            if let integration { id = integration.integrationId } else { id = try await tx.newIdentifier(HttpApiCollections.integrations, parent: parent, length: 7) }
            integration = try quickIntegration(id: id, target: target, credentialsArn: input.credentialsArn ?? integration?.credentialsArn)
        } else if let credentialsArn = input.credentialsArn {
            guard integration != nil else {
                throw ManagementError.badRequest("credentialsArn can be updated only for an API created with quick create (target)")
            }
            integration?.credentialsArn = credentialsArn
        }
        guard let integration else {
            throw ManagementError.badRequest("routeKey can be updated only for an API created with quick create (target)")
        }
        try await tx.put(HttpApiCollections.integrations, parent: parent, id: integration.integrationId, integration)
        if route == nil {
            let routeId = try await tx.newIdentifier(HttpApiCollections.routes, parent: parent, length: 7)
            route = ApiGatewayV2.Route(routeId: routeId, routeKey: input.routeKey ?? RouteKey.defaultKey, target: "integrations/\(integration.integrationId)")
            route?.apiGatewayManaged = true
        } else if let routeKey = input.routeKey {
            route?.routeKey = routeKey
        }
        route?.target = "integrations/\(integration.integrationId)"
        guard let route else { return }
        _ = try RouteKey.parse(route.routeKey)
        try checkRouteKeyIsFree(route.routeKey, routeId: route.routeId, among: routes, isHttp: true)
        try await tx.put(HttpApiCollections.routes, parent: parent, id: route.routeId, route)
    }
}
