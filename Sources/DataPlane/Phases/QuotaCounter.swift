import Atomics
public import GatewayModel
import NIOConcurrencyHelpers

/// The quota count of one API key under one usage plan, shared by every event loop without a
/// lock: exact on one node, durable through batches.
///
/// - `usage` (one atomic word): the first day of the period being counted (24 bits of days since
///   1970, enough for 45,000 years) and the requests counted in it (40 bits). ``take(period:limit:day:)``
///   raises the count by compare-and-swap only while it is below the limit, so however many loops
///   race, exactly `limit` requests pass in a period. A request in a new period starts the count
///   again from 0; a late request of the period before counts in the new one.
/// - `pending` (two atomic words, by the parity of the day): the requests counted locally and not
///   yet written to the store, with their UTC day, so that a batch flushed after midnight still
///   counts each request on its own day. ``drainPending()`` takes them for the store.
/// - The count is the store's count for the period (loaded at start and whenever the store's
///   counters change, ``synchronize(periodStart:storeTotal:)``) plus what this node counted since.
///
/// The hot path costs two compare-and-swaps; the store is never touched on it.
public final class QuotaCounter: Sendable {
    private let usage = ManagedAtomic<UInt64>(0)
    private let pending = (ManagedAtomic<UInt64>(0), ManagedAtomic<UInt64>(0))
    /// What the store held at the last synchronisation, and what this counter flushed since
    /// (touched by the quota service only, never by a request).
    private let synchronized = NIOLockedValueBox(Synchronized())

    private struct Synchronized {
        var periodStart: UsageDay?
        var storeTotal: Int64 = 0
        var flushed: [UsageDay: Int64] = [:]
    }

    private static let countBits: UInt64 = 40
    private static let countMask: UInt64 = (1 << countBits) - 1
    private static let dayMask: UInt64 = (1 << (64 - countBits)) - 1
    private static let pendingCountMask: UInt64 = (1 << 32) - 1

    public init() {}

    /// Counts one request of `day` in the period starting `period` if fewer than `limit` were
    /// counted in it; returns whether it was counted.
    public func take(period: UsageDay, limit: Int, day: UsageDay) -> Bool {
        let start = Self.dayBits(period)
        var old = usage.load(ordering: .relaxed)
        while true {
            let (oldStart, count) = Self.unpack(old)
            // A new period counts from 0; a request stamped in the period before (another loop
            // read the clock just before midnight) counts in the current one.
            let (period, current) = oldStart < start ? (start, 0) : (oldStart, count)
            guard current < UInt64(max(0, limit)) else { return false }
            let (exchanged, original) = usage.compareExchange(
                expected: old, desired: Self.pack(start: period, count: current + 1), ordering: .relaxed)
            if exchanged { break }
            old = original
        }
        addPending(day)
        return true
    }

    /// Whether the period starting `period` has used its `limit` (a look that changes nothing).
    public func isExhausted(period: UsageDay, limit: Int) -> Bool {
        used(period: period) >= Int64(max(0, limit))
    }

    /// The requests counted in the period starting `period`.
    public func used(period: UsageDay) -> Int64 {
        let (start, count) = Self.unpack(usage.load(ordering: .relaxed))
        return start == Self.dayBits(period) ? Int64(count) : 0
    }

    // MARK: The quota service's side

    /// Takes the requests counted and not yet flushed, by day.
    public func drainPending() -> [(day: UsageDay, count: Int64)] {
        var drained: [(UsageDay, Int64)] = []
        for slot in [pending.0, pending.1] {
            var old = slot.load(ordering: .relaxed)
            while old & Self.pendingCountMask != 0 {
                let (exchanged, original) = slot.compareExchange(
                    expected: old, desired: old & ~Self.pendingCountMask, ordering: .relaxed)
                if exchanged {
                    drained.append((UsageDay(daysSinceEpoch: Int(old >> 32)), Int64(old & Self.pendingCountMask)))
                    break
                }
                old = original
            }
        }
        return drained
    }

    /// Notes that `count` requests of `day` drained from this counter are now in the store.
    public func flushed(day: UsageDay, count: Int64) {
        synchronized.withLockedValue { $0.flushed[day, default: 0] += count }
    }

    /// Brings the count of the period starting `periodStart` in line with the store, which holds
    /// `storeTotal` requests for it (this node's flushed ones included): what changed in the store
    /// other than by this counter's flushes (another node's requests, `UpdateUsage`) is added to
    /// the count; requests not flushed yet stay counted on top.
    public func synchronize(periodStart: UsageDay, storeTotal: Int64) {
        let external = synchronized.withLockedValue { state -> Int64 in
            let own = state.flushed.filter { $0.key >= periodStart }.reduce(0) { $0 + $1.value }
            let known = state.periodStart == periodStart ? state.storeTotal : 0
            state = Synchronized(periodStart: periodStart, storeTotal: storeTotal)
            return storeTotal - known - own
        }
        adjust(period: periodStart, by: external)
    }

    /// Adds `delta` (which may be negative) to the count of the period starting `period`; a count
    /// of an older period is replaced (the new period has counted nothing here yet).
    func adjust(period: UsageDay, by delta: Int64) {
        let start = Self.dayBits(period)
        var old = usage.load(ordering: .relaxed)
        while true {
            let (oldStart, count) = Self.unpack(old)
            let current = oldStart == start ? Int64(count) : 0
            let adjusted = UInt64(min(max(0, current + delta), Int64(Self.countMask)))
            let (exchanged, original) = usage.compareExchange(
                expected: old, desired: Self.pack(start: start, count: adjusted), ordering: .relaxed)
            if exchanged { return }
            old = original
        }
    }

    // MARK: Words

    private func addPending(_ day: UsageDay) {
        let dayBits = UInt64(truncatingIfNeeded: day.daysSinceEpoch) & Self.pendingCountMask
        let slot = day.daysSinceEpoch & 1 == 0 ? pending.0 : pending.1
        var old = slot.load(ordering: .relaxed)
        while true {
            let oldDay = old >> 32
            let count = old & Self.pendingCountMask
            // The slot holds this day, or an older one already flushed (count 0). An older day not
            // yet flushed (the store unreachable for two days) keeps its day: the request is still
            // counted, on that day.
            let desired = oldDay == dayBits || count == 0 ? (dayBits << 32) | (count + 1) : old + 1
            guard count < Self.pendingCountMask else { return }
            let (exchanged, original) = slot.compareExchange(expected: old, desired: desired, ordering: .relaxed)
            if exchanged { return }
            old = original
        }
    }

    private static func dayBits(_ day: UsageDay) -> UInt64 {
        UInt64(clamping: max(0, day.daysSinceEpoch)) & dayMask
    }

    private static func pack(start: UInt64, count: UInt64) -> UInt64 {
        (start << countBits) | (count & countMask)
    }

    private static func unpack(_ word: UInt64) -> (start: UInt64, count: UInt64) {
        (word >> countBits, word & countMask)
    }
}
