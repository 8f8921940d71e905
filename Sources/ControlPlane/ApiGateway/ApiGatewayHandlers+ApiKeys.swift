import Foundation
import GatewayModel
import GatewayStore
import JSON

/// `CreateApiKey`, `GetApiKey`, `GetApiKeys`, `UpdateApiKey`, `DeleteApiKey`, `ImportApiKeys`.
///
/// Keys are stored in a secret collection (encrypted at rest by persistent stores). Their value is
/// returned on creation and when asked for (`includeValue`, `includeValues`).
extension ApiGatewayHandlers {
    struct CreateApiKeyInput: Decodable {
        var name: String?
        var description: String?
        var enabled: Bool?
        var generateDistinctId: Bool?
        var value: String?
        var stageKeys: [StageKey]?
        var customerId: String?
        var tags: [String: String]?
    }

    struct StageKey: Decodable {
        var restApiId: String?
        var stageName: String?
    }

    static func registerApiKeys(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateApiKey") { ctx in
            let input = try ctx.decodeBody(CreateApiKeyInput.self)
            let key = try await ctx.store.write { tx in
                let now = now()
                var stageKeys: [String] = []
                for stageKey in input.stageKeys ?? [] {
                    guard let apiId = stageKey.restApiId, let stageName = stageKey.stageName,
                        try await tx.get(DeployedCollections.restStages, parent: StoreParent(apiId), id: stageName) != nil
                    else { throw ManagementError.badRequest("Invalid stage key specified") }
                    stageKeys.append("\(apiId)/\(stageName)")
                }
                let key = ApiKey(
                    id: newId(length: 10), value: try newApiKeyValue(input.value), name: input.name, customerId: input.customerId,
                    description: input.description, enabled: input.enabled ?? false, createdDate: now, lastUpdatedDate: now,
                    stageKeys: stageKeys, tags: input.tags?.isEmpty == false ? input.tags : nil)
                try await checkUniqueValue(tx, key.value ?? "")
                try await tx.put(RestApiCollections.apiKeys, id: key.id, key, condition: .ifAbsent)
                return key
            }
            return try ctx.respond(key)
        }

        registry.on(.apigateway, "GetApiKey") { ctx in
            let id = try ctx.path("api_Key")
            var key = try await ctx.store.read { tx in try await requireApiKey(tx, id) }
            if !queryFlag(ctx, "includeValue") { key.value = nil }
            return try ctx.respond(key)
        }

        registry.on(.apigateway, "GetApiKeys") { ctx in
            let window = try ListWindow(ctx.request)
            let nameQuery = ctx.request.queryValue("name")
            let customerId = ctx.request.queryValue("customerId")
            let includeValues = queryFlag(ctx, "includeValues")
            let keys = try await ctx.store.read { tx in try await tx.listAll(RestApiCollections.apiKeys).map(\.value) }
            let matching = keys.filter { key in
                (nameQuery.map { (key.name ?? "").hasPrefix($0) } ?? true) && (customerId.map { key.customerId == $0 } ?? true)
            }
            let page = window.page(matching, key: \.id)
            let items = page.items.map { key in
                var key = key
                if !includeValues { key.value = nil }
                return key
            }
            return try ctx.respond(ItemList(items, position: page.position))
        }

        registry.on(.apigateway, "UpdateApiKey") { ctx in
            let id = try ctx.path("api_Key")
            let operations = try patchOperations(ctx).map { operation in
                var operation = operation
                if operation.path == "/stages" { operation.path = "/stageKeys" }
                return operation
            }
            let key = try await ctx.store.write { tx in
                let key = try await requireApiKey(tx, id)
                var patched = try PatchApplier.apply(operations, to: key, schema: apiKeyPatchSchema)
                patched.id = id
                patched.value = key.value
                patched.createdDate = key.createdDate
                patched.lastUpdatedDate = now()
                for stageKey in patched.stageKeys ?? [] where !(key.stageKeys ?? []).contains(stageKey) {
                    let parts = stageKey.split(separator: "/", maxSplits: 1).map(String.init)
                    guard parts.count == 2,
                        try await tx.get(DeployedCollections.restStages, parent: StoreParent(parts[0]), id: parts[1]) != nil
                    else { throw ManagementError.badRequest("Invalid stage key specified") }
                }
                try await tx.put(RestApiCollections.apiKeys, id: id, patched)
                return patched
            }
            var answer = key
            answer.value = nil
            return try ctx.respond(answer)
        }

