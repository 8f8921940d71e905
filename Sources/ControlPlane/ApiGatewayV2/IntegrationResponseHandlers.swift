import Foundation
import GatewayModel
import GatewayStore

/// Integration responses: `CreateIntegrationResponse`, `GetIntegrationResponse`,
/// `GetIntegrationResponses`, `UpdateIntegrationResponse`, `DeleteIntegrationResponse`. They live
/// under their integration (`StoreParent(apiId, integrationId)`), so deleting the integration
/// deletes them. An `integrationResponseKey` is unique within its integration.
extension ApiGatewayV2Handlers {
    struct IntegrationResponseInput: Decodable, Sendable {
        var contentHandlingStrategy: String?
        var integrationResponseKey: String?
        var responseParameters: [String: String]?
        var responseTemplates: [String: String]?
        var templateSelectionExpression: String?
    }

    static let contentHandlingStrategies = ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]

    static func registerIntegrationResponses(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateIntegrationResponse") { ctx in
            let (apiId, integrationId) = (try ctx.path("apiId"), try ctx.path("integrationId"))
            let input = try ctx.decodeBody(IntegrationResponseInput.self)
            guard let key = input.integrationResponseKey, !key.isEmpty else { throw ManagementError.missing("integrationResponseKey") }
            try checkEnum(input.contentHandlingStrategy, contentHandlingStrategies, "contentHandlingStrategy")
            let response = try await ctx.store.write { tx in
                let parent = try await integrationResponseParent(tx, ctx: ctx, apiId: apiId, integrationId: integrationId)
                try await checkIntegrationResponseKeyIsFree(key, id: nil, parent: parent, tx: tx)
                let id = try await tx.newIdentifier(HttpApiCollections.integrationResponses, parent: parent, length: 6)
                let response = ApiGatewayV2.IntegrationResponse(
                    integrationResponseId: id, integrationResponseKey: key, contentHandlingStrategy: input.contentHandlingStrategy,
                    responseParameters: input.responseParameters, responseTemplates: input.responseTemplates,
                    templateSelectionExpression: input.templateSelectionExpression)
                try await tx.put(HttpApiCollections.integrationResponses, parent: parent, id: id, response, condition: .ifAbsent)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
                return response
            }
            return try ctx.respond(response)
        }
        registry.on(.apigatewayv2, "GetIntegrationResponse") { ctx in
            let (apiId, integrationId, id) = (try ctx.path("apiId"), try ctx.path("integrationId"), try ctx.path("integrationResponseId"))
            let response = try await ctx.store.read { tx in
                let parent = try await integrationResponseParent(tx, ctx: ctx, apiId: apiId, integrationId: integrationId)
                return try await requireIntegrationResponse(id, parent: parent, tx: tx)
            }
            return try ctx.respond(response)
        }
        registry.on(.apigatewayv2, "GetIntegrationResponses") { ctx in
            let (apiId, integrationId) = (try ctx.path("apiId"), try ctx.path("integrationId"))
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in
                let parent = try await integrationResponseParent(tx, ctx: ctx, apiId: apiId, integrationId: integrationId)
                return try await request.page(HttpApiCollections.integrationResponses, parent: parent, in: tx) { $0 }
            }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateIntegrationResponse") { ctx in
            let (apiId, integrationId, id) = (try ctx.path("apiId"), try ctx.path("integrationId"), try ctx.path("integrationResponseId"))
            let input = try ctx.decodeBody(IntegrationResponseInput.self)
            try checkEnum(input.contentHandlingStrategy, contentHandlingStrategies, "contentHandlingStrategy")
            let response = try await ctx.store.write { tx in
                let parent = try await integrationResponseParent(tx, ctx: ctx, apiId: apiId, integrationId: integrationId)
                var response = try await requireIntegrationResponse(id, parent: parent, tx: tx)
                if let key = input.integrationResponseKey, key != response.integrationResponseKey {
                    guard !key.isEmpty else { throw ManagementError.missing("integrationResponseKey") }
                    try await checkIntegrationResponseKeyIsFree(key, id: id, parent: parent, tx: tx)
                    response.integrationResponseKey = key
                }
                if let value = input.contentHandlingStrategy { response.contentHandlingStrategy = value }
                if let value = input.responseParameters { response.responseParameters = value }
                if let value = input.responseTemplates { response.responseTemplates = value }
                if let value = input.templateSelectionExpression { response.templateSelectionExpression = value }
                try await tx.put(HttpApiCollections.integrationResponses, parent: parent, id: id, response)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
                return response
            }
            return try ctx.respond(response)
        }
        registry.on(.apigatewayv2, "DeleteIntegrationResponse") { ctx in
            let (apiId, integrationId, id) = (try ctx.path("apiId"), try ctx.path("integrationId"), try ctx.path("integrationResponseId"))
            try await ctx.store.write { tx in
                let parent = try await integrationResponseParent(tx, ctx: ctx, apiId: apiId, integrationId: integrationId)
                _ = try await requireIntegrationResponse(id, parent: parent, tx: tx)
                try await tx.delete(HttpApiCollections.integrationResponses, parent: parent, id: id)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
            }
            return ctx.respondEmpty()
        }
    }

    /// Checks that the API and the integration exist; the parent of the integration's responses.
    static func integrationResponseParent(
        _ tx: any StoreReadTransaction, ctx: OperationContext, apiId: String, integrationId: String
    ) async throws -> StoreParent {
        _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
        _ = try await tx.requireIntegration(integrationId, apiId: apiId)
        return StoreParent(apiId, integrationId)
    }

    static func requireIntegrationResponse(
        _ id: String, parent: StoreParent, tx: any StoreReadTransaction
    ) async throws -> ApiGatewayV2.IntegrationResponse {
        guard let entry = try await tx.get(HttpApiCollections.integrationResponses, parent: parent, id: id) else {
            throw ManagementError.identifierNotFound("IntegrationResponse", id)
        }
        return entry.value
    }

    static func checkIntegrationResponseKeyIsFree(_ key: String, id: String?, parent: StoreParent, tx: any StoreReadTransaction) async throws {
        for entry in try await tx.listAll(HttpApiCollections.integrationResponses, parent: parent)
        where entry.id != id && entry.value.integrationResponseKey == key {
            throw ManagementError.conflict("IntegrationResponse with key \(key) already exists for this Integration")
        }
    }
}
