import GatewayModel
import GatewayStore
import JSON

/// `CreateAuthorizer`, `GetAuthorizer`, `GetAuthorizers`, `UpdateAuthorizer`, `DeleteAuthorizer`.
extension ApiGatewayHandlers {
    struct CreateAuthorizerInput: Decodable {
        var name: String?
        var type: String?
        var providerARNs: [String]?
        var authType: String?
        var authorizerUri: String?
        var authorizerCredentials: String?
        var identitySource: String?
        var identityValidationExpression: String?
        var authorizerResultTtlInSeconds: Int?
    }

    static let authorizerTypes = ["TOKEN", "REQUEST", "COGNITO_USER_POOLS"]

    static func registerAuthorizers(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateAuthorizer") { ctx in
            let apiId = try ctx.path("restapi_id")
            let input = try ctx.decodeBody(CreateAuthorizerInput.self)
            guard let name = input.name, !name.isEmpty else { throw ManagementError.requiredMember("createAuthorizerInput.name") }
            guard let type = input.type else { throw ManagementError.requiredMember("createAuthorizerInput.type") }
            guard authorizerTypes.contains(type) else {
                throw ManagementError.enumeration(type, at: "createAuthorizerInput.type", allowed: authorizerTypes)
            }
            let authorizer = Authorizer(
                id: newId(), name: name, type: type, providerARNs: input.providerARNs, authType: input.authType,
                authorizerUri: input.authorizerUri, authorizerCredentials: input.authorizerCredentials,
                identitySource: input.identitySource, identityValidationExpression: input.identityValidationExpression,
                authorizerResultTtlInSeconds: input.authorizerResultTtlInSeconds ?? 300)
            try checkAuthorizer(authorizer)
            let created = try await ctx.store.write { tx in
                guard try await tx.get(DeployedCollections.restApis, id: apiId) != nil else {
                    // AWS's (odd but recorded) answer for an unknown API.
                    throw ManagementError.conflict("Unable to complete operation due to concurrent modification. Please try again later.")
                }
                try await tx.put(RestApiCollections.authorizers, parent: StoreParent(apiId), id: authorizer.id, authorizer, condition: .ifAbsent)
                return authorizer
            }
            return try ctx.respond(created)
        }

        registry.on(.apigateway, "GetAuthorizer") { ctx in
            let apiId = try ctx.path("restapi_id")
            let id = try ctx.path("authorizer_id")
            let authorizer = try await ctx.store.read { tx in try await requireAuthorizer(tx, ctx, apiId: apiId, id: id) }
            return try ctx.respond(authorizer)
        }

        registry.on(.apigateway, "GetAuthorizers") { ctx in
            let apiId = try ctx.path("restapi_id")
            let window = try ListWindow(ctx.request)
            let authorizers = try await ctx.store.read { tx in
                _ = try await requireApi(tx, ctx, apiId)
                return try await tx.listAll(RestApiCollections.authorizers, parent: StoreParent(apiId)).map(\.value)
            }
            let page = window.page(authorizers, key: \.id)
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "UpdateAuthorizer") { ctx in
            let apiId = try ctx.path("restapi_id")
            let id = try ctx.path("authorizer_id")
            let operations = try patchOperations(ctx)
            let authorizer = try await ctx.store.write { tx in
                let authorizer = try await requireAuthorizer(tx, ctx, apiId: apiId, id: id)
                var patched = try PatchApplier.apply(operations, to: authorizer, schema: authorizerPatchSchema)
                patched.id = id
                if patched.providerARNs?.isEmpty == true { patched.providerARNs = nil }
                try checkAuthorizer(patched)
                try await tx.put(RestApiCollections.authorizers, parent: StoreParent(apiId), id: id, patched)
                return patched
            }
            return try ctx.respond(authorizer)
        }

        registry.on(.apigateway, "DeleteAuthorizer") { ctx in
            let apiId = try ctx.path("restapi_id")
            let id = try ctx.path("authorizer_id")
            try await ctx.store.write { tx in
                _ = try await requireAuthorizer(tx, ctx, apiId: apiId, id: id)
                for resource in try await resources(tx, apiId: apiId) {
                    for (verb, method) in resource.resourceMethods ?? [:] where method.authorizerId == id {
                        throw ManagementError.conflict("Cannot delete authorizer '\(id)', is referenced in method: \(resource.path)/\(verb)")
                    }
                }
                try await tx.delete(RestApiCollections.authorizers, parent: StoreParent(apiId), id: id)
            }
            return ctx.respondEmpty()
        }
    }

    static let authorizerPatchSchema = PatchSchema([
        .init("/name", [.replace], .string),
        .init("/type", [.replace], .string),
        .init("/authType", [.replace], .string),
        .init("/authorizerUri", [.replace], .string),
        .init("/authorizerCredentials", [.replace], .string),
        .init("/identitySource", [.replace], .string),
        .init("/identityValidationExpression", [.replace], .string),
        .init("/authorizerResultTtlInSeconds", [.replace], .integer),
        .init("/providerARNs", [.add, .remove, .replace], .listValue),
        .init("/providerARNs/*", [.add, .remove, .replace], .member),
    ])

    static func checkAuthorizer(_ authorizer: Authorizer) throws(ManagementError) {
        if let type = authorizer.type, !authorizerTypes.contains(type) {
            throw .badRequest("Invalid authorizer type specified. Valid options are TOKEN,REQUEST,COGNITO_USER_POOLS")
        }
        if let ttl = authorizer.authorizerResultTtlInSeconds, !(0...3600).contains(ttl) {
            throw .badRequest("Invalid authorizer TTL specified. Value must be between 0 and 3600")
        }
        if authorizer.type == "COGNITO_USER_POOLS", authorizer.providerARNs?.isEmpty != false {
            throw .badRequest("ProviderARNs need to be specified for COGNITO_USER_POOLS authorizer")
        }
        if authorizer.type == "TOKEN" || authorizer.type == "REQUEST", (authorizer.authorizerUri ?? "").isEmpty {
            throw .badRequest("Authorizer URI must be specified for authorizers of type \(authorizer.type ?? "")")
        }
    }

    static func requireAuthorizer(_ tx: any StoreReadTransaction, _ ctx: OperationContext, apiId: String, id: String) async throws -> Authorizer {
        _ = try await requireApi(tx, ctx, apiId)
        guard let authorizer = try await tx.get(RestApiCollections.authorizers, parent: StoreParent(apiId), id: id) else {
            throw ManagementError.invalidAuthorizer
        }
        return authorizer.value
    }
}
