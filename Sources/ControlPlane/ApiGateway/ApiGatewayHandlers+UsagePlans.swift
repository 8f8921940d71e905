import Foundation
import GatewayModel
import GatewayStore
import JSON

/// `CreateUsagePlan`, `GetUsagePlan`, `GetUsagePlans`, `UpdateUsagePlan`, `DeleteUsagePlan`;
/// `CreateUsagePlanKey`, `GetUsagePlanKey`, `GetUsagePlanKeys`, `DeleteUsagePlanKey`; `GetUsage`,
/// `UpdateUsage`.
///
/// Usage is the store's counters (`StoreUsageCount`, per plan, key and UTC day) that the data plane
/// counts into (in batches, `QuotaSyncService`): `GetUsage` reports them, `UpdateUsage` changes
/// today's so that the period's remaining quota is the one asked for, and the data plane reloads
/// them as soon as it has recompiled (requests it counted and had not flushed yet stay counted).
extension ApiGatewayHandlers {
    struct CreateUsagePlanInput: Decodable {
        var name: String?
        var description: String?
        var apiStages: [ApiStage]?
        var throttle: ThrottleSettings?
        var quota: QuotaSettings?
        var tags: [String: String]?
    }

    struct CreateUsagePlanKeyInput: Decodable {
        var keyId: String?
        var keyType: String?
    }

    /// `GetUsage`'s answer: key id → one `[used, remaining]` pair per day, sent as `values` (boto3
    /// shows it as `items`).
    struct Usage: Encodable {
        var usagePlanId: String
        var startDate: String
        var endDate: String
        var position: String?
        var values: [String: [[Int]]]

        enum CodingKeys: String, CodingKey {
            case usagePlanId, startDate, endDate, position
            case values
        }
    }

    static func registerUsagePlans(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateUsagePlan") { ctx in
            let input = try ctx.decodeBody(CreateUsagePlanInput.self)
            guard let name = input.name, !name.isEmpty else { throw ManagementError.requiredMember("createUsagePlanInput.name") }
            var plan = UsagePlan(
                id: newId(), name: name, description: input.description, apiStages: input.apiStages ?? [],
                throttle: input.throttle, quota: input.quota, tags: input.tags?.isEmpty == false ? input.tags : nil)
            try checkUsagePlan(&plan)
            let created = try await ctx.store.write { tx in
                try await checkApiStages(tx, plan.apiStages ?? [])
                try await tx.put(RestApiCollections.usagePlans, id: plan.id, plan, condition: .ifAbsent)
                return plan
            }
            return try ctx.respond(created)
        }

        registry.on(.apigateway, "GetUsagePlan") { ctx in
            let id = try ctx.path("usageplanId")
            let plan = try await ctx.store.read { tx in try await requireUsagePlan(tx, id) }
            return try ctx.respond(plan)
        }

        registry.on(.apigateway, "GetUsagePlans") { ctx in
            let window = try ListWindow(ctx.request)
            let keyId = ctx.request.queryValue("keyId")
            let plans = try await ctx.store.read { tx in
                var plans: [UsagePlan] = []
                for plan in try await tx.listAll(RestApiCollections.usagePlans) {
                    if let keyId,
                        try await tx.get(RestApiCollections.usagePlanKeys, parent: RestApiCollections.usagePlanParent(plan.id), id: keyId) == nil
                    {
                        continue
                    }
                    plans.append(plan.value)
                }
                return plans
            }
            let page = window.page(plans, key: \.id)
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "UpdateUsagePlan") { ctx in
            let id = try ctx.path("usageplanId")
            let operations = try patchOperations(ctx)
            let plan = try await ctx.store.write { tx in
                let plan = try await requireUsagePlan(tx, id)
                var json = try JSONBridge.json(from: plan)
                for operation in operations {
                    if operation.path == "/apiStages" {
                        try patchApiStages(operation, json: &json)
                    } else {
                        try PatchApplier.apply(operation, to: &json, schema: usagePlanPatchSchema)
                    }
                }
                var patched = try JSONBridge.decode(UsagePlan.self, from: json)
                patched.id = id
                try checkUsagePlan(&patched)
                try await checkApiStages(tx, patched.apiStages ?? [])
                try await tx.put(RestApiCollections.usagePlans, id: id, patched)
                return patched
            }
            return try ctx.respond(plan)
        }

