import GatewayModel
import GatewayStore
import JSON

/// `GetTags`, `TagResource`, `UntagResource`, by ARN: `arn:aws:apigateway:{region}::/restapis/{id}`,
/// `…/restapis/{id}/stages/{name}`, `…/apikeys/{id}`, `…/usageplans/{id}`, `…/domainnames/{name}`.
/// Tags are kept on the resource itself (its `tags`).
extension ApiGatewayHandlers {
    struct TagResourceInput: Decodable {
        var tags: [String: String]?
    }

    struct TagsAnswer: Encodable {
        var tags: [String: String]
    }

    /// A taggable resource named by an ARN.
    enum TaggedResource {
        case restApi(String)
        case stage(String, String)
        case apiKey(String)
        case usagePlan(String)
        case domainName(String)
    }

    static func registerTags(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "GetTags") { ctx in
            let target = try taggedResource(ctx)
            let tags = try await ctx.store.read { tx in try await readTags(tx, ctx, target) }
            return try ctx.respond(TagsAnswer(tags: tags))
        }

        registry.on(.apigateway, "TagResource") { ctx in
            let target = try taggedResource(ctx)
            let added = try ctx.decodeBody(TagResourceInput.self).tags ?? [:]
            try checkTags(added)
            try await ctx.store.write { tx in
                try await updateTags(tx, ctx, target) { $0.merge(added) { $1 } }
            }
            return ctx.respondEmpty()
        }

        registry.on(.apigateway, "UntagResource") { ctx in
            let target = try taggedResource(ctx)
            let keys = ctx.request.queryValues("tagKeys")
            try await ctx.store.write { tx in
                try await updateTags(tx, ctx, target) { tags in for key in keys { tags[key] = nil } }
            }
            return ctx.respondEmpty()
        }
    }

    static func checkTags(_ tags: [String: String]) throws(ManagementError) {
        for (key, value) in tags {
            if key.isEmpty || key.count > 128 { throw .badRequest("Tag keys must be 1 to 128 characters long") }
            if value.count > 256 { throw .badRequest("Tag values must be at most 256 characters long") }
            if key.lowercased().hasPrefix("aws:") { throw .badRequest("Tag keys cannot start with the reserved prefix aws:") }
        }
    }

    static func taggedResource(_ ctx: OperationContext) throws -> TaggedResource {
        let arn = try ctx.path("resource_arn")
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "apigateway" else {
            throw ManagementError.badRequest("Invalid ARN specified in the request")
        }
        let path = parts[5].split(separator: "/").map(String.init)
        switch path.count {
        case 2 where path[0] == "restapis": return .restApi(path[1])
        case 4 where path[0] == "restapis" && path[2] == "stages": return .stage(path[1], path[3])
        case 2 where path[0] == "apikeys": return .apiKey(path[1])
        case 2 where path[0] == "usageplans": return .usagePlan(path[1])
        case 2 where path[0] == "domainnames": return .domainName(path[1].lowercased())
        default: throw ManagementError.badRequest("Invalid ARN specified in the request")
        }
    }

    static func readTags(_ tx: any StoreReadTransaction, _ ctx: OperationContext, _ target: TaggedResource) async throws -> [String: String] {
        switch target {
        case .restApi(let id): return try await requireApi(tx, ctx, id).tags ?? [:]
        case .stage(let apiId, let name):
            _ = try await requireApi(tx, ctx, apiId)
            guard let stage = try await tx.get(DeployedCollections.restStages, parent: StoreParent(apiId), id: name) else {
                throw ManagementError.invalidStage
            }
            return stage.value.tags ?? [:]
        case .apiKey(let id): return try await requireApiKey(tx, id).tags ?? [:]
        case .usagePlan(let id): return try await requireUsagePlan(tx, id).tags ?? [:]
        case .domainName(let name): return try await requireDomainName(tx, name).tags ?? [:]
        }
    }

    static func updateTags(
        _ tx: any StoreWriteTransaction, _ ctx: OperationContext, _ target: TaggedResource, _ change: (inout [String: String]) -> Void
    ) async throws {
        func apply(_ tags: [String: String]?) -> [String: String]? {
            var tags = tags ?? [:]
            change(&tags)
            return tags.isEmpty ? nil : tags
        }
        switch target {
        case .restApi(let id):
            var api = try await requireApi(tx, ctx, id)
            api.tags = apply(api.tags)
            try await tx.put(DeployedCollections.restApis, id: id, api)
        case .stage(let apiId, let name):
            _ = try await requireApi(tx, ctx, apiId)
            guard var stage = try await tx.get(DeployedCollections.restStages, parent: StoreParent(apiId), id: name)?.value else {
                throw ManagementError.invalidStage
            }
            stage.tags = apply(stage.tags)
            try await tx.put(DeployedCollections.restStages, parent: StoreParent(apiId), id: name, stage)
        case .apiKey(let id):
            var key = try await requireApiKey(tx, id)
            key.tags = apply(key.tags)
            try await tx.put(RestApiCollections.apiKeys, id: id, key)
        case .usagePlan(let id):
            var plan = try await requireUsagePlan(tx, id)
            plan.tags = apply(plan.tags)
            try await tx.put(RestApiCollections.usagePlans, id: id, plan)
        case .domainName(let name):
            var domain = try await requireDomainName(tx, name)
            domain.tags = apply(domain.tags)
            try await tx.put(RestApiCollections.domainNames, id: name, domain)
        }
    }
}
