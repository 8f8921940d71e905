import Foundation
import GatewayModel
import GatewayStore

/// Authorizers: `CreateAuthorizer`, `GetAuthorizer`, `GetAuthorizers`, `UpdateAuthorizer`,
/// `DeleteAuthorizer`.
///
/// HTTP APIs take `JWT` authorizers (`jwtConfiguration` with an `issuer` and at least one
/// `audience`, one `identitySource`) and Lambda `REQUEST` authorizers (`authorizerUri`,
/// `authorizerPayloadFormatVersion` `1.0` or `2.0`, `enableSimpleResponses` with 2.0 only);
/// WebSocket APIs take `REQUEST` authorizers. `authorizerResultTtlInSeconds` is 0…3,600.
/// Authorizers are part of what a deployment freezes, so changing one auto-deploys. An authorizer
/// a route uses cannot be deleted.
extension ApiGatewayV2Handlers {
    struct AuthorizerInput: Decodable, Sendable {
        var authorizerCredentialsArn: String?
        var authorizerPayloadFormatVersion: String?
        var authorizerResultTtlInSeconds: Int?
        var authorizerType: String?
        var authorizerUri: String?
        var enableSimpleResponses: Bool?
        var identitySource: [String]?
        var identityValidationExpression: String?
        var jwtConfiguration: ApiGatewayV2.JWTConfiguration?
        var name: String?
    }