        registry.on(.apigateway, "DeleteUsagePlan") { ctx in
            let id = try ctx.path("usageplanId")
            try await ctx.store.write { tx in
                _ = try await requireUsagePlan(tx, id)
                try await tx.deleteAll(under: RestApiCollections.usagePlanParent(id))
                try await tx.deleteUsage(planId: id, keyId: nil)
                try await tx.delete(RestApiCollections.usagePlans, id: id)
            }
            return ctx.respondEmpty()
        }

        registry.on(.apigateway, "CreateUsagePlanKey") { ctx in
            let planId = try ctx.path("usageplanId")
            let input = try ctx.decodeBody(CreateUsagePlanKeyInput.self)
            guard let keyId = input.keyId, !keyId.isEmpty else { throw ManagementError.requiredMember("createUsagePlanKeyInput.keyId") }
            let type = input.keyType ?? "API_KEY"
            guard type == "API_KEY" else { throw ManagementError.badRequest("Invalid key type specified. Valid options are API_KEY") }
            let answer = try await ctx.store.write { tx in
                _ = try await requireUsagePlan(tx, planId)
                let key = try await requireApiKey(tx, keyId)
                let parent = RestApiCollections.usagePlanParent(planId)
                if try await tx.get(RestApiCollections.usagePlanKeys, parent: parent, id: keyId) != nil {
                    throw ManagementError.conflict("Usage Plan \(planId) cannot be added because API Key \(keyId) is already associated with it")
                }
                try await tx.put(RestApiCollections.usagePlanKeys, parent: parent, id: keyId, UsagePlanKey(id: keyId, type: type), condition: .ifAbsent)
                return UsagePlanKey(id: keyId, type: type, value: key.value, name: key.name)
            }
            return try ctx.respond(answer)
        }

        registry.on(.apigateway, "GetUsagePlanKey") { ctx in
            let planId = try ctx.path("usageplanId")
            let keyId = try ctx.path("keyId")
            let answer = try await ctx.store.read { tx in
                _ = try await requireUsagePlan(tx, planId)
                guard let entry = try await tx.get(RestApiCollections.usagePlanKeys, parent: RestApiCollections.usagePlanParent(planId), id: keyId),
                    let key = try await tx.get(RestApiCollections.apiKeys, id: keyId)
                else { throw ManagementError.invalidUsagePlanKey }
                return UsagePlanKey(id: keyId, type: entry.value.type, value: key.value.value, name: key.value.name)
            }
            return try ctx.respond(answer)
        }

        registry.on(.apigateway, "GetUsagePlanKeys") { ctx in
            let planId = try ctx.path("usageplanId")
            let window = try ListWindow(ctx.request)
            let nameQuery = ctx.request.queryValue("name")
            let keys = try await ctx.store.read { tx in
                _ = try await requireUsagePlan(tx, planId)
                var keys: [UsagePlanKey] = []
                for entry in try await tx.listAll(RestApiCollections.usagePlanKeys, parent: RestApiCollections.usagePlanParent(planId)) {
                    guard let key = try await tx.get(RestApiCollections.apiKeys, id: entry.id)?.value else { continue }
                    if let nameQuery, !(key.name ?? "").hasPrefix(nameQuery) { continue }
                    keys.append(UsagePlanKey(id: key.id, type: entry.value.type, value: key.value, name: key.name))
                }
                return keys
            }
            let page = window.page(keys, key: \.id)
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "DeleteUsagePlanKey") { ctx in
            let planId = try ctx.path("usageplanId")
            let keyId = try ctx.path("keyId")
            try await ctx.store.write { tx in
                _ = try await requireUsagePlan(tx, planId)
                let parent = RestApiCollections.usagePlanParent(planId)
                guard try await tx.delete(RestApiCollections.usagePlanKeys, parent: parent, id: keyId) else {
                    throw ManagementError.invalidUsagePlanKey
                }
                try await tx.deleteUsage(planId: planId, keyId: keyId)
            }
            return ctx.respondEmpty()
        }

