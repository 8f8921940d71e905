import GatewayModel
import Testing

@testable import DataPlane

/// The lock-free quota counter on a manual clock (days given explicitly): the limit exactly, under
/// concurrency too; period boundaries; pending batches by day; synchronisation with the store.
@Suite struct QuotaCounterTests {
    let monday = UsageDay(parsing: "2026-12-07")!

    @Test func countsUpToTheLimitAndRefusalsCostNothing() {
        let counter = QuotaCounter()
        let period = QuotaPeriod.day.start(of: monday)
        for _ in 0..<5 { #expect(counter.take(period: period, limit: 5, day: monday)) }
        #expect(!counter.take(period: period, limit: 5, day: monday))
        #expect(counter.isExhausted(period: period, limit: 5))
        #expect(counter.used(period: period) == 5)
        #expect(counter.drainPending().map(\.count) == [5], "refused requests are not counted")
        #expect(counter.drainPending().isEmpty)
    }

    @Test func aNewPeriodStartsFromZero() {
        let counter = QuotaCounter()
        for _ in 0..<3 { #expect(counter.take(period: monday, limit: 3, day: monday)) }
        #expect(!counter.take(period: monday, limit: 3, day: monday))
        let tuesday = monday.adding(days: 1)
        #expect(counter.take(period: tuesday, limit: 3, day: tuesday), "DAY: 00:00 UTC starts a new period")
        #expect(counter.used(period: tuesday) == 1)
        // WEEK: the whole week is one period; Sunday starts the next.
        let week = QuotaCounter()
        let start = QuotaPeriod.week.start(of: monday)
        for offset in 0..<6 {
            let day = monday.adding(days: offset)  // Monday to Saturday
            #expect(week.take(period: QuotaPeriod.week.start(of: day), limit: 6, day: day))
        }
        #expect(!week.take(period: start, limit: 6, day: monday.adding(days: 5)))
        let sunday = monday.adding(days: 6)
        #expect(week.take(period: QuotaPeriod.week.start(of: sunday), limit: 6, day: sunday))
    }

    @Test func pendingCountsKeepTheirDayAcrossMidnight() {
        let counter = QuotaCounter()
        let month = QuotaPeriod.month.start(of: monday)
        for _ in 0..<2 { _ = counter.take(period: month, limit: 100, day: monday) }
        for _ in 0..<3 { _ = counter.take(period: month, limit: 100, day: monday.adding(days: 1)) }
        let drained = Dictionary(uniqueKeysWithValues: counter.drainPending().map { ($0.day, $0.count) })
        #expect(drained == [monday: 2, monday.adding(days: 1): 3])
    }

    @Test func exactUnderConcurrency() async {
        let counter = QuotaCounter()
        let limit = 10_000
        let accepted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var accepted = 0
                    for _ in 0..<1_000 where counter.take(period: monday, limit: limit, day: monday) { accepted += 1 }
                    return accepted
                }
            }
            return await group.reduce(0, +)
        }
        #expect(accepted == limit)
        #expect(counter.used(period: monday) == Int64(limit))
        #expect(counter.drainPending().reduce(0) { $0 + $1.count } == Int64(limit))

        let unlimited = QuotaCounter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask { for _ in 0..<2_000 { _ = unlimited.take(period: monday, limit: Int(Int32.max), day: monday) } }
            }
        }
        #expect(unlimited.used(period: monday) == 32_000, "no increment lost")
    }

    @Test func synchronisationAddsWhatOthersChangedOnly() {
        let counter = QuotaCounter()
        // Loaded at start: the store holds 7 for this period.
        counter.synchronize(periodStart: monday, storeTotal: 7)
        #expect(counter.used(period: monday) == 7)
        // 2 requests, flushed; 1 more not flushed yet.
        _ = counter.take(period: monday, limit: 100, day: monday)
        _ = counter.take(period: monday, limit: 100, day: monday)
        for (day, count) in counter.drainPending() { counter.flushed(day: day, count: count) }
        _ = counter.take(period: monday, limit: 100, day: monday)
        // The store has our 2 and, by UpdateUsage, 5 fewer: 7 + 2 - 5 = 4.
        counter.synchronize(periodStart: monday, storeTotal: 4)
        #expect(counter.used(period: monday) == 5, "4 in the store and the one not flushed")
        // Nothing changed since: a reload changes nothing.
        counter.synchronize(periodStart: monday, storeTotal: 4)
        #expect(counter.used(period: monday) == 5)
        // A new period: only the store's count of it.
        let next = monday.adding(days: 1)
        counter.synchronize(periodStart: next, storeTotal: 0)
        #expect(counter.used(period: next) == 0)
    }
}
