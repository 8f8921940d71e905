import Foundation
import GatewayModel
import GatewayStore
import JSON
import OpenAPI

/// `CreateDocumentationPart`, `GetDocumentationPart`, `GetDocumentationParts`,
/// `UpdateDocumentationPart`, `DeleteDocumentationPart` and `ImportDocumentationParts`.
///
/// A part is a JSON object of properties at a location of the API; one part per location
/// (another is a `ConflictException`). Locations get AWS's defaults (`path` `/`, `method` `*`,
/// `statusCode` `*` where the type has them). `ImportDocumentationParts` reads the
/// `x-amazon-apigateway-documentation` of an OpenAPI document (`mode` `merge`, the default, or
/// `overwrite`) and answers the ids it stored. Documentation is stored under the API and never
/// deployed; documentation versions are not supported yet.
extension ApiGatewayHandlers {
    struct CreateDocumentationPartInput: Decodable {
        var location: DocumentationPartLocation?
        var properties: String?
    }

    struct DocumentationPartIds: Encodable {
        var ids: [String]
        var warnings: [String]?
    }

    static func registerDocumentationParts(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateDocumentationPart") { ctx in
            let apiId = try ctx.path("restapi_id")
            let input = try ctx.decodeBody(CreateDocumentationPartInput.self)
            guard let location = input.location else { throw ManagementError.requiredMember("createDocumentationPartInput.location") }
            guard let properties = input.properties else { throw ManagementError.requiredMember("createDocumentationPartInput.properties") }
            let part = DocumentationPart(id: newId(), location: try checkedLocation(location), properties: try checkedProperties(properties))
            try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                let parent = StoreParent(apiId)
                if let existing = try await tx.listAll(RestApiCollections.documentationParts, parent: parent).first(where: { $0.value.location == part.location }) {
                    throw ManagementError.conflict("Documentation part already exists for id: \(existing.id)")
                }
                try await tx.put(RestApiCollections.documentationParts, parent: parent, id: part.id, part, condition: .ifAbsent)
            }
            return try ctx.respond(part)
        }

        registry.on(.apigateway, "GetDocumentationPart") { ctx in
            let apiId = try ctx.path("restapi_id")
            let id = try ctx.path("part_id")
            let part = try await ctx.store.read { tx in try await requireDocumentationPart(tx, ctx, apiId: apiId, id: id) }
            return try ctx.respond(part)
        }

        registry.on(.apigateway, "GetDocumentationParts") { ctx in
            let apiId = try ctx.path("restapi_id")
            let window = try ListWindow(ctx.request)
            let type = ctx.request.queryValue("type")
            let path = ctx.request.queryValue("path")
            let parts = try await ctx.store.read { tx in
                _ = try await requireApi(tx, ctx, apiId)
                return try await tx.listAll(RestApiCollections.documentationParts, parent: StoreParent(apiId)).map(\.value)
                    .filter { (type == nil || $0.location.type == type) && (path == nil || $0.location.path == path) }
            }
            let page = window.page(parts, key: \.id)
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "UpdateDocumentationPart") { ctx in
            let apiId = try ctx.path("restapi_id")
            let id = try ctx.path("part_id")
            let operations = try patchOperations(ctx)
            let part = try await ctx.store.write { tx in
                let part = try await requireDocumentationPart(tx, ctx, apiId: apiId, id: id)
                var patched = try PatchApplier.apply(operations, to: part, schema: documentationPartPatchSchema)
                patched.id = id
                patched.location = part.location
                patched.properties = try checkedProperties(patched.properties ?? "")
                try await tx.put(RestApiCollections.documentationParts, parent: StoreParent(apiId), id: id, patched)
                return patched
            }
            return try ctx.respond(part)
        }

        registry.on(.apigateway, "DeleteDocumentationPart") { ctx in
            let apiId = try ctx.path("restapi_id")
            let id = try ctx.path("part_id")
            try await ctx.store.write { tx in
                _ = try await requireDocumentationPart(tx, ctx, apiId: apiId, id: id)
                try await tx.delete(RestApiCollections.documentationParts, parent: StoreParent(apiId), id: id)
            }
            return ctx.respondEmpty()
        }

        registry.on(.apigateway, "ImportDocumentationParts") { ctx in
            let apiId = try ctx.path("restapi_id")
            let mode = try putMode(ctx, input: "importDocumentationPartsInput")
            let (_, parts) = try importDocument(ctx, apiId: apiId)
            try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                try await storeDocumentation(tx, apiId: apiId, parts, replacing: mode == "overwrite")
            }
            return try ctx.respond(DocumentationPartIds(ids: parts.map(\.id), warnings: nil))
        }
    }

    static let documentationPartPatchSchema = PatchSchema(wording: .operationFirst(listing: "[/properties]"), [.init("/properties", [.replace], .string)])

    static func requireDocumentationPart(_ tx: any StoreReadTransaction, _ ctx: OperationContext, apiId: String, id: String) async throws -> DocumentationPart {
        _ = try await requireApi(tx, ctx, apiId)
        guard let part = try await tx.get(RestApiCollections.documentationParts, parent: StoreParent(apiId), id: id) else {
            throw ManagementError.notFound("Invalid Documentation part identifier specified")
        }
        return part.value
    }

    static func checkedLocation(_ location: DocumentationPartLocation) throws(ManagementError) -> DocumentationPartLocation {
        guard DocumentationPartLocation.types.contains(location.type.uppercased()) else {
            throw ManagementError.enumeration(location.type, at: "createDocumentationPartInput.location.type", allowed: DocumentationPartLocation.types)
        }
        return location.normalized
    }

    /// Properties must be a JSON object.
    static func checkedProperties(_ properties: String) throws(ManagementError) -> String {
        guard let value = try? JSONValueParser(rejectsDuplicateKeys: false).parse(Array(properties.utf8)), value.objectValue != nil else {
            throw ManagementError.badRequest("Invalid properties specified: the properties must be a JSON object")
        }
        return properties
    }
}