        registry.on(.apigateway, "GetUsage") { ctx in
            let planId = try ctx.path("usageplanId")
            guard let start = ctx.request.queryValue("startDate") else { throw ManagementError.requiredMember("getUsageInput.startDate") }
            guard let end = ctx.request.queryValue("endDate") else { throw ManagementError.requiredMember("getUsageInput.endDate") }
            let days = try usageDays(from: start, to: end)
            let keyFilter = ctx.request.queryValue("keyId")
            let window = try ListWindow(ctx.request)
            let usage = try await ctx.store.read { tx in
                let plan = try await requireUsagePlan(tx, planId)
                let keys = try await tx.listAll(RestApiCollections.usagePlanKeys, parent: RestApiCollections.usagePlanParent(planId))
                    .map(\.id).filter { keyFilter == nil || $0 == keyFilter }
                let counts = try await UsageLedger.read(tx, plan: plan, keys: keys, days: days)
                return Dictionary(uniqueKeysWithValues: keys.map { key in (key, days.map { counts.usedAndRemaining(key, on: $0) }) })
            }
            let page = window.page(usage.keys.sorted(), key: { $0 })
            let selected = Dictionary(uniqueKeysWithValues: page.items.map { ($0, usage[$0] ?? []) })
            return try ctx.respond(Usage(usagePlanId: planId, startDate: start, endDate: end, position: page.position, values: selected))
        }

        registry.on(.apigateway, "UpdateUsage") { ctx in
            let planId = try ctx.path("usageplanId")
            let keyId = try ctx.path("keyId")
            let operations = try patchOperations(ctx)
            let today = UsageDay(epochMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
            let usage = try await ctx.store.write { tx in
                let plan = try await requireUsagePlan(tx, planId)
                guard try await tx.get(RestApiCollections.usagePlanKeys, parent: RestApiCollections.usagePlanParent(planId), id: keyId) != nil else {
                    throw ManagementError.invalidUsagePlanKey
                }
                var ledger = try await UsageLedger.read(tx, plan: plan, keys: [keyId], days: [today])
                for operation in operations {
                    guard operation.path == "/remaining" else { throw ManagementError.badRequest("Invalid patch path \(operation.path)") }
                    guard operation.op == .replace else {
                        throw ManagementError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
                    }
                    guard plan.quota?.limit != nil else {
                        throw ManagementError.badRequest("Usage plan \(planId) has no quota to update")
                    }
                    let limit = ledger.limit(on: today)
                    guard let target = operation.value.flatMap({ Int($0) }), (0...limit).contains(target) else {
                        throw ManagementError.badRequest("Invalid remaining value: must be between 0 and \(limit)")
                    }
                    let used = ledger.setRemaining(target, key: keyId, on: today)
                    try await tx.setUsage(StoreUsageCount(planId: planId, keyId: keyId, day: today.description, used: used))
                }
                return Usage(
                    usagePlanId: planId, startDate: today.description, endDate: today.description,
                    values: [keyId: [ledger.usedAndRemaining(keyId, on: today)]])
            }
            return try ctx.respond(usage)
        }
    }

    static let usagePlanPatchSchema = PatchSchema([
        .init("/name", [.replace], .string),
        .init("/description", [.replace], .string),
        .init("/productCode", [.replace], .string),
        .init("/throttle", [.remove], .object),
        .init("/throttle/burstLimit", [.replace], .integer),
        .init("/throttle/rateLimit", [.replace], .number),
        .init("/quota", [.remove], .object),
        .init("/quota/limit", [.replace], .integer),
        .init("/quota/offset", [.replace], .integer),
        .init("/quota/period", [.replace], .string),
    ])

