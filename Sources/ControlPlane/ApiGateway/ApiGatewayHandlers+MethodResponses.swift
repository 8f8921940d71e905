import GatewayModel
import GatewayStore
import JSON

/// `PutMethodResponse`, `GetMethodResponse`, `UpdateMethodResponse`, `DeleteMethodResponse`.
extension ApiGatewayHandlers {
    struct PutMethodResponseInput: Decodable {
        var responseParameters: [String: Bool]?
        var responseModels: [String: String]?
    }

    static func registerMethodResponses(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "PutMethodResponse") { ctx in
            let (apiId, resourceId, verb, status) = try methodResponseAddress(ctx)
            let input = try ctx.decodeBody(PutMethodResponseInput.self)
            let response = try await ctx.store.write { tx in
                return try await editMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb) { method in
                    let response = MethodResponse(statusCode: status, responseParameters: input.responseParameters, responseModels: input.responseModels)
                    for (_, model) in input.responseModels ?? [:] {
                        if try await tx.get(RestApiCollections.models, parent: StoreParent(apiId), id: model) == nil {
                            throw ManagementError.badRequest("Invalid model identifier specified: \(model)")
                        }
                    }
                    method.methodResponses = (method.methodResponses ?? [:]).merging([status: response]) { $1 }
                    return response
                }
            }
            return try ctx.respond(response)
        }

        registry.on(.apigateway, "GetMethodResponse") { ctx in
            let (apiId, resourceId, verb, status) = try methodResponseAddress(ctx)
            let response = try await ctx.store.read { tx in
                let (_, method) = try await requireMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb)
                guard let response = method.methodResponses?[status] else { throw ManagementError.invalidResponseStatus }
                return response
            }
            return try ctx.respond(response)
        }

        registry.on(.apigateway, "UpdateMethodResponse") { ctx in
            let (apiId, resourceId, verb, status) = try methodResponseAddress(ctx)
            let operations = try patchOperations(ctx)
            let updated = try await ctx.store.write { tx in
                return try await editMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb) { method in
                    guard let response = method.methodResponses?[status] else { throw ManagementError.invalidResponseStatus }
                    for operation in operations {
                        _ = try methodResponsePatchSchema.rule(for: operation)
                        try requireExistingKey(operation, in: response.responseParameters, field: "responseParameters", missing: "Invalid parameter name specified")
                        try requireExistingKey(operation, in: response.responseModels, field: "responseModels", missing: "Content-Type specified was not found")
                    }
                    var patched = try PatchApplier.apply(operations, to: response, schema: methodResponsePatchSchema)
                    patched.statusCode = status
                    method.methodResponses?[status] = patched
                    return patched
                }
            }
            return try ctx.respond(updated)
        }

        registry.on(.apigateway, "DeleteMethodResponse") { ctx in
            let (apiId, resourceId, verb, status) = try methodResponseAddress(ctx)
            try await ctx.store.write { tx in
                try await editMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb) { method in
                    guard method.methodResponses?[status] != nil else { throw ManagementError.invalidResponseStatus }
                    method.methodResponses?[status] = nil
                    if method.methodResponses?.isEmpty == true { method.methodResponses = nil }
                }
            }
            return ctx.respondEmpty()
        }
    }

    static let methodResponsePatchSchema = PatchSchema([
        .init("/responseParameters/*", [.add, .remove, .replace], .bool),
        .init("/responseModels/*", [.add, .remove, .replace], .string),
    ])

    /// API, resource, verb and status code of a method or integration response request; the status
    /// code checked first, as AWS's validation layer does.
    static func methodResponseAddress(_ ctx: OperationContext) throws -> (String, String, String, String) {
        let status = try ctx.path("status_code")
        guard isValidStatusCode(status) else { throw ManagementError.invalidStatusCode(status) }
        return (try ctx.path("restapi_id"), try ctx.path("resource_id"), try ctx.path("http_method"), status)
    }

    /// `remove`/`replace` of a map entry that does not exist answers AWS's `NotFoundException`.
    static func requireExistingKey<Value>(
        _ operation: PatchOperation, in map: [String: Value]?, field: String, missing message: String
    ) throws(ManagementError) {
        let tokens = operation.tokens
        guard tokens.count == 2, tokens[0] == field, operation.op == .remove || operation.op == .replace else { return }
        if map?[tokens[1]] == nil { throw .notFound(message) }
    }
}
