import Foundation
import GatewayModel
import GatewayStore
import JSON
import OpenAPI

/// `ImportRestApi`, `PutRestApi` (modes `merge` and `overwrite`) and `GetExport`, on the OpenAPI
/// importer and exporter.
///
/// An import stores everything the document declares through the checks of the management API's
/// own operations (`CreateAuthorizer`, `CreateRequestValidator`, `CreateModel`,
/// `PutGatewayResponse`), in one transaction: a document that fails any of them is a
/// `BadRequestException` and leaves nothing stored. `merge` adds the document's resources,
/// methods, authorizers, validators, models and gateway responses to the API's (replacing those
/// of the same path, name or type, and keeping their ids); `overwrite` replaces the whole
/// definition, keeping the ids of what has the same path or name.
extension ApiGatewayHandlers {
    static func registerImportExport(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "ImportRestApi") { ctx in
            let apiId = newId(length: 10)
            let (document, documentation) = try importDocument(ctx, apiId: apiId)
            let imported = try checkedDefinitions(document)
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
                try await storeDefinitions(tx, apiId: apiId, imported)
                try await storeDocumentation(tx, apiId: apiId, documentation, replacing: false)
                try await tx.put(DeployedCollections.restApis, id: apiId, withoutWarnings(api), condition: .ifAbsent)
                return api
            }
            return try ctx.respond(api)
        }

        registry.on(.apigateway, "PutRestApi") { ctx in
            let apiId = try ctx.path("restapi_id")
            let mode = try putMode(ctx, input: "putRestApiInput")
            let (parsed, documentation) = try importDocument(ctx, apiId: apiId)
            let document = try checkedDefinitions(parsed)
            let api = try await ctx.store.write { tx in
                let existing = try await requireApi(tx, ctx, apiId)
                let imported = try await remapByName(document, apiId: apiId, tx: tx)
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
                    try await deleteDefinitions(tx, apiId: apiId)
                    for model in RestApiDefaults.models() {
                        try await tx.put(RestApiCollections.models, parent: StoreParent(apiId), id: model.name, model)
                    }
                } else {
                    let types = Set(existing.binaryMediaTypes ?? []).union(imported.api.binaryMediaTypes ?? [])
                    api.binaryMediaTypes = types.isEmpty ? nil : types.sorted()
                    let incomingApi = imported.api
                    api.description = incomingApi.description ?? api.description
                    api.version = incomingApi.version ?? api.version
                    api.apiKeySource = incomingApi.apiKeySource ?? api.apiKeySource
                    api.minimumCompressionSize = incomingApi.minimumCompressionSize ?? api.minimumCompressionSize
                    api.policy = incomingApi.policy ?? api.policy
                    api.endpointConfiguration = incomingApi.endpointConfiguration ?? api.endpointConfiguration
                    api.disableExecuteApiEndpoint = incomingApi.disableExecuteApiEndpoint ?? api.disableExecuteApiEndpoint
                    for var resource in incoming {
                        if let old = current.first(where: { $0.id == resource.id }) {
                            resource.resourceMethods = (old.resourceMethods ?? [:]).merging(resource.resourceMethods ?? [:]) { $1 }
                            if resource.resourceMethods?.isEmpty == true { resource.resourceMethods = nil }
                        }
                        try await putResource(tx, apiId: apiId, resource)
                    }
                }
                api.rootResourceId = (current.first { $0.parentId == nil } ?? incoming.first { $0.parentId == nil })?.id
                try await storeDefinitions(tx, apiId: apiId, imported)
                try await storeDocumentation(tx, apiId: apiId, documentation, replacing: mode == "overwrite")
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

    /// The `mode` query parameter of `PutRestApi` and `ImportDocumentationParts`: `merge` (the
    /// default) or `overwrite`.
    static func putMode(_ ctx: OperationContext, input: String) throws(ManagementError) -> String {
        let mode = ctx.request.queryValue("mode") ?? "merge"
        guard mode == "merge" || mode == "overwrite" else { throw .enumeration(mode, at: "\(input).mode", allowed: ["merge", "overwrite"]) }
        return mode
    }

    /// The REST API in the request body, imported with the request's `failonwarnings` and
    /// `basepath` parameters; ids derive from `apiId`.
    static func importDocument(_ ctx: OperationContext, apiId: String) throws -> (RestApiSnapshot, [DocumentationPart]) {
        guard !ctx.request.body.isEmpty else { throw ManagementError.badRequest("The request body must contain an OpenAPI document") }
        let basePath: BasePathMode
        switch ctx.request.queryValue("basepath")?.lowercased() {
        case .none, "ignore": basePath = .ignore
        case "prepend": basePath = .prepend
        case "split": basePath = .split
        case let other?: throw ManagementError.badRequest("Invalid basepath parameter \(other). Valid options are ignore,prepend,split")
        }
        let importer = OpenAPIImporter(
            options: .init(
                apiType: .rest, failOnWarnings: queryFlag(ctx, "failonwarnings"), basePath: basePath, apiId: apiId,
                variables: AWSImportVariables(accountId: ctx.configuration.accountId, region: ctx.configuration.region)))
        let result: OpenAPIImport
        do {
            result = try importer.importDocument(ctx.request.body, sourceName: "")
        } catch {
            throw ManagementError.badRequest(error.description)
        }
        guard case .rest(let snapshot) = result.definition else { throw ManagementError.badRequest("The document is not a REST API") }
        return (snapshot, result.documentationParts)
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

    /// The imported definitions, checked as their management operations check them
    /// (`CreateAuthorizer`, `CreateModel`, `PutGatewayResponse`), with the defaults those
    /// operations fill in. Runs before the write, so a refused document stores nothing.
    static func checkedDefinitions(_ snapshot: RestApiSnapshot) throws(ManagementError) -> RestApiSnapshot {
        var snapshot = snapshot
        for authorizer in snapshot.authorizers ?? [] { try checkAuthorizer(authorizer) }
        for model in snapshot.models ?? [] { try checkModelSchema(model.schema) }
        snapshot.gatewayResponses = try snapshot.gatewayResponses?.map { response throws(ManagementError) in
            var response = response
            if let status = response.statusCode, !isValidStatusCode(status) { throw ManagementError.invalidStatusCode(status) }
            response.statusCode = response.statusCode ?? RestApiDefaults.defaultStatus(of: response.responseType)
            response.responseParameters = response.responseParameters ?? [:]
            response.responseTemplates = response.responseTemplates ?? RestApiDefaults.defaultResponseTemplates
            return response
        }
        return snapshot
    }

    /// Stores the authorizers, request validators, models and gateway responses of an import
    /// (replacing those with the same id, name or type).
    static func storeDefinitions(_ tx: any StoreWriteTransaction, apiId: String, _ snapshot: RestApiSnapshot) async throws {
        let parent = StoreParent(apiId)
        for authorizer in snapshot.authorizers ?? [] { try await tx.put(RestApiCollections.authorizers, parent: parent, id: authorizer.id, authorizer) }
        for validator in snapshot.requestValidators ?? [] {
            try await tx.put(RestApiCollections.requestValidators, parent: parent, id: validator.id, validator)
        }
        for model in snapshot.models ?? [] { try await tx.put(RestApiCollections.models, parent: parent, id: model.name, model) }
        for response in snapshot.gatewayResponses ?? [] {
            try await tx.put(RestApiCollections.gatewayResponses, parent: parent, id: response.responseType, response)
        }
    }

    /// Stores imported documentation parts: `replacing` deletes the API's others first; otherwise
    /// a part replaces the existing one at the same location.
    static func storeDocumentation(_ tx: any StoreWriteTransaction, apiId: String, _ parts: [DocumentationPart], replacing: Bool) async throws {
        let parent = StoreParent(apiId)
        let locations = Set(parts.map(\.location))
        for entry in try await tx.listAll(RestApiCollections.documentationParts, parent: parent)
        where replacing || locations.contains(entry.value.location) {
            try await tx.delete(RestApiCollections.documentationParts, parent: parent, id: entry.id)
        }
        for part in parts { try await tx.put(RestApiCollections.documentationParts, parent: parent, id: part.id, part) }
    }

    /// Deletes every authorizer, request validator, model and gateway response of an API
    /// (`PutRestApi` `overwrite`).
    static func deleteDefinitions(_ tx: any StoreWriteTransaction, apiId: String) async throws {
        let parent = StoreParent(apiId)
        func clear<Value>(_ collection: StoreCollection<Value>) async throws {
            for entry in try await tx.listAll(collection, parent: parent) { try await tx.delete(collection, parent: parent, id: entry.id) }
        }
        try await clear(RestApiCollections.authorizers)
        try await clear(RestApiCollections.requestValidators)
        try await clear(RestApiCollections.models)
        try await clear(RestApiCollections.gatewayResponses)
    }

    /// The imported authorizers and request validators with the ids of the API's existing ones of
    /// the same name, and the methods pointing at those ids, so that a re-import keeps ids.
    static func remapByName(_ snapshot: RestApiSnapshot, apiId: String, tx: any StoreReadTransaction) async throws -> RestApiSnapshot {
        let parent = StoreParent(apiId)
        var snapshot = snapshot
        let authorizers = ReimportedIds.adopt(
            snapshot.authorizers, existing: try await tx.listAll(RestApiCollections.authorizers, parent: parent).map(\.value),
            name: \.name, id: \.id)
        let validators = ReimportedIds.adopt(
            snapshot.requestValidators, existing: try await tx.listAll(RestApiCollections.requestValidators, parent: parent).map(\.value),
            name: \.name, id: \.id)
        snapshot.authorizers = authorizers.items
        snapshot.requestValidators = validators.items
        snapshot.resources = snapshot.resources.map { resource in
            var resource = resource
            resource.resourceMethods = resource.resourceMethods?.mapValues { method in
                var method = method
                method.authorizerId = method.authorizerId.map { authorizers.renamed[$0] ?? $0 }
                method.requestValidatorId = method.requestValidatorId.map { validators.renamed[$0] ?? $0 }
                return method
            }
            return resource
        }
        return snapshot
    }

    /// Import warnings are answered once, not stored.
    static func withoutWarnings(_ api: RestApi) -> RestApi {
        var api = api
        api.warnings = nil
        return api
    }
}
