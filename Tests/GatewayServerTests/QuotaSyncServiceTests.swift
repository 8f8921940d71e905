import DataPlane
import GatewayModel
import GatewayServer
import GatewayStore
import Logging
import Synchronization
import Testing

/// The quota service on a manual clock with an in-memory store: requests are written in one batch
/// per flush (never one write per request), a load after a restart restores the period's count,
/// an `UpdateUsage`-style change in the store reaches the counter, and nothing is counted twice.
@Suite struct QuotaSyncServiceTests {
    let store = InMemoryGatewayStore()
    final class ManualClock: Sendable {
        let day = Mutex(UsageDay(parsing: "2026-12-09")!)
        var now: UsageDay { day.withLock { $0 } }
        func advance(days: Int) { day.withLock { $0 = $0.adding(days: days) } }
    }
    let clock = ManualClock()

    static func table(limit: Int = 10, period: String = "WEEK", previous: CompiledUsagePlans? = nil) -> CompiledUsagePlans {
        CompiledUsagePlans(
            UsagePlanSnapshot(
                apiKeys: [ApiKey(id: "k1", value: "value-of-k1-0123456789abcdef", enabled: true)],
                usagePlans: [UsagePlan(id: "p1", apiStages: [ApiStage(apiId: "a1", stage: "prod")], quota: QuotaSettings(limit: limit, offset: 0, period: period))],
                usagePlanKeys: ["p1": [UsagePlanKey(id: "k1")]]),
            previous: previous)
    }

    func service(_ table: CompiledUsagePlans) -> QuotaSyncService {
        let clock = self.clock
        return QuotaSyncService(
            store: store, usagePlans: { table }, today: { clock.now },
            logger: Logger(label: "quota-test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    func stored() async throws -> [StoreUsageCount] {
        try await store.read { tx in try await tx.usageCounts(planId: nil, from: "0000", through: "9999") }
    }

    @Test func batchesAreFlushedOncePerInterval() async throws {
        let table = Self.table()
        let sync = service(table)
        let quota = try #require(table.quotas["p1/k1"])
        let day = clock.now
        let before = try await store.currentRevision()
        for _ in 0..<7 { #expect(quota.counter.take(period: QuotaPeriod.week.start(of: day), limit: 10, day: day)) }
        #expect(try await stored().isEmpty, "no store write per request")
        try await sync.flush()
        #expect(try await stored() == [StoreUsageCount(planId: "p1", keyId: "k1", day: "2026-12-09", used: 7)])
        try await sync.flush()
        #expect(try await stored().map(\.used) == [7], "an empty batch writes nothing")
        #expect(try await store.currentRevision() == before, "counting does not make the gateway recompile")
    }

    @Test func aRestartLoadsThePeriodsCount() async throws {
        try await store.write { tx in
            try await tx.addUsage([
                StoreUsageCount(planId: "p1", keyId: "k1", day: "2026-12-05", used: 50),  // last week (Saturday)
                StoreUsageCount(planId: "p1", keyId: "k1", day: "2026-12-06", used: 4),  // Sunday: this week
                StoreUsageCount(planId: "p1", keyId: "k1", day: "2026-12-08", used: 3),
            ])
        }
        let table = Self.table()
        try await service(table).load()
        let quota = try #require(table.quotas["p1/k1"])
        let day = clock.now
        let week = QuotaPeriod.week.start(of: day)
        #expect(quota.counter.used(period: week) == 7)
        for _ in 0..<3 { #expect(quota.counter.take(period: week, limit: 10, day: day)) }
        #expect(!quota.counter.take(period: week, limit: 10, day: day))
    }

    @Test func storeChangesReachTheCounterAndNothingCountsTwice() async throws {
        let table = Self.table()
        let sync = service(table)
        try await sync.load()
        let quota = try #require(table.quotas["p1/k1"])
        let day = clock.now
        let week = QuotaPeriod.week.start(of: day)
        for _ in 0..<4 { _ = quota.counter.take(period: week, limit: 10, day: day) }
        try await sync.flush()
        for _ in 0..<2 { _ = quota.counter.take(period: week, limit: 10, day: day) }
        // A reload with nothing changed elsewhere: still 6.
        try await sync.load()
        #expect(quota.counter.used(period: week) == 6)
        #expect(try await stored().map(\.used) == [6])
        // UpdateUsage sets today's count to 1 (remaining 9); the reload applies it.
        try await store.write { tx in try await tx.setUsage(StoreUsageCount(planId: "p1", keyId: "k1", day: "2026-12-09", used: 1)) }
        try await sync.load()
        #expect(quota.counter.used(period: week) == 1)
        // A recompile keeps the counter; the next week starts again.
        let recompiled = Self.table(limit: 20, previous: table)
        #expect(recompiled.quotas["p1/k1"]?.counter === quota.counter)
        clock.advance(days: 4)  // Sunday 2026-12-13
        try await service(recompiled).load()
        #expect(quota.counter.used(period: QuotaPeriod.week.start(of: clock.now)) == 0)
    }
}
