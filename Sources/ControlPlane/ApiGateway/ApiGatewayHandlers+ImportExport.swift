import Foundation
import GatewayModel
import GatewayStore
import JSON
import OpenAPI

/// `ImportRestApi`, `PutRestApi` (modes `merge` and `overwrite`) and `GetExport`, on the OpenAPI
/// importer and exporter.
extension ApiGatewayHandlers {
    static func registerImportExport(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "ImportRestApi") { ctx in
            let apiId = newId(length: 10)
            let imported = try importDocument(ctx, apiId: apiId)
            let api = try await ctx.store.write { tx in
                var api = imported.api
                api.id = apiId
                api.createdDate = now()
                api.apiKeySource = api.apiKeySource ?? "HEADER"
                api.endpointConfiguration = try endpointFromParameters(ctx) ?? api.endpointConfiguration
                    ?? EndpointConfiguration(types: ["EDGE"], ipAddressType: "ipv4")
                api.disableExecuteApiEndpoint = api.disableExecuteApiEndpoint ?? false
                api.rootResourceId = imported.resources.first { $0.parentId == nil }?.id
                for resource in imported.resources { try await putResource(tx, apiId: apiId, resource) }
                for model in RestApiDefaults.models() {
                    try await tx.put(RestApiCollections.models, parent: StoreParent(apiId), id: model.name, model)
                }
                try await tx.put(DeployedCollections.restApis, id: apiId, withoutWarnings(api), condition: .ifAbsent)
                return api
            }
            return try ctx.respond(api)
        }

        registry.on(.apigateway, "PutRestApi") { ctx in
            let apiId = try ctx.path("restapi_id")
            let mode = ctx.request.queryValue("mode") ?? "merge"
            guard mode == "merge" || mode == "overwrite" else {
                throw ManagementError.enumeration(mode, at: "putRestApiInput.mode", allowed: ["merge", "overwrite"])
            }
            let imported = try importDocument(ctx, apiId: apiId)
            let api = try await ctx.store.write { tx in
                let existing = try await requireApi(tx, ctx, apiId)
                let current = try await resources(tx, apiId: apiId)
                let incoming = remapByPath(imported.resources, onto: current)
                var api = existing
                if mode == "overwrite" {
                    api = imported.api
                    api.id = apiId
                    api.createdDate = existing.createdDate
                    api.tags = existing.tags
                    api.endpointConfiguration = imported.api.endpointConfiguration ?? existing.endpointConfiguration
                    api.apiKeySource = api.apiKeySource ?? existing.apiKeySource
                    api.disableExecuteApiEndpoint = api.disableExecuteApiEndpoint ?? existing.disableExecuteApiEndpoint
                    for resource in current { try await tx.delete(DeployedCollections.restResources, parent: StoreParent(apiId), id: resource.id) }
                    for resource in incoming { try await putResource(tx, apiId: apiId, resource) }
                } else {
                    let types = Set(existing.binaryMediaTypes ?? []).union(imported.api.binaryMediaTypes ?? [])
                    api.binaryMediaTypes = types.isEmpty ? nil : types.sorted()
                    for var resource in incoming {
                        if let old = current.first(where: { $0.id == resource.id }) {
                            resource.resourceMethods = (old.resourceMethods ?? [:]).merging(resource.resourceMethods ?? [:]) { $1 }
                            if resource.resourceMethods?.isEmpty == true { resource.resourceMethods = nil }
                        }
                        try await putResource(tx, apiId: apiId, resource)
                    }
                }
                api.rootResourceId = (current.first { $0.parentId == nil } ?? incoming.first { $0.parentId == nil })?.id
                try await tx.put(DeployedCollections.restApis, id: apiId, withoutWarnings(api))
                api.warnings = imported.api.warnings
                return api
            }
            return try ctx.respond(api)
        }