    /// `add`/`remove` of `/apiStages` with the value `{apiId}:{stage}`.
    static func patchApiStages(_ operation: PatchOperation, json: inout JSONValue) throws(ManagementError) {
        guard let value = operation.value, let separator = value.firstIndex(of: ":") else {
            throw .badRequest("Invalid API stage specified: expected {apiId}:{stageName}")
        }
        let apiId = String(value[..<separator])
        let stage = String(value[value.index(after: separator)...])
        var stages = json.value(at: ["apiStages"])?.arrayValue ?? []
        let matches: (JSONValue) -> Bool = { $0["apiId"]?.stringValue == apiId && $0["stage"]?.stringValue == stage }
        switch operation.op {
        case .add:
            if !stages.contains(where: matches) { stages.append(["apiId": .string(apiId), "stage": .string(stage)]) }
        case .remove:
            guard stages.contains(where: matches) else { throw .notFound("Invalid API stage specified: \(value)") }
            stages.removeAll(where: matches)
        default:
            throw .badRequest("Invalid patch operation specified. Must be one of: [add, remove]")
        }
        json.set(.array(stages), at: ["apiStages"])
    }

    static func checkUsagePlan(_ plan: inout UsagePlan) throws(ManagementError) {
        if var quota = plan.quota {
            guard let period = quota.period, ["DAY", "WEEK", "MONTH"].contains(period) else {
                throw .badRequest("Invalid quota period specified. Valid options are DAY,WEEK,MONTH")
            }
            guard let limit = quota.limit, (0...Int(Int32.max)).contains(limit) else {
                throw .badRequest("Quota limit must be a non-negative integer")
            }
            let offset = quota.offset ?? 0
            guard (0...limit).contains(offset) else { throw .badRequest("Quota offset must be between 0 and the quota limit") }
            quota.offset = offset
            plan.quota = quota
        }
        if let throttle = plan.throttle {
            if let rate = throttle.rateLimit, rate < 0 { throw .badRequest("Throttle rate limit must be non-negative") }
            if let rate = throttle.rateLimit, !rate.isFinite { throw .badRequest("Throttle rate limit must be a number") }
            if let burst = throttle.burstLimit, burst < 0 { throw .badRequest("Throttle burst limit must be non-negative") }
        }
    }

    /// Each API stage of a plan must exist, and appear once.
    static func checkApiStages(_ tx: any StoreReadTransaction, _ stages: [ApiStage]) async throws {
        var seen: Set<String> = []
        for stage in stages {
            guard let apiId = stage.apiId, let name = stage.stage else { throw ManagementError.badRequest("Invalid API stage specified") }
            guard try await tx.get(DeployedCollections.restApis, id: apiId) != nil else {
                throw ManagementError.notFound("Invalid API identifier specified \(apiId)")
            }
            guard try await tx.get(DeployedCollections.restStages, parent: StoreParent(apiId), id: name) != nil else {
                throw ManagementError.notFound("Invalid stage identifier specified")
            }
            guard seen.insert("\(apiId):\(name)").inserted else {
                throw ManagementError.badRequest("Duplicate API stage \(apiId):\(name) in the usage plan")
            }
        }
    }

    static func requireUsagePlan(_ tx: any StoreReadTransaction, _ id: String) async throws -> UsagePlan {
        guard let plan = try await tx.get(RestApiCollections.usagePlans, id: id) else { throw ManagementError.invalidUsagePlan }
        return plan.value
    }

    // MARK: - Usage days

    /// The days from `start` to `end` inclusive (`yyyy-MM-dd`, at most 90: AWS keeps usage for 90
    /// days).
    static func usageDays(from start: String, to end: String) throws(ManagementError) -> [UsageDay] {
        guard let first = UsageDay(parsing: start), let last = UsageDay(parsing: end) else {
            throw .badRequest("Invalid date format: dates must be yyyy-MM-dd")
        }
        guard first <= last else { throw .badRequest("The end date must not be before the start date") }
        let count = min(last.daysSinceEpoch - first.daysSinceEpoch + 1, 90)
        return (0..<count).map { first.adding(days: $0) }
    }
}
