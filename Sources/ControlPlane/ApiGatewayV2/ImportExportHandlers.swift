import Foundation
import GatewayModel
import GatewayStore
import OpenAPI

/// OpenAPI: `ImportApi` (`PUT /v2/apis`, 201), `ReimportApi` (`PUT /v2/apis/{apiId}`, 201) and
/// `ExportApi` (`GET /v2/apis/{apiId}/exports/{specification}`).
///
/// Imports read an OpenAPI 3 document (JSON or YAML, in the body's `body` member) as an HTTP API
/// with `OpenAPIImporter`, applying `basepath` (`ignore`, `prepend`, `split`) and
/// `failOnWarnings`; an invalid document is a `BadRequestException` naming every problem, and
/// warnings are returned in the API's `warnings`. The document's authorizers are created with
/// `CreateAuthorizer`'s checks, in the same transaction (a refused document stores nothing).
/// `ReimportApi` replaces the API's routes, integrations, their responses and its authorizers
/// with the document's (keeping its id, stages, deployments and tags, and the ids of authorizers
/// of the same name) and auto-deploys.
///
/// `ExportApi` writes `OAS30` as `JSON` or `YAML` with `OpenAPIExporter`: the API as it stands, or
/// with `stageName` the deployment that stage serves; `includeExtensions` (default true) adds the
/// `x-amazon-apigateway-*` extensions.
extension ApiGatewayV2Handlers {
    struct ImportInput: Decodable, Sendable {
        var body: String?
    }

