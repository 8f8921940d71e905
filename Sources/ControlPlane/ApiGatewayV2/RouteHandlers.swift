import Foundation
import GatewayModel
import GatewayStore

/// Routes: `CreateRoute`, `GetRoute`, `GetRoutes`, `UpdateRoute`, `DeleteRoute`,
/// `DeleteRouteRequestParameter`.
///
/// HTTP API route keys are validated as ``RouteKey`` says; a key already used by another route of
/// the API is a `ConflictException`, and so is a key with a variable named differently from
/// another route's variable at the same level (`GET /pets/{id}` beside `GET /pets/{petId}`). A
/// `target` must be `integrations/{integrationId}` of an existing integration; `JWT` and `CUSTOM`
/// authorization need an authorizer of the matching type (`JWT`, `REQUEST`). WebSocket-only
/// members (`apiKeyRequired: true`, `requestModels`, `requestParameters`,
/// `modelSelectionExpression`, `routeResponseSelectionExpression`) are refused on HTTP APIs.
extension ApiGatewayV2Handlers {
    /// The members of `CreateRoute` and `UpdateRoute`.
    struct RouteInput: Decodable, Sendable {
        var apiKeyRequired: Bool?
        var authorizationScopes: [String]?
        var authorizationType: String?
        var authorizerId: String?
        var modelSelectionExpression: String?
        var operationName: String?
        var requestModels: [String: String]?
        var requestParameters: [String: ApiGatewayV2.ParameterConstraints]?
        var routeKey: String?
        var routeResponseSelectionExpression: String?
        var target: String?
    }

