import GatewayModel
import GatewayStore
import JSON

/// `PutGatewayResponse`, `GetGatewayResponse`, `GetGatewayResponses`, `UpdateGatewayResponse`,
/// `DeleteGatewayResponse`.
///
/// Only customised responses are stored; the others are answered from AWS's defaults. As AWS does,
/// a customised `DEFAULT_4XX`/`DEFAULT_5XX` shows through every uncustomised response of its class.
extension ApiGatewayHandlers {
    struct PutGatewayResponseInput: Decodable {
        var statusCode: String?
        var responseParameters: [String: String]?
        var responseTemplates: [String: String]?
    }

    static func registerGatewayResponses(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "PutGatewayResponse") { ctx in
            let apiId = try ctx.path("restapi_id")
            let type = try gatewayResponseType(ctx)
            let input = try ctx.decodeBody(PutGatewayResponseInput.self)
            if let status = input.statusCode, !isValidStatusCode(status) { throw ManagementError.invalidStatusCode(status) }
            let response = GatewayResponse(
                responseType: type, statusCode: input.statusCode ?? RestApiDefaults.defaultStatus(of: type),
                responseParameters: input.responseParameters ?? [:],
                responseTemplates: input.responseTemplates ?? RestApiDefaults.defaultResponseTemplates, defaultResponse: false)
            try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                try await tx.put(RestApiCollections.gatewayResponses, parent: StoreParent(apiId), id: type, response)
            }
            return try ctx.respond(response)
        }

        registry.on(.apigateway, "GetGatewayResponse") { ctx in
            let apiId = try ctx.path("restapi_id")
            let type = try gatewayResponseType(ctx)
            let all = try await ctx.store.read { tx in try await gatewayResponses(tx, ctx, apiId: apiId) }
            guard let response = all.first(where: { $0.responseType == type }) else { throw ManagementError.internalFailure() }
            return try ctx.respond(response)
        }

        registry.on(.apigateway, "GetGatewayResponses") { ctx in
            let apiId = try ctx.path("restapi_id")
            let window = ListWindow(position: ctx.request.queryValue("position"), limit: ListWindow.maximumLimit)
            let all = try await ctx.store.read { tx in try await gatewayResponses(tx, ctx, apiId: apiId) }
            let page = window.page(all, key: \.responseType)
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "UpdateGatewayResponse") { ctx in
            let apiId = try ctx.path("restapi_id")
            let type = try gatewayResponseType(ctx)
            let operations = try patchOperations(ctx)
            let response = try await ctx.store.write { tx in
                let all = try await gatewayResponses(tx, ctx, apiId: apiId)
                guard var current = all.first(where: { $0.responseType == type }) else { throw ManagementError.internalFailure() }
                current.defaultResponse = false
                for operation in operations {
                    _ = try gatewayResponsePatchSchema.rule(for: operation)
                    let tokens = operation.tokens
                    if operation.op != .remove, tokens.count == 2, ["responseTemplates", "responseParameters"].contains(tokens[0]),
                        (operation.value ?? "").isEmpty
                    {
                        throw ManagementError.badRequest("Invalid null or empty value in \(tokens[0])")
                    }
                    try requireExistingKey(operation, in: current.responseParameters, field: "responseParameters", missing: "Invalid parameter name specified")
                    try requireExistingKey(operation, in: current.responseTemplates, field: "responseTemplates", missing: "Invalid parameter name specified")
                }
                var patched = try PatchApplier.apply(operations, to: current, schema: gatewayResponsePatchSchema)
                patched.responseType = type
                patched.defaultResponse = false
                if let status = patched.statusCode, !isValidStatusCode(status) { throw ManagementError.invalidStatusCode(status) }
                try await tx.put(RestApiCollections.gatewayResponses, parent: StoreParent(apiId), id: type, patched)
                return patched
            }
            return try ctx.respond(response)
        }

        registry.on(.apigateway, "DeleteGatewayResponse") { ctx in
            let apiId = try ctx.path("restapi_id")
            let type = try gatewayResponseType(ctx)
            try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                guard try await tx.delete(RestApiCollections.gatewayResponses, parent: StoreParent(apiId), id: type) else {
                    throw ManagementError.notFound("Gateway response type not defined on api")
                }
            }
            return ctx.respondEmpty()
        }
    }

    static let gatewayResponsePatchSchema = PatchSchema(
        wording: .pathOnly,
        [
            .init("/statusCode", [.replace], .string),
            .init("/responseParameters/*", [.add, .remove, .replace], .string),
            .init("/responseTemplates/*", [.add, .remove, .replace], .string),
        ])

    /// The `response_type` path parameter, checked against AWS's enumeration.
    static func gatewayResponseType(_ ctx: OperationContext) throws -> String {
        let type = try ctx.path("response_type")
        guard RestApiDefaults.isGatewayResponseType(type) else {
            throw ManagementError.enumeration(type, at: "responseType", allowed: RestApiDefaults.gatewayResponseStatuses.map(\.type))
        }
        return type
    }

    /// Every gateway response of the API, customised or default, sorted by type.
    static func gatewayResponses(_ tx: any StoreReadTransaction, _ ctx: OperationContext, apiId: String) async throws -> [GatewayResponse] {
        _ = try await requireApi(tx, ctx, apiId)
        var custom: [String: GatewayResponse] = [:]
        for entry in try await tx.listAll(RestApiCollections.gatewayResponses, parent: StoreParent(apiId)) {
            custom[entry.id] = entry.value
        }
        return RestApiDefaults.gatewayResponseStatuses.map { type, status in
            if let response = custom[type.self] { return response }
            var response = GatewayResponse(
                responseType: type, statusCode: status, responseParameters: [:],
                responseTemplates: RestApiDefaults.defaultResponseTemplates, defaultResponse: true)
            let family = status?.first == "5" ? "DEFAULT_5XX" : status?.first == "4" ? "DEFAULT_4XX" : nil
            if let family, let inherited = custom[family] {
                response.statusCode = inherited.statusCode ?? status
                response.responseParameters = inherited.responseParameters
                response.responseTemplates = inherited.responseTemplates
            }
            return response
        }.sorted { $0.responseType < $1.responseType }
    }
}