    static func registerImportExport(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "ImportApi") { ctx in
            let (document, options) = try importRequest(ctx)
            let now = now()
            let api = try await ctx.store.write { tx in
                let apiId = try await tx.newIdentifier(HttpApiCollections.apis, length: 10)
                let snapshot = try importSnapshot(document, options: options, apiId: apiId)
                var api = snapshot.api
                api.protocolType = "HTTP"
                api.apiEndpoint = apiEndpoint(apiId: apiId, protocolType: "HTTP", configuration: ctx.configuration)
                api.createdDate = now
                api.routeSelectionExpression = httpRouteSelectionExpression
                api.apiKeySelectionExpression = api.apiKeySelectionExpression ?? "$request.header.x-api-key"
                api.disableExecuteApiEndpoint = api.disableExecuteApiEndpoint ?? false
                api.ipAddressType = api.ipAddressType ?? "ipv4"
                try await tx.put(HttpApiCollections.apis, id: apiId, api, condition: .ifAbsent)
                try await storeDefinition(snapshot, apiId: apiId, tx: tx)
                return api
            }
            return try ctx.respond(api)
        }
        registry.on(.apigatewayv2, "ReimportApi") { ctx in
            let apiId = try ctx.path("apiId")
            let (document, options) = try importRequest(ctx)
            let api = try await ctx.store.write { tx in
                var api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                guard api.protocolType == "HTTP" else { throw ManagementError.badRequest("ReimportApi is supported only for HTTP APIs") }
                var snapshot = try importSnapshot(document, options: options, apiId: apiId)
                let parent = StoreParent(apiId)
                for route in try await tx.listAll(HttpApiCollections.routes, parent: parent) {
                    try await tx.delete(HttpApiCollections.routes, parent: parent, id: route.id)
                    try await tx.deleteAll(under: StoreParent(apiId, route.id))
                }
                for integration in try await tx.listAll(HttpApiCollections.integrations, parent: parent) {
                    try await tx.delete(HttpApiCollections.integrations, parent: parent, id: integration.id)
                    try await tx.deleteAll(under: StoreParent(apiId, integration.id))
                }
                let existingAuthorizers = try await tx.listAll(HttpApiCollections.authorizers, parent: parent).map(\.value)
                for authorizer in existingAuthorizers {
                    try await tx.delete(HttpApiCollections.authorizers, parent: parent, id: authorizer.authorizerId)
                }
                snapshot = keepingAuthorizerIds(snapshot, existing: existingAuthorizers)
                api.name = snapshot.api.name
                api.description = snapshot.api.description
                api.version = snapshot.api.version
                api.corsConfiguration = snapshot.api.corsConfiguration
                api.warnings = snapshot.api.warnings
                api.importInfo = snapshot.api.importInfo
                if let disabled = snapshot.api.disableExecuteApiEndpoint { api.disableExecuteApiEndpoint = disabled }
                try await tx.put(HttpApiCollections.apis, id: apiId, api)
                try await storeDefinition(snapshot, apiId: apiId, tx: tx)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
                return api
            }
            return try ctx.respond(api)
        }
        registry.on(.apigatewayv2, "ExportApi") { ctx in try await exportApi(ctx) }
    }

    static func importRequest(_ ctx: OperationContext) throws(ManagementError) -> (String, OpenAPIImporter.Options) {
        let input = try ctx.decodeBody(ImportInput.self)
        guard let document = input.body, !document.isEmpty else { throw .missing("body") }
        var options = OpenAPIImporter.Options(
            apiType: .http, variables: AWSImportVariables(accountId: ctx.configuration.accountId, region: ctx.configuration.region))
        if let mode = ctx.request.queryValue("basepath") {
            guard let basePath = BasePathMode(rawValue: mode) else {
                throw .badRequest("Invalid basepath specified: \(mode). Must be one of [ignore, prepend, split]")
            }
            options.basePath = basePath
        }
        if let flag = ctx.request.queryValue("failOnWarnings") {
            guard let value = Bool(flag.lowercased()) else { throw .badRequest("Invalid failOnWarnings specified: \(flag). Must be true or false") }
            options.failOnWarnings = value
        }
        return (document, options)
    }

    static func importSnapshot(_ document: String, options: OpenAPIImporter.Options, apiId: String) throws(ManagementError) -> ApiGatewayV2.ApiSnapshot {
        var options = options
        options.apiId = apiId
        let result: OpenAPIImport
        do {
            result = try OpenAPIImporter(options: options).importDocument(Array(document.utf8), sourceName: "")
        } catch {
            throw .badRequest(error.description)
        }
        guard case .http(let snapshot) = result.definition else {
            throw .badRequest("The document does not describe an HTTP API")
        }
        for authorizer in snapshot.authorizers ?? [] { try checkAuthorizer(authorizer, isHttp: true) }
        return snapshot
    }

    /// `snapshot` with its authorizers taking the ids of `existing` authorizers of the same name,
    /// and its routes following them.
    static func keepingAuthorizerIds(_ snapshot: ApiGatewayV2.ApiSnapshot, existing: [ApiGatewayV2.Authorizer]) -> ApiGatewayV2.ApiSnapshot {
        var snapshot = snapshot
        let adopted = ReimportedIds.adopt(snapshot.authorizers, existing: existing, name: \.name, id: \.authorizerId)
        snapshot.authorizers = adopted.items
        snapshot.routes = snapshot.routes.map { route in
            var route = route
            route.authorizerId = route.authorizerId.map { adopted.renamed[$0] ?? $0 }
            return route
        }
        return snapshot
    }

    /// Stores the authorizers, routes and integrations of an imported document (after validating the route
    /// keys as `CreateRoute` does).
    static func storeDefinition(_ snapshot: ApiGatewayV2.ApiSnapshot, apiId: String, tx: any StoreWriteTransaction) async throws {
        let parent = StoreParent(apiId)
        for authorizer in snapshot.authorizers ?? [] {
            try await tx.put(HttpApiCollections.authorizers, parent: parent, id: authorizer.authorizerId, authorizer)
        }
        for integration in snapshot.integrations {
            var integration = integration
            integration.connectionType = integration.connectionType ?? "INTERNET"
            integration.timeoutInMillis = integration.timeoutInMillis ?? ApiGatewayV2.Integration.defaultTimeoutInMillis
            try await tx.put(HttpApiCollections.integrations, parent: parent, id: integration.integrationId, integration)
        }
        for route in snapshot.routes {
            _ = try RouteKey.parse(route.routeKey)
            var route = route
            route.authorizationType = route.authorizationType ?? "NONE"
            route.apiKeyRequired = route.apiKeyRequired ?? false
            try await tx.put(HttpApiCollections.routes, parent: parent, id: route.routeId, route)
        }
    }

    static func exportApi(_ ctx: OperationContext) async throws -> ManagementResponse {
        let apiId = try ctx.path("apiId")
        let specification = try ctx.path("specification")
        guard specification == "OAS30" else {
            throw ManagementError.badRequest("Invalid specification specified: \(specification). Must be one of [OAS30]")
        }
        guard let outputType = ctx.request.queryValue("outputType") else { throw ManagementError.missing("outputType") }
        let format: OpenAPIExporter.Format
        switch outputType {
        case "JSON": format = .json
        case "YAML": format = .yaml
        default: throw ManagementError.badRequest("Invalid outputType specified: \(outputType). Must be one of [JSON, YAML]")
        }
        var includeExtensions = true
        if let flag = ctx.request.queryValue("includeExtensions") {
            guard let value = Bool(flag.lowercased()) else {
                throw ManagementError.badRequest("Invalid includeExtensions specified: \(flag). Must be true or false")
            }
            includeExtensions = value
        }
        if let version = ctx.request.queryValue("exportVersion"), version != "1.0" {
            throw ManagementError.badRequest("Invalid exportVersion specified: \(version). Must be 1.0")
        }
        let stageName = ctx.request.queryValue("stageName")
        let snapshot = try await ctx.store.read { tx in
            let api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
            guard api.protocolType == "HTTP" else { throw ManagementError.badRequest("ExportApi is supported only for HTTP APIs") }
            guard let stageName else { return try await HttpApiDeployer.snapshot(tx, api: api) }
            let stage = try await tx.requireStage(stageName, apiId: apiId)
            guard let deploymentId = stage.deploymentId else {
                throw ManagementError.badRequest("The stage \(stageName) has no deployment to export")
            }
            return try await tx.requireDeployment(deploymentId, apiId: apiId).snapshot
        }
        let options = OpenAPIExporter.Options(
            specification: .oas30, format: format, extensions: includeExtensions ? .apigateway : .none, stageName: stageName,
            endpoint: stageName == nil ? nil : snapshot.api.apiEndpoint)
        let export: OpenAPIExport
        do {
            export = try OpenAPIExporter(options: options).export(.http(snapshot))
        } catch {
            throw ManagementError.badRequest(error.description)
        }
        return ManagementResponse(status: 200, headers: [("Content-Type", export.contentType)], body: Array(export.body.utf8))
    }
}
