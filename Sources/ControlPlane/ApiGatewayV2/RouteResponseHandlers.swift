import Foundation
import GatewayModel
import GatewayStore

/// Route responses: `CreateRouteResponse`, `GetRouteResponse`, `GetRouteResponses`,
/// `UpdateRouteResponse`, `DeleteRouteResponse`. They live under their route
/// (`StoreParent(apiId, routeId)`), so deleting the route deletes them. A
/// `routeResponseKey` is unique within its route.
extension ApiGatewayV2Handlers {
    struct RouteResponseInput: Decodable, Sendable {
        var modelSelectionExpression: String?
        var responseModels: [String: String]?
        var responseParameters: [String: ApiGatewayV2.ParameterConstraints]?
        var routeResponseKey: String?
    }

    static func registerRouteResponses(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateRouteResponse") { ctx in
            let (apiId, routeId) = (try ctx.path("apiId"), try ctx.path("routeId"))
            let input = try ctx.decodeBody(RouteResponseInput.self)
            guard let key = input.routeResponseKey, !key.isEmpty else { throw ManagementError.missing("routeResponseKey") }
            let response = try await ctx.store.write { tx in
                let parent = try await routeResponseParent(tx, ctx: ctx, apiId: apiId, routeId: routeId)
                try await checkRouteResponseKeyIsFree(key, id: nil, parent: parent, tx: tx)
                let id = try await tx.newIdentifier(HttpApiCollections.routeResponses, parent: parent, length: 6)
                let response = ApiGatewayV2.RouteResponse(
                    routeResponseId: id, routeResponseKey: key, modelSelectionExpression: input.modelSelectionExpression,
                    responseModels: input.responseModels, responseParameters: input.responseParameters)
                try await tx.put(HttpApiCollections.routeResponses, parent: parent, id: id, response, condition: .ifAbsent)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
                return response
            }
            return try ctx.respond(response)
        }
        registry.on(.apigatewayv2, "GetRouteResponse") { ctx in
            let (apiId, routeId, id) = (try ctx.path("apiId"), try ctx.path("routeId"), try ctx.path("routeResponseId"))
            let response = try await ctx.store.read { tx in
                let parent = try await routeResponseParent(tx, ctx: ctx, apiId: apiId, routeId: routeId)
                return try await requireRouteResponse(id, parent: parent, tx: tx)
            }
            return try ctx.respond(response)
        }
        registry.on(.apigatewayv2, "GetRouteResponses") { ctx in
            let (apiId, routeId) = (try ctx.path("apiId"), try ctx.path("routeId"))
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in
                let parent = try await routeResponseParent(tx, ctx: ctx, apiId: apiId, routeId: routeId)
                return try await request.page(HttpApiCollections.routeResponses, parent: parent, in: tx) { $0 }
            }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateRouteResponse") { ctx in
            let (apiId, routeId, id) = (try ctx.path("apiId"), try ctx.path("routeId"), try ctx.path("routeResponseId"))
            let input = try ctx.decodeBody(RouteResponseInput.self)
            let response = try await ctx.store.write { tx in
                let parent = try await routeResponseParent(tx, ctx: ctx, apiId: apiId, routeId: routeId)
                var response = try await requireRouteResponse(id, parent: parent, tx: tx)
                if let key = input.routeResponseKey, key != response.routeResponseKey {
                    guard !key.isEmpty else { throw ManagementError.missing("routeResponseKey") }
                    try await checkRouteResponseKeyIsFree(key, id: id, parent: parent, tx: tx)
                    response.routeResponseKey = key
                }
                if let value = input.modelSelectionExpression { response.modelSelectionExpression = value }
                if let value = input.responseModels { response.responseModels = value }
                if let value = input.responseParameters { response.responseParameters = value }
                try await tx.put(HttpApiCollections.routeResponses, parent: parent, id: id, response)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
                return response
            }
            return try ctx.respond(response)
        }
        registry.on(.apigatewayv2, "DeleteRouteResponse") { ctx in
            let (apiId, routeId, id) = (try ctx.path("apiId"), try ctx.path("routeId"), try ctx.path("routeResponseId"))
            try await ctx.store.write { tx in
                let parent = try await routeResponseParent(tx, ctx: ctx, apiId: apiId, routeId: routeId)
                _ = try await requireRouteResponse(id, parent: parent, tx: tx)
                try await tx.delete(HttpApiCollections.routeResponses, parent: parent, id: id)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
            }
            return ctx.respondEmpty()
        }
    }

    /// Checks that the API and the route exist; the parent of the route's responses.
    static func routeResponseParent(_ tx: any StoreReadTransaction, ctx: OperationContext, apiId: String, routeId: String) async throws -> StoreParent {
        _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
        _ = try await tx.requireRoute(routeId, apiId: apiId)
        return StoreParent(apiId, routeId)
    }

    static func requireRouteResponse(_ id: String, parent: StoreParent, tx: any StoreReadTransaction) async throws -> ApiGatewayV2.RouteResponse {
        guard let entry = try await tx.get(HttpApiCollections.routeResponses, parent: parent, id: id) else {
            throw ManagementError.identifierNotFound("RouteResponse", id)
        }
        return entry.value
    }

    static func checkRouteResponseKeyIsFree(_ key: String, id: String?, parent: StoreParent, tx: any StoreReadTransaction) async throws {
        for entry in try await tx.listAll(HttpApiCollections.routeResponses, parent: parent)
        where entry.id != id && entry.value.routeResponseKey == key {
            throw ManagementError.conflict("RouteResponse with key \(key) already exists for this Route")
        }
    }
}
