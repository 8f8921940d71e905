import Foundation
import GatewayModel
import GatewayStore
import JSON

/// `CreateResource`, `GetResource`, `GetResources`, `UpdateResource`, `DeleteResource`.
///
/// A resource's methods (with their integrations) live inside its record, as AWS returns them
/// with `embed=methods`.
extension ApiGatewayHandlers {
    struct CreateResourceInput: Decodable {
        var pathPart: String?
    }

    static func registerResources(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateResource") { ctx in
            let apiId = try ctx.path("restapi_id")
            let parentId = try ctx.path("parent_id")
            guard let pathPart = try ctx.decodeBody(CreateResourceInput.self).pathPart, !pathPart.isEmpty else {
                throw ManagementError.requiredMember("createResourceInput.pathPart")
            }
            try checkPathPart(pathPart)
            let created = try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                let parent = try await requireResource(tx, apiId: apiId, resourceId: parentId)
                let all = try await resources(tx, apiId: apiId)
                try checkPlacement(pathPart, under: parent, siblings: all.filter { $0.parentId == parentId })
                let resource = Resource(
                    id: newId(), parentId: parentId, pathPart: pathPart, path: childPath(of: parent.path, pathPart))
                try await putResource(tx, apiId: apiId, resource)
                return resource
            }
            return try ctx.respond(created)
        }

        registry.on(.apigateway, "GetResource") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let resource = try await ctx.store.read { tx in try await requireResource(tx, apiId: apiId, resourceId: resourceId) }
            return try ctx.respond(try resourceView(resource, embedMethods: embedsMethods(ctx)))
        }

        registry.on(.apigateway, "GetResources") { ctx in
            let apiId = try ctx.path("restapi_id")
            let window = try ListWindow(ctx.request)
            let all = try await ctx.store.read { tx in
                _ = try await requireApi(tx, ctx, apiId)
                return try await resources(tx, apiId: apiId)
            }
            let page = window.page(all, key: \.id)
            let embed = embedsMethods(ctx)
            var views: [JSONValue] = []
            for resource in page.items { views.append(try resourceView(resource, embedMethods: embed)) }
            return try ctx.respond(ItemList(views, position: page.position))
        }

        registry.on(.apigateway, "UpdateResource") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let operations = try patchOperations(ctx)
            let updated = try await ctx.store.write { tx in
                let resource = try await requireResource(tx, apiId: apiId, resourceId: resourceId)
                var all = try await resources(tx, apiId: apiId)
                var patched = resource
                for operation in operations {
                    _ = try resourcePatchSchema.rule(for: operation)
                    let value = operation.value ?? ""
                    if operation.path == "/pathPart" {
                        if resource.parentId == nil { throw ManagementError.badRequest("Root resource cannot update its pathPart.") }
                        try checkPathPart(value)
                        patched.pathPart = value
                    } else {
                        if resource.parentId == nil { throw ManagementError.badRequest("Root resource cannot update its parentId.") }
                        guard all.contains(where: { $0.id == value }) else { throw ManagementError.invalidResource }
                        if value == resourceId || descendants(of: resourceId, in: all).contains(where: { $0.id == value }) {
                            throw ManagementError.badRequest("Resources cannot be cyclical.")
                        }
                        patched.parentId = value
                    }
                }
                guard let parentId = patched.parentId, let parent = all.first(where: { $0.id == parentId }) else { return resource }
                let siblings = all.filter { $0.parentId == parentId && $0.id != resourceId }
                try checkPlacement(patched.pathPart ?? "", under: parent, siblings: siblings)
                patched.path = childPath(of: parent.path, patched.pathPart ?? "")
                all.removeAll { $0.id == resourceId }
                all.append(patched)
                try await putResource(tx, apiId: apiId, patched)
                for changed in repath(from: patched, in: all) {
                    try await putResource(tx, apiId: apiId, changed)
                }
                return patched
            }
            return try ctx.respond(try resourceView(updated, embedMethods: false))
        }

        registry.on(.apigateway, "DeleteResource") { ctx in
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            try await ctx.store.write { tx in
                let resource = try await requireResource(tx, apiId: apiId, resourceId: resourceId)
                if resource.parentId == nil { throw ManagementError.badRequest("Cannot delete the root resource of an API") }
                let all = try await resources(tx, apiId: apiId)
                for child in descendants(of: resourceId, in: all) {
                    try await tx.delete(DeployedCollections.restResources, parent: StoreParent(apiId), id: child.id)
                }
                try await tx.delete(DeployedCollections.restResources, parent: StoreParent(apiId), id: resourceId)
            }
            return ctx.respondEmpty()
        }
    }

    static let resourcePatchSchema = PatchSchema(
        wording: .operationFirst(listing: "[/parentId, /pathPart]"),
        [.init("/parentId", [.replace], .string), .init("/pathPart", [.replace], .string)])

    /// `embed=methods` (the list form `embed=methods,…` too).
    static func embedsMethods(_ ctx: OperationContext) -> Bool {
        ctx.request.queryValues("embed").flatMap { $0.split(separator: ",") }.contains { $0.trimmingCharacters(in: .whitespaces) == "methods" }
    }

    /// A resource as AWS answers it: with its methods in full when embedded, otherwise each method
    /// as `{}`.
    static func resourceView(_ resource: Resource, embedMethods: Bool) throws(ManagementError) -> JSONValue {
        var json = try JSONBridge.json(from: resource)
        if !embedMethods, case .object(var object) = json, let methods = object["resourceMethods"]?.objectValue {
            var stubs = JSONObject()
            for (verb, _) in methods { stubs[verb] = .object(JSONObject()) }
            object["resourceMethods"] = methods.isEmpty ? nil : .object(stubs)
            json = .object(object)
        }
        return json
    }

    static func childPath(of parentPath: String, _ pathPart: String) -> String {
        parentPath == "/" ? "/\(pathPart)" : "\(parentPath)/\(pathPart)"
    }

    /// `{name}` or `{name+}`.
    static func isVariable(_ pathPart: String) -> Bool { pathPart.hasPrefix("{") && pathPart.hasSuffix("}") }
    static func isGreedy(_ pathPart: String) -> Bool { pathPart.hasPrefix("{") && pathPart.hasSuffix("+}") }

    /// AWS's path part syntax: `a-zA-Z0-9._-:` (and `@`), or one variable `{name}` / `{name+}`.
    static func checkPathPart(_ pathPart: String) throws(ManagementError) {
        let literal: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "._-:@".contains($0)) }
        let valid: Bool
        if pathPart.hasPrefix("{") {
            var name = pathPart.dropFirst()
            guard name.hasSuffix("}") else { throw invalidPathPart }
            name = name.dropLast()
            if name.hasSuffix("+") { name = name.dropLast() }
            valid = !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        } else {
            valid = !pathPart.isEmpty && pathPart.allSatisfy(literal)
        }
        if !valid { throw invalidPathPart }
    }

    static let invalidPathPart = ManagementError.badRequest(
        "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.")

    /// AWS's rules for a new child of `parent`: no child under a greedy variable, one variable
    /// sibling at most, and unique names among siblings.
    static func checkPlacement(_ pathPart: String, under parent: Resource, siblings: [Resource]) throws(ManagementError) {
        if let parentPart = parent.pathPart, isGreedy(parentPart) {
            throw .badRequest("Cannot create a child of a resource with a greedy path variable: \(parentPart)")
        }
        if isVariable(pathPart), let other = siblings.first(where: { isVariable($0.pathPart ?? "") && $0.pathPart != pathPart }) {
            throw .badRequest("A sibling (\(other.pathPart ?? "")) of this resource already has a variable path part -- only one is allowed")
        }
        if siblings.contains(where: { $0.pathPart == pathPart }) {
            throw .conflict("Another resource with the same parent already has this name: \(pathPart)")
        }
    }

    /// Every resource below `resourceId`.
    static func descendants(of resourceId: String, in all: [Resource]) -> [Resource] {
        var found: [Resource] = []
        var frontier = [resourceId]
        while let current = frontier.popLast() {
            for child in all where child.parentId == current {
                found.append(child)
                frontier.append(child.id)
            }
        }
        return found
    }

    /// The descendants of `resource` with their paths recomputed after it moved or was renamed.
    static func repath(from resource: Resource, in all: [Resource]) -> [Resource] {
        var changed: [Resource] = []
        var frontier = [resource]
        while let current = frontier.popLast() {
            for var child in all where child.parentId == current.id {
                child.path = childPath(of: current.path, child.pathPart ?? "")
                changed.append(child)
                frontier.append(child)
            }
        }
        return changed
    }
}
