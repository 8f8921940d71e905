import Foundation
import GatewayModel
import GatewayStore
import JSON

/// Models: `CreateModel`, `GetModel`, `GetModels`, `UpdateModel`, `DeleteModel`. A model's name
/// is alphanumeric and unique within its API; its schema is a JSON Schema draft 4 document, kept
/// as the text the client sent (at most 32 KB). (`GetModelTemplate`, which writes a mapping
/// template from a schema, is not implemented.)
extension ApiGatewayV2Handlers {
    struct ModelInput: Decodable, Sendable {
        var contentType: String?
        var description: String?
        var name: String?
        var schema: String?
    }

    static func registerModels(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateModel") { ctx in
            let apiId = try ctx.path("apiId")
            let input = try ctx.decodeBody(ModelInput.self)
            guard let name = input.name else { throw ManagementError.missing("name") }
            guard let schema = input.schema else { throw ManagementError.missing("schema") }
            try checkModel(input)
            let model = try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                let parent = StoreParent(apiId)
                try await checkModelNameIsFree(name, id: nil, apiId: apiId, tx: tx)
                let id = try await tx.newIdentifier(HttpApiCollections.models, parent: parent, length: 6)
                let model = ApiGatewayV2.Model(modelId: id, name: name, contentType: input.contentType, description: input.description, schema: schema)
                try await tx.put(HttpApiCollections.models, parent: parent, id: id, model, condition: .ifAbsent)
                return model
            }
            return try ctx.respond(model)
        }
        registry.on(.apigatewayv2, "GetModel") { ctx in
            let (apiId, modelId) = (try ctx.path("apiId"), try ctx.path("modelId"))
            let model = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await tx.requireModel(modelId, apiId: apiId)
            }
            return try ctx.respond(model)
        }
        registry.on(.apigatewayv2, "GetModels") { ctx in
            let apiId = try ctx.path("apiId")
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await request.page(HttpApiCollections.models, parent: StoreParent(apiId), in: tx) { $0 }
            }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateModel") { ctx in
            let (apiId, modelId) = (try ctx.path("apiId"), try ctx.path("modelId"))
            let input = try ctx.decodeBody(ModelInput.self)
            try checkModel(input)
            let model = try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                var model = try await tx.requireModel(modelId, apiId: apiId)
                if let name = input.name, name != model.name {
                    try await checkModelNameIsFree(name, id: modelId, apiId: apiId, tx: tx)
                    model.name = name
                }
                if let value = input.contentType { model.contentType = value }
                if let value = input.description { model.description = value }
                if let value = input.schema { model.schema = value }
                try await tx.put(HttpApiCollections.models, parent: StoreParent(apiId), id: modelId, model)
                return model
            }
            return try ctx.respond(model)
        }
        registry.on(.apigatewayv2, "DeleteModel") { ctx in
            let (apiId, modelId) = (try ctx.path("apiId"), try ctx.path("modelId"))
            try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                _ = try await tx.requireModel(modelId, apiId: apiId)
                try await tx.delete(HttpApiCollections.models, parent: StoreParent(apiId), id: modelId)
            }
            return ctx.respondEmpty()
        }
    }

    static func checkModel(_ input: ModelInput) throws(ManagementError) {
        try checkLength(input.name, 1...128, "name")
        try checkLength(input.contentType, 1...256, "contentType")
        try checkLength(input.description, 0...1024, "description")
        try checkLength(input.schema, 0...32_768, "schema")
        if let name = input.name, !name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) {
            throw .badRequest("Model name must be alphanumeric: \(name)")
        }
        if let schema = input.schema, !schema.isEmpty {
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(schema.utf8)), value.objectValue != nil else {
                throw .badRequest("Invalid model schema specified: the schema must be a JSON object")
            }
        }
    }

    static func checkModelNameIsFree(_ name: String, id: String?, apiId: String, tx: any StoreReadTransaction) async throws {
        for entry in try await tx.listAll(HttpApiCollections.models, parent: StoreParent(apiId)) where entry.id != id && entry.value.name == name {
            throw ManagementError.conflict("Model name already exists for this API")
        }
    }
}
