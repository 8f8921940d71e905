import GatewayModel
import GatewayStore

/// A usage plan's counters for some of its keys, read for `GetUsage` and `UpdateUsage`, with AWS's
/// arithmetic: each day is `[used that day, remaining in its quota period after that day]`, the
/// period being the plan's (`QuotaPeriod`: UTC day, week from Sunday, month). A plan without a
/// quota reports 0 remaining.
struct UsageLedger {
    let plan: UsagePlan
    private let period: QuotaPeriod?
    /// Key → day → requests.
    private var used: [String: [UsageDay: Int64]]

    private init(plan: UsagePlan, used: [String: [UsageDay: Int64]]) {
        self.plan = plan
        self.period = plan.quota?.period.flatMap(QuotaPeriod.init(rawValue:))
        self.used = used
    }

    /// Reads the counters `days` need: from the start of the first day's period to the last day.
    static func read(_ tx: any StoreReadTransaction, plan: UsagePlan, keys: [String], days: [UsageDay]) async throws -> UsageLedger {
        var ledger = UsageLedger(plan: plan, used: [:])
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
        guard let limit = plan.quota?.limit, period != nil else { return [usedThatDay, 0] }
        return [usedThatDay, Int(clamping: max(0, Int64(limit) - periodUsed(key, through: day)))]
    }

    /// Sets `key`'s count of `day` so that its period has `remaining` requests left after it (as
    /// far as the days before allow: a count is never negative); returns the new count.
    mutating func setRemaining(_ remaining: Int, key: String, on day: UsageDay) -> Int64 {
        let limit = Int64(plan.quota?.limit ?? 0)
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
