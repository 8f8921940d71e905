import GatewayModel
import GatewayStore

/// A usage plan's counters for some of its keys, read for `GetUsage` and `UpdateUsage`, with AWS's
/// arithmetic: each day is `[used that day, remaining in its quota period after that day]`, the
/// period being the plan's (`QuotaPeriod`: UTC day, week from Sunday, month). A plan without a
/// quota reports 0 remaining.
struct UsageLedger {
    let plan: UsagePlan
    private let period: QuotaPeriod?
    /// The plan's initial period, in which `offset` is subtracted from the limit.
    private let initialPeriod: UsageDay?
    /// Key → day → requests.
    private var used: [String: [UsageDay: Int64]]

    private init(plan: UsagePlan, created: UsageDay?) {
        self.plan = plan
        self.period = plan.quota?.quotaPeriod
        self.initialPeriod = plan.quota?.initialPeriod(planCreated: created)
        self.used = [:]
    }

    /// Reads the counters `days` need: from the start of the first day's period to the last day.
    static func read(_ tx: any StoreReadTransaction, plan: UsagePlan, keys: [String], days: [UsageDay]) async throws -> UsageLedger {
        let created = try await tx.get(RestApiCollections.usagePlans, id: plan.id).map {
            UsageDay(epochMilliseconds: $0.metadata.createdMilliseconds)
        }
        var ledger = UsageLedger(plan: plan, created: created)
        guard let first = days.min(), let last = days.max() else { return ledger }
        let from = ledger.period?.start(of: first) ?? first
        let wanted = Set(keys)
        for row in try await tx.usageCounts(planId: plan.id, from: from.description, through: last.description) where wanted.contains(row.keyId) {
            guard let day = UsageDay(parsing: row.day) else { continue }
            ledger.used[row.keyId, default: [:]][day, default: 0] += row.used
        }
        return ledger
    }

    /// `[used, remaining]` of `key` on `day`.
    func usedAndRemaining(_ key: String, on day: UsageDay) -> [Int] {
        let usedThatDay = Int(clamping: used[key]?[day] ?? 0)
        guard period != nil else { return [usedThatDay, 0] }
        return [usedThatDay, Int(clamping: max(0, Int64(limit(on: day)) - periodUsed(key, through: day)))]
    }

    /// The limit of the period containing `day` (less `offset` in the initial period).
    func limit(on day: UsageDay) -> Int {
        guard let quota = plan.quota, let period else { return 0 }
        return quota.limit(periodStart: period.start(of: day), initialPeriod: initialPeriod)
    }

    /// Sets `key`'s count of `day` so that its period has `remaining` requests left after it (as
    /// far as the days before allow: a count is never negative); returns the new count.
    mutating func setRemaining(_ remaining: Int, key: String, on day: UsageDay) -> Int64 {
        let limit = Int64(limit(on: day))
        let before = periodUsed(key, through: day) - (used[key]?[day] ?? 0)
        let count = max(0, limit - Int64(remaining) - before)
        used[key, default: [:]][day] = count
        return count
    }

    private func periodUsed(_ key: String, through day: UsageDay) -> Int64 {
        let start = period?.start(of: day) ?? day
        return (used[key] ?? [:]).filter { $0.key >= start && $0.key <= day }.reduce(0) { $0 + $1.value }
    }
}
