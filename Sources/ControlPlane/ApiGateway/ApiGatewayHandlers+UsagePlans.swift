import Foundation
import GatewayModel
import GatewayStore
import JSON

/// `CreateUsagePlan`, `GetUsagePlan`, `GetUsagePlans`, `UpdateUsagePlan`, `DeleteUsagePlan`;
/// `CreateUsagePlanKey`, `GetUsagePlanKey`, `GetUsagePlanKeys`, `DeleteUsagePlanKey`; `GetUsage`,
/// `UpdateUsage`.
///
/// Usage is stored per key and day and reported by `GetUsage`; the data plane does not count
/// requests into it yet, so it only moves through `UpdateUsage`.
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
                try await tx.delete(RestApiCollections.usage, parent: parent, id: keyId)
            }
            return ctx.respondEmpty()
        }

        registry.on(.apigateway, "GetUsage") { ctx in  // partial: usage is recorded by UpdateUsage only; the data plane does not count requests yet
            let planId = try ctx.path("usageplanId")
            guard let start = ctx.request.queryValue("startDate"), let end = ctx.request.queryValue("endDate") else {
                throw ManagementError.requiredMember("getUsageInput.startDate")
            }
            let days = try usageDays(from: start, to: end)
            let keyFilter = ctx.request.queryValue("keyId")
            let window = try ListWindow(ctx.request)
            let usage = try await ctx.store.read { tx in
                let plan = try await requireUsagePlan(tx, planId)
                let parent = RestApiCollections.usagePlanParent(planId)
                var values: [String: [[Int]]] = [:]
                for key in try await tx.listAll(RestApiCollections.usagePlanKeys, parent: parent) where keyFilter == nil || key.id == keyFilter {
                    let record = try await tx.get(RestApiCollections.usage, parent: parent, id: key.id)?.value
                    values[key.id] = days.map { day in
                        let used = record?.used[day] ?? 0
                        return [used, remaining(plan: plan, record: record, on: day)]
                    }
                }
                return values
            }
            let page = window.page(Array(usage.keys), key: { $0 })
            let selected = Dictionary(uniqueKeysWithValues: page.items.map { ($0, usage[$0] ?? []) })
            return try ctx.respond(Usage(usagePlanId: planId, startDate: start, endDate: end, position: page.position, values: selected))
        }

        registry.on(.apigateway, "UpdateUsage") { ctx in  // partial: the data plane does not enforce quotas yet
            let planId = try ctx.path("usageplanId")
            let keyId = try ctx.path("keyId")
            let operations = try patchOperations(ctx)
            let today = usageDay(Date())
            let usage = try await ctx.store.write { tx in
                let plan = try await requireUsagePlan(tx, planId)
                let parent = RestApiCollections.usagePlanParent(planId)
                guard try await tx.get(RestApiCollections.usagePlanKeys, parent: parent, id: keyId) != nil else {
                    throw ManagementError.invalidUsagePlanKey
                }
                var record = try await tx.get(RestApiCollections.usage, parent: parent, id: keyId)?.value
                    ?? UsageRecord(usagePlanId: planId, keyId: keyId)
                for operation in operations {
                    guard operation.path == "/remaining" else { throw ManagementError.badRequest("Invalid patch path \(operation.path)") }
                    guard operation.op == .replace else {
                        throw ManagementError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
                    }
                    guard let limit = plan.quota?.limit else {
                        throw ManagementError.badRequest("Usage plan \(planId) has no quota to update")
                    }
                    guard let target = operation.value.flatMap({ Int($0) }), (0...limit).contains(target) else {
                        throw ManagementError.badRequest("Invalid remaining value: must be between 0 and \(limit)")
                    }
                    let usedBeforeToday = periodUsed(plan: plan, record: record, through: today) - (record.used[today] ?? 0)
                    record.used[today] = max(0, limit - target - usedBeforeToday)
                }
                try await tx.put(RestApiCollections.usage, parent: parent, id: keyId, record)
                return Usage(
                    usagePlanId: planId, startDate: today, endDate: today,
                    values: [keyId: [[record.used[today] ?? 0, remaining(plan: plan, record: record, on: today)]]])
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
            guard let limit = quota.limit, limit >= 0 else { throw .badRequest("Quota limit must be a non-negative integer") }
            _ = limit
            quota.offset = quota.offset ?? 0
            plan.quota = quota
        }
        if let throttle = plan.throttle {
            if let rate = throttle.rateLimit, rate < 0 { throw .badRequest("Throttle rate limit must be non-negative") }
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

    // MARK: - Usage arithmetic (UTC days)

    static func usageDay(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    static func parseUsageDay(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.date(from: text)
    }

    /// The days from `start` to `end` inclusive (at most 90, as AWS keeps usage for 90 days).
    static func usageDays(from start: String, to end: String) throws(ManagementError) -> [String] {
        guard let first = parseUsageDay(start), let last = parseUsageDay(end) else {
            throw .badRequest("Invalid date format: dates must be yyyy-MM-dd")
        }
        guard first <= last else { throw .badRequest("The end date must not be before the start date") }
        var days: [String] = []
        var day = first
        while day <= last, days.count < 90 {
            days.append(usageDay(day))
            day = day.addingTimeInterval(86_400)
        }
        return days
    }

    /// The first day of the quota period that contains `day`.
    static func periodStart(plan: UsagePlan, day: String) -> String {
        guard let date = parseUsageDay(day), let period = plan.quota?.period else { return day }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        switch period {
        case "WEEK":
            let weekday = calendar.component(.weekday, from: date)  // 1 = Sunday
            return usageDay(date.addingTimeInterval(-Double((weekday + 5) % 7) * 86_400))
        case "MONTH":
            return usageDay(calendar.date(from: calendar.dateComponents([.year, .month], from: date)) ?? date)
        default:
            return day
        }
    }

    static func periodUsed(plan: UsagePlan, record: UsageRecord?, through day: String) -> Int {
        let start = periodStart(plan: plan, day: day)
        return (record?.used ?? [:]).filter { $0.key >= start && $0.key <= day }.reduce(0) { $0 + $1.value }
    }

    static func remaining(plan: UsagePlan, record: UsageRecord?, on day: String) -> Int {
        guard let limit = plan.quota?.limit else { return 0 }
        return max(0, limit - periodUsed(plan: plan, record: record, through: day))
    }
}
