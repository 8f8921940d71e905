import GatewayModel
import GatewayStore
import JSON

/// `PutMethod`, `GetMethod`, `UpdateMethod`, `DeleteMethod`. Methods live inside their resource's
/// record (`resourceMethods`).
extension ApiGatewayHandlers {
    struct PutMethodInput: Decodable {
        var authorizationType: String?
        var authorizerId: String?
        var apiKeyRequired: Bool?
        var operationName: String?
        var requestParameters: [String: Bool]?
        var requestModels: [String: String]?
        var requestValidatorId: String?
        var authorizationScopes: [String]?
    }

    static func registerMethods(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "PutMethod") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let verb = try ctx.path("http_method")
            let input = try ctx.decodeBody(PutMethodInput.self)
            let method = try await ctx.store.write { tx in
                var resource = try await requireResource(tx, apiId: apiId, resourceId: resourceId)
                guard RestApiDefaults.httpMethods.contains(verb) else {
                    throw ManagementError.badRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY")
                }
                guard let authorizationType = input.authorizationType?.uppercased(), !authorizationType.isEmpty else {
                    throw ManagementError.requiredMember("putMethodInput.authorizationType")
                }
                if let parameters = input.requestParameters {
                    let names = Set(parameters.keys.map { $0.split(separator: ".").last.map(String.init) ?? $0 })
                    if names.count != parameters.count {
                        throw ManagementError.badRequest("Parameter names must be unique across querystring, header and path")
                    }
                }
                var method = Method(
                    httpMethod: verb, authorizationType: authorizationType, authorizerId: input.authorizerId,
                    apiKeyRequired: input.apiKeyRequired ?? false, requestValidatorId: input.requestValidatorId,
                    operationName: input.operationName, requestParameters: input.requestParameters,
                    requestModels: input.requestModels, authorizationScopes: input.authorizationScopes)
                try await checkReferences(tx, apiId: apiId, &method)
                if resource.resourceMethods?[verb] != nil {
                    throw ManagementError.conflict("Method already exists for this resource")
                }
                resource.resourceMethods = (resource.resourceMethods ?? [:]).merging([verb: method]) { $1 }
                try await putResource(tx, apiId: apiId, resource)
                return method
            }
            return try ctx.respond(method)
        }

        registry.on(.apigateway, "GetMethod") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let verb = try ctx.path("http_method")
            let (_, method) = try await ctx.store.read { tx in try await requireMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb) }
            return try ctx.respond(method)
        }

        registry.on(.apigateway, "UpdateMethod") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let verb = try ctx.path("http_method")
            let operations = try patchOperations(ctx)
            let updated = try await ctx.store.write { tx in
                return try await editMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb) { method in
                    let before = method
                    var patched = try PatchApplier.apply(operations, to: method, schema: methodPatchSchema)
                    patched.httpMethod = verb
                    if patched.requestValidatorId == "" { patched.requestValidatorId = nil }
                    if patched.requestParameters?.isEmpty == true { patched.requestParameters = nil }
                    if patched.requestModels?.isEmpty == true { patched.requestModels = nil }
                    if patched.authorizationScopes?.isEmpty == true { patched.authorizationScopes = nil }
                    let changesType = operations.contains { $0.path == "/authorizationType" }
                    if !changesType, patched.authorizerId != before.authorizerId,
                        !["CUSTOM", "COGNITO_USER_POOLS"].contains(patched.authorizationType ?? "NONE")
                    {
                        // AWS ignores an authorizer on a method whose authorization type takes none.
                        patched.authorizerId = before.authorizerId
                    }
                    try await checkReferences(tx, apiId: apiId, &patched)
                    method = patched
                    return method
                }
            }
            return try ctx.respond(updated)
        }

        registry.on(.apigateway, "DeleteMethod") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let verb = try ctx.path("http_method")
            try await ctx.store.write { tx in
                var (resource, _) = try await requireMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb)
                resource.resourceMethods?[verb] = nil
                if resource.resourceMethods?.isEmpty == true { resource.resourceMethods = nil }
                try await putResource(tx, apiId: apiId, resource)
            }
            return ctx.respondEmpty()
        }
    }

    /// The paths `UpdateMethod` accepts (AWS's list).
    static let methodPatchSchema = PatchSchema([
        .init("/authorizationScopes", [.add, .remove], .listValue),
        .init("/authorizationType", [.replace], .string),
        .init("/authorizerId", [.replace], .string),
        .init("/apiKeyRequired", [.replace], .bool),
        .init("/operationName", [.replace], .string),
        .init("/requestParameters/*", [.add, .remove, .replace], .bool),
        .init("/requestModels/*", [.add, .remove, .replace], .string),
        .init("/requestValidatorId", [.replace], .string),
    ])

    /// Checks what a method refers to (authorizer, request validator, models) as AWS does, and drops
    /// an authorizer the authorization type does not use.
    static func checkReferences(_ tx: any StoreReadTransaction, apiId: String, _ method: inout Method) async throws {
        let parent = StoreParent(apiId)
        let authorizationType = method.authorizationType ?? "NONE"
        if ["CUSTOM", "COGNITO_USER_POOLS"].contains(authorizationType) {
            guard let authorizerId = method.authorizerId,
                try await tx.get(RestApiCollections.authorizers, parent: parent, id: authorizerId) != nil
            else {
                throw ManagementError.badRequest(
                    "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.")
            }
        } else {
            method.authorizerId = nil
        }
        if let validatorId = method.requestValidatorId,
            try await tx.get(RestApiCollections.requestValidators, parent: parent, id: validatorId) == nil
        {
            throw ManagementError.badRequest("Invalid Request Validator identifier specified")
        }
        for (_, model) in (method.requestModels ?? [:]).sorted(by: { $0.key < $1.key }) {
            if try await tx.get(RestApiCollections.models, parent: parent, id: model) == nil {
                throw ManagementError.badRequest("Invalid model identifier specified: \(model)")
            }
        }
    }
}
