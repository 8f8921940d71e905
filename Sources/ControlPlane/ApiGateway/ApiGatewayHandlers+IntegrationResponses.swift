import GatewayModel
import GatewayStore
import JSON

/// `PutIntegrationResponse`, `GetIntegrationResponse`, `UpdateIntegrationResponse`,
/// `DeleteIntegrationResponse`: the integration responses of a method's integration.
extension ApiGatewayHandlers {
    struct PutIntegrationResponseInput: Decodable {
        var selectionPattern: String?
        var responseParameters: [String: String]?
        var responseTemplates: [String: String]?
        var contentHandling: String?
    }

    static func registerIntegrationResponses(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "PutIntegrationResponse") { ctx in
            let (apiId, resourceId, verb, status) = try methodResponseAddress(ctx)
            let input = try ctx.decodeBody(PutIntegrationResponseInput.self)
            let response = try await ctx.store.write { tx in
                return try await editMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb) { method in
                    guard var integration = method.methodIntegration else { throw ManagementError.invalidIntegration }
                    let response = IntegrationResponse(
                        statusCode: status, selectionPattern: input.selectionPattern, responseParameters: input.responseParameters,
                        responseTemplates: input.responseTemplates, contentHandling: input.contentHandling)
                    try checkContentHandling(response.contentHandling)
                    integration.integrationResponses = (integration.integrationResponses ?? [:]).merging([status: response]) { $1 }
                    method.methodIntegration = integration
                    return response
                }
            }
            return try ctx.respond(response)
        }

        registry.on(.apigateway, "GetIntegrationResponse") { ctx in
            let (apiId, resourceId, verb, status) = try methodResponseAddress(ctx)
            let response = try await ctx.store.read { tx in
                let (_, method) = try await requireMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb)
                guard let integration = method.methodIntegration else { throw ManagementError.invalidIntegration }
                guard let response = integration.integrationResponses?[status] else { throw ManagementError.invalidResponseStatus }
                return response
            }
            return try ctx.respond(response)
        }

        registry.on(.apigateway, "UpdateIntegrationResponse") { ctx in
            let (apiId, resourceId, verb, status) = try methodResponseAddress(ctx)
            let operations = try patchOperations(ctx)
            let updated = try await ctx.store.write { tx in
                return try await editMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb) { method in
                    guard var integration = method.methodIntegration else { throw ManagementError.invalidIntegration }
                    guard let response = integration.integrationResponses?[status] else { throw ManagementError.invalidResponseStatus }
                    for operation in operations {
                        _ = try integrationResponsePatchSchema.rule(for: operation)
                        try requireExistingKey(operation, in: response.responseParameters, field: "responseParameters", missing: "Invalid parameter name specified")
                        try requireExistingKey(operation, in: response.responseTemplates, field: "responseTemplates", missing: "Content-Type specified was not found")
                    }
                    var patched = try PatchApplier.apply(operations, to: response, schema: integrationResponsePatchSchema)
                    patched.statusCode = status
                    try checkContentHandling(patched.contentHandling)
                    integration.integrationResponses?[status] = patched
                    method.methodIntegration = integration
                    return patched
                }
            }
            return try ctx.respond(updated)
        }

        registry.on(.apigateway, "DeleteIntegrationResponse") { ctx in
            let (apiId, resourceId, verb, status) = try methodResponseAddress(ctx)
            try await ctx.store.write { tx in
                guard var resource = try await tx.get(DeployedCollections.restResources, parent: StoreParent(apiId), id: resourceId)?.value else {
                    throw ManagementError.invalidResource
                }
                guard var method = resource.resourceMethods?[verb], var integration = method.methodIntegration else {
                    throw ManagementError.invalidIntegration
                }
                guard integration.integrationResponses?[status] != nil else { throw ManagementError.invalidResponseStatus }
                integration.integrationResponses?[status] = nil
                if integration.integrationResponses?.isEmpty == true { integration.integrationResponses = nil }
                method.methodIntegration = integration
                resource.resourceMethods?[verb] = method
                try await putResource(tx, apiId: apiId, resource)
            }
            return ctx.respondEmpty()
        }
    }

    static let integrationResponsePatchSchema = PatchSchema([
        .init("/selectionPattern", [.replace], .string),
        .init("/contentHandling", [.replace], .string),
        .init("/responseParameters/*", [.add, .remove, .replace], .string),
        .init("/responseTemplates/*", [.add, .remove, .replace], .string),
    ])

    static func checkContentHandling(_ handling: String?) throws(ManagementError) {
        if let handling, !["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"].contains(handling) {
            throw .badRequest("Invalid content handling specified. Valid options are CONVERT_TO_BINARY,CONVERT_TO_TEXT")
        }
    }
}