    static func registerRoutes(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateRoute") { ctx in try await createRoute(ctx) }
        registry.on(.apigatewayv2, "GetRoute") { ctx in
            let apiId = try ctx.path("apiId")
            let routeId = try ctx.path("routeId")
            let route = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await tx.requireRoute(routeId, apiId: apiId)
            }
            return try ctx.respond(route)
        }
        registry.on(.apigatewayv2, "GetRoutes") { ctx in
            let apiId = try ctx.path("apiId")
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await request.page(HttpApiCollections.routes, parent: StoreParent(apiId), in: tx) { $0 }
            }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateRoute") { ctx in try await updateRoute(ctx) }
        registry.on(.apigatewayv2, "DeleteRoute") { ctx in
            let apiId = try ctx.path("apiId")
            let routeId = try ctx.path("routeId")
            try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                _ = try await tx.requireRoute(routeId, apiId: apiId)
                try await tx.delete(HttpApiCollections.routes, parent: StoreParent(apiId), id: routeId)
                try await tx.deleteAll(under: StoreParent(apiId, routeId))
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
            }
            return ctx.respondEmpty()
        }
        registry.on(.apigatewayv2, "DeleteRouteRequestParameter") { ctx in
            let apiId = try ctx.path("apiId")
            let routeId = try ctx.path("routeId")
            let key = try ctx.path("requestParameterKey")
            try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                var route = try await tx.requireRoute(routeId, apiId: apiId)
                guard route.requestParameters?.removeValue(forKey: key) != nil else {
                    throw ManagementError.notFound("Invalid request parameter key specified \(key)")
                }
                if route.requestParameters?.isEmpty == true { route.requestParameters = nil }
                try await tx.put(HttpApiCollections.routes, parent: StoreParent(apiId), id: routeId, route)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
            }
            return ctx.respondEmpty()
        }
    }

    static func createRoute(_ ctx: OperationContext) async throws -> ManagementResponse {
        let apiId = try ctx.path("apiId")
        let input = try ctx.decodeBody(RouteInput.self)
        guard let routeKey = input.routeKey, !routeKey.isEmpty else { throw ManagementError.missing("routeKey") }
        let route = try await ctx.store.write { tx in
            let api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
            let isHttp = api.protocolType == "HTTP"
            let parent = StoreParent(apiId)
            let routes = try await tx.listAll(HttpApiCollections.routes, parent: parent).map(\.value)
            if isHttp { _ = try RouteKey.parse(routeKey) }
            try checkRouteKeyIsFree(routeKey, routeId: nil, among: routes, isHttp: isHttp)
            let routeId = try await tx.newIdentifier(HttpApiCollections.routes, parent: parent, length: 7)
            var route = ApiGatewayV2.Route(routeId: routeId, routeKey: routeKey)
            try await apply(input, to: &route, api: api, tx: tx)
            try await tx.put(HttpApiCollections.routes, parent: parent, id: routeId, route, condition: .ifAbsent)
            try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
            return route
        }
        return try ctx.respond(route)
    }

    static func updateRoute(_ ctx: OperationContext) async throws -> ManagementResponse {
        let apiId = try ctx.path("apiId")
        let routeId = try ctx.path("routeId")
        let input = try ctx.decodeBody(RouteInput.self)
        let route = try await ctx.store.write { tx in
            let api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
            let isHttp = api.protocolType == "HTTP"
            let parent = StoreParent(apiId)
            var route = try await tx.requireRoute(routeId, apiId: apiId)
            if let routeKey = input.routeKey, routeKey != route.routeKey {
                guard !routeKey.isEmpty else { throw ManagementError.missing("routeKey") }
                guard route.apiGatewayManaged != true else {
                    throw ManagementError.badRequest("The route key of a route managed by API Gateway can be changed only with UpdateApi")
                }
                if isHttp { _ = try RouteKey.parse(routeKey) }
                let routes = try await tx.listAll(HttpApiCollections.routes, parent: parent).map(\.value)
                try checkRouteKeyIsFree(routeKey, routeId: routeId, among: routes, isHttp: isHttp)
                route.routeKey = routeKey
            }
            try await apply(input, to: &route, api: api, tx: tx)
            try await tx.put(HttpApiCollections.routes, parent: parent, id: routeId, route)
            try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
            return route
        }
        return try ctx.respond(route)
    }

    /// Applies the members of `input` other than `routeKey` to `route`, and checks the result.
    /// An empty `target` or `authorizerId` removes it (as Terraform sends to clear them).
    static func apply(_ input: RouteInput, to route: inout ApiGatewayV2.Route, api: ApiGatewayV2.Api, tx: any StoreReadTransaction) async throws {
        let isHttp = api.protocolType == "HTTP"
        try checkLength(input.operationName, 1...64, "operationName")
        if isHttp {
            if input.apiKeyRequired == true { throw ManagementError.badRequest("apiKeyRequired is supported only for WebSocket APIs") }
            for (member, present) in [
                ("requestModels", input.requestModels?.isEmpty == false), ("requestParameters", input.requestParameters?.isEmpty == false),
                ("modelSelectionExpression", input.modelSelectionExpression != nil),
                ("routeResponseSelectionExpression", input.routeResponseSelectionExpression != nil),
            ] where present {
                throw ManagementError.badRequest("\(member) is supported only for WebSocket APIs")
            }
        } else {
            if let value = input.apiKeyRequired { route.apiKeyRequired = value }
            if let value = input.requestModels { route.requestModels = value }
            if let value = input.requestParameters { route.requestParameters = value }
            if let value = input.modelSelectionExpression { route.modelSelectionExpression = value }
            if let value = input.routeResponseSelectionExpression { route.routeResponseSelectionExpression = value }
        }
        if let value = input.operationName { route.operationName = value }
        if let value = input.authorizationScopes { route.authorizationScopes = value.isEmpty ? nil : value }
        if let value = input.authorizationType { route.authorizationType = value }
        if let value = input.authorizerId { route.authorizerId = value.isEmpty ? nil : value }
        if let target = input.target {
            if target.isEmpty {
                route.target = nil
            } else {
                guard target.hasPrefix("integrations/"), target.count > "integrations/".count else {
                    throw ManagementError.badRequest("Invalid target \(target): a route's target is integrations/{integrationId}")
                }
                _ = try await tx.requireIntegration(String(target.dropFirst("integrations/".count)), apiId: api.apiId)
                route.target = target
            }
        }
        try await checkAuthorization(&route, api: api, tx: tx)
    }

    /// `authorizationType` and `authorizerId` together: `JWT` needs a `JWT` authorizer, `CUSTOM` a
    /// `REQUEST` one; `NONE` and `AWS_IAM` drop the authorizer.
    static func checkAuthorization(_ route: inout ApiGatewayV2.Route, api: ApiGatewayV2.Api, tx: any StoreReadTransaction) async throws {
        let isHttp = api.protocolType == "HTTP"
        let type = route.authorizationType ?? "NONE"
        try checkEnum(type, isHttp ? ["NONE", "AWS_IAM", "CUSTOM", "JWT"] : ["NONE", "AWS_IAM", "CUSTOM"], "authorizationType")
        switch type {
        case "JWT", "CUSTOM":
            guard let authorizerId = route.authorizerId else {
                throw ManagementError.badRequest("An authorizerId is required for the authorizationType \(type)")
            }
            let authorizer = try await tx.requireAuthorizer(authorizerId, apiId: api.apiId)
            let expected = type == "JWT" ? "JWT" : "REQUEST"
            guard authorizer.authorizerType == expected else {
                throw ManagementError.badRequest(
                    "The authorizer \(authorizerId) is of type \(authorizer.authorizerType); the authorizationType \(type) needs a \(expected) authorizer")
            }
        default:
            route.authorizerId = nil
        }
        if let scopes = route.authorizationScopes, scopes.count > 10 {
            throw ManagementError.badRequest("A route takes at most 10 authorizationScopes")
        }
    }

    /// Refuses `routeKey` when another route of the API (other than `routeId`) has it, or has a
    /// conflicting variable at the same level (HTTP APIs).
    static func checkRouteKeyIsFree(_ routeKey: String, routeId: String?, among routes: [ApiGatewayV2.Route], isHttp: Bool) throws(ManagementError) {
        let others = routes.filter { $0.routeId != routeId }
        if others.contains(where: { $0.routeKey == routeKey }) {
            throw .conflict("Route with key \(routeKey) already exists for this API")
        }
        guard isHttp else { return }
        let parsed = try RouteKey.parse(routeKey)
        for other in others {
            guard let existing = try? RouteKey.parse(other.routeKey) else { continue }
            if parsed.hasConflictingVariable(with: existing) { throw .conflictingVariable(routeKey, other.routeKey) }
        }
    }
}
