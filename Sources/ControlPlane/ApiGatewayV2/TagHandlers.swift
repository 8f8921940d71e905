import Foundation
import GatewayModel
import GatewayStore

/// Tags: `TagResource` (`POST /v2/tags/{resource-arn}`, 201), `UntagResource` (`DELETE`, 204,
/// `tagKeys` repeated in the query) and `GetTags`, for the resources that carry tags in this
/// API: APIs (`arn:aws:apigateway:{region}::/apis/{apiId}`), their stages
/// (`…/apis/{apiId}/stages/{stageName}`) and custom domain names (`…::/domainnames/{name}`).
/// AWS's limits: 50 tags, keys of 1–128 characters not starting with `aws:`, values up to 256.
/// The tags are stored on the resource itself, in the same transaction.
extension ApiGatewayV2Handlers {
    struct TagInput: Codable, Sendable {
        var tags: [String: String]?
    }

    /// A taggable resource named by an ARN.
    enum TaggedResource: Sendable {
        case api(String)
        case stage(apiId: String, stageName: String)
        case domainName(String)

        init(arn: String) throws(ManagementError) {
            let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[0] == "arn", parts[2] == "apigateway", parts[4].isEmpty else {
                throw .badRequest("Invalid resource ARN specified: \(arn)")
            }
            let path = parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            switch path.count {
            case 3 where path[0].isEmpty && path[1] == "apis" && !path[2].isEmpty: self = .api(path[2])
            case 5 where path[0].isEmpty && path[1] == "apis" && path[3] == "stages" && !path[4].isEmpty:
                self = .stage(apiId: path[2], stageName: path[4])
            case 3 where path[0].isEmpty && path[1] == "domainnames" && !path[2].isEmpty: self = .domainName(path[2])
            default:
                throw .badRequest("Invalid resource ARN specified: \(arn): tags are supported on APIs, stages and domain names")
            }
        }
    }

    static func registerTags(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "GetTags") { ctx in
            let resource = try TaggedResource(arn: try ctx.path("resource-arn"))
            let tags = try await ctx.store.read { tx in try await currentTags(resource, tx: tx, ctx: ctx) }
            return try ctx.respond(TagInput(tags: tags))
        }
        registry.on(.apigatewayv2, "TagResource") { ctx in
            let resource = try TaggedResource(arn: try ctx.path("resource-arn"))
            let input = try ctx.decodeBody(TagInput.self)
            guard let tags = input.tags else { throw ManagementError.missing("tags") }
            try await ctx.store.write { tx in
                try await changeTags(resource, tx: tx, ctx: ctx) { current throws(ManagementError) in
                    current.merge(tags) { _, new in new }
                    try checkTags(current)
                }
            }
            return ctx.respondEmpty()
        }
        registry.on(.apigatewayv2, "UntagResource") { ctx in
            let resource = try TaggedResource(arn: try ctx.path("resource-arn"))
            let keys = ctx.request.queryValues("tagKeys")
            try await ctx.store.write { tx in
                try await changeTags(resource, tx: tx, ctx: ctx) { current throws(ManagementError) in
                    for key in keys { current.removeValue(forKey: key) }
                }
            }
            return ctx.respondEmpty()
        }
    }

    static func currentTags(_ resource: TaggedResource, tx: any StoreReadTransaction, ctx: OperationContext) async throws -> [String: String] {
        switch resource {
        case .api(let apiId):
            return try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId).tags ?? [:]
        case .stage(let apiId, let stageName):
            _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
            return try await tx.requireStage(stageName, apiId: apiId).tags ?? [:]
        case .domainName(let name):
            return try await tx.requireDomainName(name).tags ?? [:]
        }
    }

    static func changeTags(
        _ resource: TaggedResource, tx: any StoreWriteTransaction, ctx: OperationContext,
        _ change: (inout [String: String]) throws(ManagementError) -> Void
    ) async throws {
        switch resource {
        case .api(let apiId):
            var api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
            var tags = api.tags ?? [:]
            try change(&tags)
            api.tags = tags
            try await tx.put(HttpApiCollections.apis, id: apiId, api)
        case .stage(let apiId, let stageName):
            _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
            var stage = try await tx.requireStage(stageName, apiId: apiId)
            var tags = stage.tags ?? [:]
            try change(&tags)
            stage.tags = tags
            try await tx.put(HttpApiCollections.stages, parent: StoreParent(apiId), id: stageName, stage)
        case .domainName(let name):
            var domain = try await tx.requireDomainName(name)
            var tags = domain.tags ?? [:]
            try change(&tags)
            domain.tags = tags
            try await tx.put(HttpApiCollections.domainNames, id: name, domain)
        }
    }

    /// AWS's tag limits.
    static func checkTags(_ tags: [String: String]?) throws(ManagementError) {
        guard let tags else { return }
        guard tags.count <= 50 else { throw .badRequest("A resource takes at most 50 tags") }
        for (key, value) in tags {
            guard (1...128).contains(key.count) else { throw .badRequest("Tag keys must be between 1 and 128 characters long: \(key)") }
            guard !key.lowercased().hasPrefix("aws:") else { throw .badRequest("Tag keys starting with aws: are reserved: \(key)") }
            guard value.count <= 256 else { throw .badRequest("Tag values must be at most 256 characters long (tag \(key))") }
        }
    }
}
