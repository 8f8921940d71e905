import Foundation
import GatewayModel
import GatewayStore

/// API mappings of a custom domain: `CreateApiMapping`, `GetApiMapping`, `GetApiMappings`,
/// `UpdateApiMapping`, `DeleteApiMapping`.
///
/// A mapping sends `https://{domain}/{apiMappingKey}/…` to a stage of an HTTP, WebSocket or REST
/// API (the API and the stage must exist). The key may be empty (the domain's root) or have
/// several levels (`v1/orders`): segments of letters, digits and `$-_.+!*'(),`, without leading,
/// trailing or doubled `/`. A key is unique within its domain.
extension ApiGatewayV2Handlers {
    struct ApiMappingInput: Decodable, Sendable {
        var apiId: String?
        var apiMappingKey: String?
        var stage: String?
    }

    static func registerApiMappings(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateApiMapping") { ctx in
            let domainName = try ctx.path("domainName")
            let input = try ctx.decodeBody(ApiMappingInput.self)
            guard let apiId = input.apiId, !apiId.isEmpty else { throw ManagementError.missing("apiId") }
            guard let stage = input.stage, !stage.isEmpty else { throw ManagementError.missing("stage") }
            let key = input.apiMappingKey ?? ""
            try checkApiMappingKey(key)
            let mapping = try await ctx.store.write { tx in
                _ = try await tx.requireDomainName(domainName)
                try await checkMappingTarget(apiId: apiId, stage: stage, tx: tx, ctx: ctx)
                let parent = StoreParent(domainName)
                try await checkApiMappingKeyIsFree(key, id: nil, parent: parent, tx: tx)
                let id = try await tx.newIdentifier(HttpApiCollections.apiMappings, parent: parent, length: 6)
                let mapping = ApiGatewayV2.ApiMapping(apiMappingId: id, apiId: apiId, apiMappingKey: key, stage: stage)
                try await tx.put(HttpApiCollections.apiMappings, parent: parent, id: id, mapping, condition: .ifAbsent)
                return mapping
            }
            return try ctx.respond(mapping)
        }
        registry.on(.apigatewayv2, "GetApiMapping") { ctx in
            let (domainName, id) = (try ctx.path("domainName"), try ctx.path("apiMappingId"))
            let mapping = try await ctx.store.read { tx in
                _ = try await tx.requireDomainName(domainName)
                return try await requireApiMapping(id, domainName: domainName, tx: tx)
            }
            return try ctx.respond(mapping)
        }
        registry.on(.apigatewayv2, "GetApiMappings") { ctx in
            let domainName = try ctx.path("domainName")
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in
                _ = try await tx.requireDomainName(domainName)
                return try await request.page(HttpApiCollections.apiMappings, parent: StoreParent(domainName), in: tx) { $0 }
            }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateApiMapping") { ctx in
            let (domainName, id) = (try ctx.path("domainName"), try ctx.path("apiMappingId"))
            let input = try ctx.decodeBody(ApiMappingInput.self)
            if let key = input.apiMappingKey { try checkApiMappingKey(key) }
            let mapping = try await ctx.store.write { tx in
                _ = try await tx.requireDomainName(domainName)
                var mapping = try await requireApiMapping(id, domainName: domainName, tx: tx)
                if let apiId = input.apiId, !apiId.isEmpty { mapping.apiId = apiId }
                if let stage = input.stage, !stage.isEmpty { mapping.stage = stage }
                if let key = input.apiMappingKey, key != (mapping.apiMappingKey ?? "") {
                    try await checkApiMappingKeyIsFree(key, id: id, parent: StoreParent(domainName), tx: tx)
                    mapping.apiMappingKey = key
                }
                try await checkMappingTarget(apiId: mapping.apiId, stage: mapping.stage, tx: tx, ctx: ctx)
                try await tx.put(HttpApiCollections.apiMappings, parent: StoreParent(domainName), id: id, mapping)
                return mapping
            }
            return try ctx.respond(mapping)
        }
        registry.on(.apigatewayv2, "DeleteApiMapping") { ctx in
            let (domainName, id) = (try ctx.path("domainName"), try ctx.path("apiMappingId"))
            try await ctx.store.write { tx in
                _ = try await tx.requireDomainName(domainName)
                _ = try await requireApiMapping(id, domainName: domainName, tx: tx)
                try await tx.delete(HttpApiCollections.apiMappings, parent: StoreParent(domainName), id: id)
            }
            return ctx.respondEmpty()
        }
    }

    static func requireApiMapping(_ id: String, domainName: String, tx: any StoreReadTransaction) async throws -> ApiGatewayV2.ApiMapping {
        guard let entry = try await tx.get(HttpApiCollections.apiMappings, parent: StoreParent(domainName), id: id) else {
            throw ManagementError.apiMappingNotFound
        }
        return entry.value
    }

    /// The API (HTTP, WebSocket or REST) and its stage must exist.
    static func checkMappingTarget(apiId: String, stage: String, tx: any StoreReadTransaction, ctx: OperationContext) async throws {
        if try await tx.get(HttpApiCollections.apis, id: apiId) != nil {
            _ = try await tx.requireStage(stage, apiId: apiId)
        } else if try await tx.get(DeployedCollections.restApis, id: apiId) != nil {
            guard try await tx.get(DeployedCollections.restStages, parent: StoreParent(apiId), id: stage) != nil else {
                throw ManagementError.stageNotFound
            }
        } else {
            throw ManagementError.apiNotFound(ctx.configuration.accountId, apiId)
        }
    }

    static func checkApiMappingKey(_ key: String) throws(ManagementError) {
        guard !key.isEmpty else { return }
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        let valid = key.count <= 1024 && segments.allSatisfy { segment in
            !segment.isEmpty && segment.unicodeScalars.allSatisfy { scalar in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "$", "-", "_", ".", "+", "!", "*", "'", "(", ")", ",": true
                default: false
                }
            }
        }
        guard valid else {
            throw .badRequest(
                "Invalid apiMappingKey \(key): path segments of letters, digits and $-_.+!*'(), separated by single slashes, without a leading or trailing slash")
        }
    }

    static func checkApiMappingKeyIsFree(_ key: String, id: String?, parent: StoreParent, tx: any StoreReadTransaction) async throws {
        for entry in try await tx.listAll(HttpApiCollections.apiMappings, parent: parent)
        where entry.id != id && (entry.value.apiMappingKey ?? "") == key {
            throw ManagementError.conflict("ApiMapping key \(key.isEmpty ? "(none)" : key) already exists for this domain name")
        }
    }
}
