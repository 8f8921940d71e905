import Foundation
import GatewayModel
import GatewayStore
import JSON

/// `CreateModel`, `GetModel`, `GetModels`, `UpdateModel`, `DeleteModel`. Models are stored by name
/// under their API; every API starts with `Empty` and `Error`.
extension ApiGatewayHandlers {
    struct CreateModelInput: Decodable {
        var name: String?
        var description: String?
        var schema: String?
        var contentType: String?
    }

    static func registerModels(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateModel") { ctx in
            let apiId = try ctx.path("restapi_id")
            let input = try ctx.decodeBody(CreateModelInput.self)
            let model = try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                guard let name = input.name, !name.isEmpty else { throw ManagementError.badRequest("Model name must be non-empty") }
                guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                    throw ManagementError.badRequest("Model name must be alphanumeric")
                }
                try checkModelSchema(input.schema)
                if try await tx.get(RestApiCollections.models, parent: StoreParent(apiId), id: name) != nil {
                    throw ManagementError.conflict("Model name already exists for this REST API")
                }
                let model = Model(
                    id: newId(), name: name, description: input.description, schema: input.schema,
                    contentType: input.contentType ?? "application/json")
                try await tx.put(RestApiCollections.models, parent: StoreParent(apiId), id: name, model, condition: .ifAbsent)
                return model
            }
            return try ctx.respond(model)
        }

        registry.on(.apigateway, "GetModel") { ctx in
            let apiId = try ctx.path("restapi_id")
            let name = try ctx.path("model_name")
            let model = try await ctx.store.read { tx in try await requireModel(tx, ctx, apiId: apiId, name: name) }
            return try ctx.respond(model)
        }

        registry.on(.apigateway, "GetModels") { ctx in
            let apiId = try ctx.path("restapi_id")
            let window = try ListWindow(ctx.request)
            let models = try await ctx.store.read { tx in
                _ = try await requireApi(tx, ctx, apiId)
                return try await tx.listAll(RestApiCollections.models, parent: StoreParent(apiId)).map(\.value)
            }
            let page = window.page(models, key: \.name)
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "UpdateModel") { ctx in
            let apiId = try ctx.path("restapi_id")
            let name = try ctx.path("model_name")
            let operations = try patchOperations(ctx)
            let model = try await ctx.store.write { tx in
                let model = try await requireModel(tx, ctx, apiId: apiId, name: name)
                var patched = try PatchApplier.apply(operations, to: model, schema: modelPatchSchema)
                patched.id = model.id
                patched.name = model.name
                if operations.contains(where: { $0.path == "/schema" }) { try checkModelSchema(patched.schema) }
                try await tx.put(RestApiCollections.models, parent: StoreParent(apiId), id: name, patched)
                return patched
            }
            return try ctx.respond(model)
        }

        registry.on(.apigateway, "DeleteModel") { ctx in
            let apiId = try ctx.path("restapi_id")
            let name = try ctx.path("model_name")
            try await ctx.store.write { tx in
                _ = try await requireModel(tx, ctx, apiId: apiId, name: name)
                for resource in try await resources(tx, apiId: apiId).sorted(by: { $0.path < $1.path }) {
                    for (verb, method) in (resource.resourceMethods ?? [:]).sorted(by: { $0.key < $1.key })
                    where method.requestModels?.values.contains(name) == true {
                        throw ManagementError.conflict("Cannot delete model '\(name)', is referenced in method request: \(resource.path)/\(verb)")
                    }
                }
                try await tx.delete(RestApiCollections.models, parent: StoreParent(apiId), id: name)
            }
            return ctx.respondEmpty()
        }
    }

    static let modelPatchSchema = PatchSchema(
        wording: .operationFirst(listing: "[/description, /schema]"),
        [.init("/description", [.replace], .string), .init("/schema", [.replace], .string)])

    static func requireModel(_ tx: any StoreReadTransaction, _ ctx: OperationContext, apiId: String, name: String) async throws -> Model {
        _ = try await requireApi(tx, ctx, apiId)
        guard let model = try await tx.get(RestApiCollections.models, parent: StoreParent(apiId), id: name) else {
            throw ManagementError.invalidModelName(name)
        }
        return model.value
    }

    /// A model schema must be a JSON document (AWS: a JSON Schema draft 4) that defines something.
    static func checkModelSchema(_ schema: String?) throws(ManagementError) {
        let empty = ManagementError.badRequest("Model schema must have at least 1 property or array items defined")
        guard let schema, !schema.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw empty }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(schema.utf8)) else {
            throw .badRequest("Invalid model schema specified: the schema is not valid JSON")
        }
        guard case .object(let object) = value else { throw .badRequest("Invalid model schema specified: the schema must be a JSON object") }
        if object.isEmpty { throw empty }
    }
}