        registry.on(.apigateway, "GetExport") { ctx in
            let apiId = try ctx.path("restapi_id")
            let stageName = try ctx.path("stage_name")
            let exportType = try ctx.path("export_type")
            guard let specification = OpenAPIExporter.Specification(rawValue: exportType) else {
                throw ManagementError.badRequest("No export type found for \(exportType). Valid options are oas30,swagger")
            }
            let accept = (ctx.request.header("Accept") ?? "application/json").lowercased()
            let format: OpenAPIExporter.Format = accept.contains("yaml") ? .yaml : .json
            let extensions: OpenAPIExporter.Extensions
            switch ctx.request.queryValue("extensions")?.lowercased() {
            case "integrations": extensions = .integrations
            case "authorizers": extensions = .authorizers
            case "apigateway": extensions = .apigateway
            case .none, "": extensions = .none
            case let other?: throw ManagementError.badRequest("Invalid extensions specified: \(other). Valid options are integrations,authorizers,apigateway")
            }
            let snapshot = try await ctx.store.read { tx in
                _ = try await requireApi(tx, ctx, apiId)
                let parent = StoreParent(apiId)
                guard let stage = try await tx.get(DeployedCollections.restStages, parent: parent, id: stageName)?.value else {
                    throw ManagementError.invalidStage
                }
                guard let deploymentId = stage.deploymentId,
                    let deployment = try await tx.get(DeployedCollections.restDeployments, parent: parent, id: deploymentId)
                else { throw ManagementError.invalidDeployment }
                return deployment.value.snapshot
            }
            let exporter = OpenAPIExporter(
                options: .init(
                    specification: specification, format: format, extensions: extensions, stageName: stageName,
                    endpoint: "https://\(apiId).\(ctx.configuration.executeApiDomain)"))
            let export: OpenAPIExport
            do {
                export = try exporter.export(.rest(snapshot))
            } catch let error as OpenAPIExportError {
                throw ManagementError.badRequest(error.description)
            }
            let fileName = "\(snapshot.api.name)-\(stageName)-\(exportType).\(format.rawValue)"
                .replacingOccurrences(of: "\"", with: "")
            return ManagementResponse(
                status: 200,
                headers: [("Content-Type", export.contentType), ("Content-Disposition", "attachment; filename=\"\(fileName)\"")],
                body: Array(export.body.utf8))
        }
    }

    /// The REST API in the request body, imported with the request's `failonwarnings` and
    /// `basepath` parameters; ids derive from `apiId`.
    static func importDocument(_ ctx: OperationContext, apiId: String) throws -> RestApiSnapshot {
        guard !ctx.request.body.isEmpty else { throw ManagementError.badRequest("The request body must contain an OpenAPI document") }
        let basePath: BasePathMode
        switch ctx.request.queryValue("basepath")?.lowercased() {
        case .none, "ignore": basePath = .ignore
        case "prepend": basePath = .prepend
        case "split": basePath = .split
        case let other?: throw ManagementError.badRequest("Invalid basepath parameter \(other). Valid options are ignore,prepend,split")
        }
        let importer = OpenAPIImporter(
            options: .init(apiType: .rest, failOnWarnings: queryFlag(ctx, "failonwarnings"), basePath: basePath, apiId: apiId))
        let result: OpenAPIImport
        do {
            result = try importer.importDocument(ctx.request.body, sourceName: "")
        } catch {
            throw ManagementError.badRequest(error.description)
        }
        guard case .rest(let snapshot) = result.definition else { throw ManagementError.badRequest("The document is not a REST API") }
        return snapshot
    }

    /// `endpointConfigurationTypes` from the import parameters.
    static func endpointFromParameters(_ ctx: OperationContext) throws(ManagementError) -> EndpointConfiguration? {
        guard let types = ctx.request.queryValue("endpointConfigurationTypes") else { return nil }
        return try checkedEndpointConfiguration(EndpointConfiguration(types: [types.uppercased()]), input: "importRestApiInput")
    }

    /// Imported resources with the ids of the existing resources at the same paths, so a re-import
    /// keeps ids (and stage method settings keyed on paths stay meaningful).
    static func remapByPath(_ incoming: [Resource], onto current: [Resource]) -> [Resource] {
        var ids: [String: String] = [:]
        for resource in incoming {
            ids[resource.id] = current.first { $0.path == resource.path }?.id ?? resource.id
        }
        return incoming.map { resource in
            var resource = resource
            let oldId = resource.id
            resource.id = ids[oldId] ?? oldId
            resource.parentId = resource.parentId.map { ids[$0] ?? $0 }
            if var methods = resource.resourceMethods {
                for (verb, method) in methods where method.methodIntegration?.cacheNamespace == oldId {
                    methods[verb]?.methodIntegration?.cacheNamespace = resource.id
                }
                resource.resourceMethods = methods
            }
            return resource
        }
    }

    /// Import warnings are answered once, not stored.
    static func withoutWarnings(_ api: RestApi) -> RestApi {
        var api = api
        api.warnings = nil
        return api
    }
}
