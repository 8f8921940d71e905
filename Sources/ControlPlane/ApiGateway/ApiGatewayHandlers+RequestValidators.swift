import GatewayModel
import GatewayStore
import JSON

/// `CreateRequestValidator`, `GetRequestValidator`, `GetRequestValidators`,
/// `UpdateRequestValidator`, `DeleteRequestValidator`.
extension ApiGatewayHandlers {
    struct CreateRequestValidatorInput: Decodable {
        var name: String?
        var validateRequestBody: Bool?
        var validateRequestParameters: Bool?
    }

    static func registerRequestValidators(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateRequestValidator") { ctx in
            let apiId = try ctx.path("restapi_id")
            let input = try ctx.decodeBody(CreateRequestValidatorInput.self)
            let validator = try await ctx.store.write { tx in
                guard try await tx.get(DeployedCollections.restApis, id: apiId) != nil else {
                    throw ManagementError.badRequest("Invalid REST API identifier specified")
                }
                let validator = RequestValidator(
                    id: newId(), name: input.name, validateRequestBody: input.validateRequestBody ?? false,
                    validateRequestParameters: input.validateRequestParameters ?? false)
                try await tx.put(RestApiCollections.requestValidators, parent: StoreParent(apiId), id: validator.id, validator, condition: .ifAbsent)
                return validator
            }
            return try ctx.respond(validator)
        }

        registry.on(.apigateway, "GetRequestValidator") { ctx in
            let apiId = try ctx.path("restapi_id")
            let id = try ctx.path("requestvalidator_id")
            let validator = try await ctx.store.read { tx in try await requireValidator(tx, apiId: apiId, id: id) }
            return try ctx.respond(validator)
        }

        registry.on(.apigateway, "GetRequestValidators") { ctx in
            let apiId = try ctx.path("restapi_id")
            let window = try ListWindow(ctx.request)
            let validators = try await ctx.store.read { tx in
                _ = try await requireApi(tx, ctx, apiId)
                return try await tx.listAll(RestApiCollections.requestValidators, parent: StoreParent(apiId)).map(\.value)
            }
            let page = window.page(validators, key: \.id)
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "UpdateRequestValidator") { ctx in
            let apiId = try ctx.path("restapi_id")
            let id = try ctx.path("requestvalidator_id")
            let operations = try patchOperations(ctx)
            let validator = try await ctx.store.write { tx in
                let validator = try await requireValidator(tx, apiId: apiId, id: id)
                for operation in operations {
                    _ = try requestValidatorPatchSchema.rule(for: operation)
                    if operation.path == "/name", (operation.value ?? "").isEmpty {
                        throw ManagementError.badRequest("Request Validator name cannot be blank")
                    }
                }
                var patched = try PatchApplier.apply(operations, to: validator, schema: requestValidatorPatchSchema)
                patched.id = id
                try await tx.put(RestApiCollections.requestValidators, parent: StoreParent(apiId), id: id, patched)
                return patched
            }
            return try ctx.respond(validator)
        }

        registry.on(.apigateway, "DeleteRequestValidator") { ctx in
            let apiId = try ctx.path("restapi_id")
            let id = try ctx.path("requestvalidator_id")
            try await ctx.store.write { tx in
                _ = try await requireValidator(tx, apiId: apiId, id: id)
                for resource in try await resources(tx, apiId: apiId) {
                    for (verb, method) in resource.resourceMethods ?? [:] where method.requestValidatorId == id {
                        throw ManagementError.conflict("Cannot delete request validator '\(id)', is referenced in method: \(resource.path)/\(verb)")
                    }
                }
                try await tx.delete(RestApiCollections.requestValidators, parent: StoreParent(apiId), id: id)
            }
            return ctx.respondEmpty()
        }
    }

    static let requestValidatorPatchSchema = PatchSchema(
        wording: .operationFirst(listing: "[/name, /validateRequestParameters, /validateRequestBody]"),
        [
            .init("/name", [.replace], .string), .init("/validateRequestParameters", [.replace], .bool),
            .init("/validateRequestBody", [.replace], .bool),
        ])

    /// The validator, or `Invalid Request Validator identifier specified` (also for a missing API, as AWS).
    static func requireValidator(_ tx: any StoreReadTransaction, apiId: String, id: String) async throws -> RequestValidator {
        guard let validator = try await tx.get(RestApiCollections.requestValidators, parent: StoreParent(apiId), id: id) else {
            throw ManagementError.invalidRequestValidator
        }
        return validator.value
    }
}