        registry.on(.apigateway, "DeleteApiKey") { ctx in
            let id = try ctx.path("api_Key")
            try await ctx.store.write { tx in
                _ = try await requireApiKey(tx, id)
                for plan in try await tx.listAll(RestApiCollections.usagePlans) {
                    try await tx.delete(RestApiCollections.usagePlanKeys, parent: RestApiCollections.usagePlanParent(plan.id), id: id)
                }
                try await tx.delete(RestApiCollections.apiKeys, id: id)
            }
            return ctx.respondEmpty()
        }

        registry.on(.apigateway, "ImportApiKeys") { ctx in
            guard ctx.request.queryValue("format")?.lowercased() == "csv" else {
                throw ManagementError.badRequest("Invalid format specified. Valid options are csv")
            }
            let failOnWarnings = queryFlag(ctx, "failonwarnings")
            let rows = try ApiKeyCSV.parse(String(decoding: ctx.request.body, as: UTF8.self))
            let result = try await ctx.store.write { tx in
                var ids: [String] = []
                var warnings: [String] = []
                let now = now()
                // The values already stored, read once: a file of n keys costs one scan, not n.
                var taken = Set(try await tx.listAll(RestApiCollections.apiKeys).compactMap { $0.value.value })
                var plans: [String: Bool] = [:]
                for (index, row) in rows.enumerated() {
                    guard let value = row.key, value.count >= 20 else {
                        warnings.append("Invalid API key value at line \(index + 2): API Key value should be at least 20 characters")
                        continue
                    }
                    let key = ApiKey(
                        id: newId(length: 10), value: value, name: row.name, description: row.description,
                        enabled: row.enabled, createdDate: now, lastUpdatedDate: now, stageKeys: [])
                    guard taken.insert(value).inserted else { throw ManagementError.conflict("API Key already exists") }
                    try await tx.put(RestApiCollections.apiKeys, id: key.id, key, condition: .ifAbsent)
                    for planId in row.usagePlanIds {
                        if plans[planId] == nil { plans[planId] = try await tx.get(RestApiCollections.usagePlans, id: planId) != nil }
                        guard plans[planId] == true else {
                            warnings.append("Invalid usage plan \(planId) at line \(index + 2)")
                            continue
                        }
                        try await tx.put(
                            RestApiCollections.usagePlanKeys, parent: RestApiCollections.usagePlanParent(planId), id: key.id,
                            UsagePlanKey(id: key.id))
                    }
                    ids.append(key.id)
                }
                if failOnWarnings, !warnings.isEmpty {
                    throw ManagementError.badRequest("Warnings found during import:\n\(warnings.joined(separator: "\n"))")
                }
                return ApiKeyIds(ids: ids, warnings: warnings.isEmpty ? nil : warnings)
            }
            return try ctx.respond(result)
        }
    }

    struct ApiKeyIds: Encodable {
        var ids: [String]
        var warnings: [String]?
    }

    static let apiKeyPatchSchema = PatchSchema([
        .init("/name", [.replace], .string),
        .init("/description", [.replace], .string),
        .init("/customerId", [.replace], .string),
        .init("/enabled", [.replace], .bool),
        .init("/stageKeys", [.add, .remove], .listValue),
    ])

    static func requireApiKey(_ tx: any StoreReadTransaction, _ id: String) async throws -> ApiKey {
        guard let key = try await tx.get(RestApiCollections.apiKeys, id: id) else { throw ManagementError.invalidApiKey }
        return key.value
    }

    /// The given value (at least 20 characters, as AWS requires) or a new 40-character one.
    static func newApiKeyValue(_ given: String?) throws(ManagementError) -> String {
        if let given {
            guard given.count >= 20 else { throw .badRequest("API Key value should be at least 20 characters") }
            return given
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<40).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// Two keys may not share a value (compared in constant time).
    static func checkUniqueValue(_ tx: any StoreReadTransaction, _ value: String) async throws {
        for key in try await tx.listAll(RestApiCollections.apiKeys) where constantTimeEqual(key.value.value ?? "", value) {
            throw ManagementError.conflict("API Key already exists")
        }
    }

    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