    static func registerAuthorizers(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateAuthorizer") { ctx in
            let apiId = try ctx.path("apiId")
            let input = try ctx.decodeBody(AuthorizerInput.self)
            guard let name = input.name else { throw ManagementError.missing("name") }
            guard let type = input.authorizerType else { throw ManagementError.missing("authorizerType") }
            let authorizer = try await ctx.store.write { tx in
                let api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                let parent = StoreParent(apiId)
                let id = try await tx.newIdentifier(HttpApiCollections.authorizers, parent: parent, length: 6)
                var authorizer = ApiGatewayV2.Authorizer(authorizerId: id, name: name, authorizerType: type)
                apply(input, to: &authorizer)
                try checkAuthorizer(authorizer, isHttp: api.protocolType == "HTTP")
                try await tx.put(HttpApiCollections.authorizers, parent: parent, id: id, authorizer, condition: .ifAbsent)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
                return authorizer
            }
            return try ctx.respond(authorizer)
        }
        registry.on(.apigatewayv2, "GetAuthorizer") { ctx in
            let (apiId, authorizerId) = (try ctx.path("apiId"), try ctx.path("authorizerId"))
            let authorizer = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await tx.requireAuthorizer(authorizerId, apiId: apiId)
            }
            return try ctx.respond(authorizer)
        }
        registry.on(.apigatewayv2, "GetAuthorizers") { ctx in
            let apiId = try ctx.path("apiId")
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await request.page(HttpApiCollections.authorizers, parent: StoreParent(apiId), in: tx) { $0 }
            }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateAuthorizer") { ctx in
            let (apiId, authorizerId) = (try ctx.path("apiId"), try ctx.path("authorizerId"))
            let input = try ctx.decodeBody(AuthorizerInput.self)
            let authorizer = try await ctx.store.write { tx in
                let api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                var authorizer = try await tx.requireAuthorizer(authorizerId, apiId: apiId)
                let previousType = authorizer.authorizerType
                apply(input, to: &authorizer)
                try checkAuthorizer(authorizer, isHttp: api.protocolType == "HTTP")
                if authorizer.authorizerType != previousType {
                    let users = try await routesUsing(authorizerId, apiId: apiId, tx: tx)
                    guard users.isEmpty else {
                        throw ManagementError.conflict(
                            "Cannot change the type of Authorizer because it is referenced by the following Routes with Ids: [\(users.joined(separator: ", "))]")
                    }
                }
                try await tx.put(HttpApiCollections.authorizers, parent: StoreParent(apiId), id: authorizerId, authorizer)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
                return authorizer
            }
            return try ctx.respond(authorizer)
        }
        registry.on(.apigatewayv2, "DeleteAuthorizer") { ctx in
            let (apiId, authorizerId) = (try ctx.path("apiId"), try ctx.path("authorizerId"))
            try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                _ = try await tx.requireAuthorizer(authorizerId, apiId: apiId)
                let users = try await routesUsing(authorizerId, apiId: apiId, tx: tx)
                guard users.isEmpty else {
                    throw ManagementError.conflict(
                        "Cannot delete Authorizer because it is referenced by the following Routes with Ids: [\(users.joined(separator: ", "))]")
                }
                try await tx.delete(HttpApiCollections.authorizers, parent: StoreParent(apiId), id: authorizerId)
                try await HttpApiDeployer.autoDeploy(tx, apiId: apiId, now: now())
            }
            return ctx.respondEmpty()
        }
    }

    static func routesUsing(_ authorizerId: String, apiId: String, tx: any StoreReadTransaction) async throws -> [String] {
        try await tx.listAll(HttpApiCollections.routes, parent: StoreParent(apiId)).filter { $0.value.authorizerId == authorizerId }.map(\.id)
    }

    static func apply(_ input: AuthorizerInput, to authorizer: inout ApiGatewayV2.Authorizer) {
        if let value = input.name { authorizer.name = value }
        if let value = input.authorizerType { authorizer.authorizerType = value }
        if let value = input.authorizerCredentialsArn { authorizer.authorizerCredentialsArn = value.isEmpty ? nil : value }
        if let value = input.authorizerPayloadFormatVersion { authorizer.authorizerPayloadFormatVersion = value }
        if let value = input.authorizerResultTtlInSeconds { authorizer.authorizerResultTtlInSeconds = value }
        if let value = input.authorizerUri { authorizer.authorizerUri = value.isEmpty ? nil : value }
        if let value = input.enableSimpleResponses { authorizer.enableSimpleResponses = value }
        if let value = input.identitySource { authorizer.identitySource = value }
        if let value = input.identityValidationExpression { authorizer.identityValidationExpression = value.isEmpty ? nil : value }
        if let value = input.jwtConfiguration { authorizer.jwtConfiguration = value }
    }

    static func checkAuthorizer(_ authorizer: ApiGatewayV2.Authorizer, isHttp: Bool) throws(ManagementError) {
        try checkLength(authorizer.name, 1...128, "name")
        try checkEnum(authorizer.authorizerType, isHttp ? ["REQUEST", "JWT"] : ["REQUEST"], "authorizerType")
        if let ttl = authorizer.authorizerResultTtlInSeconds, !(0...3600).contains(ttl) {
            throw .badRequest("authorizerResultTtlInSeconds must be between 0 and 3600")
        }
        let sources = authorizer.identitySource ?? []
        switch authorizer.authorizerType {
        case "JWT":
            guard let configuration = authorizer.jwtConfiguration, let issuer = configuration.issuer, !issuer.isEmpty else {
                throw .badRequest("A JWT authorizer needs a jwtConfiguration with an issuer")
            }
            guard let audience = configuration.audience, !audience.isEmpty else {
                throw .badRequest("A JWT authorizer needs a jwtConfiguration with at least one audience")
            }
            guard audience.count <= 50 else { throw .badRequest("A JWT authorizer takes at most 50 audiences") }
            guard sources.count == 1 else {
                throw .badRequest("A JWT authorizer takes exactly one identitySource, such as $request.header.Authorization")
            }
            guard authorizer.authorizerUri == nil, authorizer.authorizerPayloadFormatVersion == nil else {
                throw .badRequest("authorizerUri and authorizerPayloadFormatVersion are supported only for REQUEST authorizers")
            }
        default:
            guard let uri = authorizer.authorizerUri, !uri.isEmpty else {
                throw .badRequest("A REQUEST authorizer needs an authorizerUri (the Lambda function's invocation URI)")
            }
            try checkLength(uri, 1...2048, "authorizerUri")
            guard authorizer.jwtConfiguration == nil else { throw .badRequest("jwtConfiguration is supported only for JWT authorizers") }
            if isHttp {
                guard let version = authorizer.authorizerPayloadFormatVersion else {
                    throw .badRequest("authorizerPayloadFormatVersion is required for REQUEST authorizers of HTTP APIs: 1.0 or 2.0")
                }
                guard ["1.0", "2.0"].contains(version) else {
                    throw .badRequest("Invalid authorizerPayloadFormatVersion specified: \(version). Must be 1.0 or 2.0")
                }
                if authorizer.enableSimpleResponses == true, version != "2.0" {
                    throw .badRequest("enableSimpleResponses is supported only with the authorizerPayloadFormatVersion 2.0")
                }
                if (authorizer.authorizerResultTtlInSeconds ?? 0) > 0, sources.isEmpty {
                    throw .badRequest("An identitySource is required when authorizer caching is enabled (authorizerResultTtlInSeconds > 0)")
                }
            } else if sources.isEmpty {
                throw .badRequest("A REQUEST authorizer of a WebSocket API needs an identitySource")
            }
        }
    }
}
