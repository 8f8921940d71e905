public import DataPlane
import Foundation
public import GatewayModel
public import GatewayStore
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Keeps the data plane's quota counters (`QuotaCounter`) and the store's usage counters
/// (`StoreUsageCount`) in step, off the hot path:
///
/// - **Flush**, every ``Configuration/flushInterval`` (1 s by default) and once more at shutdown
///   (after the data plane has drained): the requests counted since the last flush, by plan, key
///   and UTC day, are added to the store in one write transaction. A request never writes to the
///   store. A crash (not a graceful stop) loses at most the requests of the last interval; a
///   batch the store refuses is kept and retried with the next one.
/// - **Load**, at start (before the data plane serves) and after every recompile of the usage
///   plans (``requestReload()``, called by the `DeploymentWatcher`): first a flush, then the
///   store's count of each key's current period; what changed in the store other than by this
///   node's flushes (an `UpdateUsage`, another process) is applied to the counters, so a restart
///   keeps the count and `UpdateUsage` takes effect as soon as the watcher has recompiled.
///
/// Flushes and loads run one at a time, on the service's own task.
public final class QuotaSyncService: Service, Sendable {
    public struct Configuration: Sendable {
        /// How often counted requests are written to the store. Default: 1 second.
        public var flushInterval: Duration

        public init(flushInterval: Duration = .seconds(1)) {
            self.flushInterval = flushInterval
        }
    }

    private enum Event: Sendable {
        case flush
        case reload
    }

    let store: any GatewayStore
    let configuration: Configuration
    /// The usage-plan table the data plane serves now.
    let usagePlans: @Sendable () -> CompiledUsagePlans
    /// Today (UTC): the wall clock, or a test's clock.
    let today: @Sendable () -> UsageDay
    let logger: Logger
    /// Batches the store refused, retried with the next flush.
    private let unwritten = NIOLockedValueBox<[Batch]>([])
    private let events: AsyncStream<Event>
    private let eventInput: AsyncStream<Event>.Continuation

    /// One counter's requests of one day, drained and not yet in the store.
    private struct Batch: Sendable {
        let quota: CompiledUsagePlans.Quota
        let day: UsageDay
        let count: Int64
    }

    public init(
        store: any GatewayStore, configuration: Configuration = Configuration(),
        usagePlans: @escaping @Sendable () -> CompiledUsagePlans,
        today: @escaping @Sendable () -> UsageDay = QuotaSyncService.utcToday,
        logger: Logger
    ) {
        self.store = store
        self.configuration = configuration
        self.usagePlans = usagePlans
        self.today = today
        self.logger = logger
        (events, eventInput) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(8))
    }

    /// Today in UTC, by the system clock.
    public static func utcToday() -> UsageDay {
        UsageDay(epochMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// Asks the running service to load the counters again (after a recompile); returns at once.
    public func requestReload() {
        eventInput.yield(.reload)
    }

    /// Writes the requests counted since the last flush to the store, in one transaction.
    /// Not to be called concurrently with itself or ``load()`` (the service calls both in turn).
    public func flush() async throws {
        var batches = unwritten.withLockedValue { pending in
            defer { pending = [] }
            return pending
        }
        for quota in usagePlans().quotas.values {
            for (day, count) in quota.counter.drainPending() { batches.append(Batch(quota: quota, day: day, count: count)) }
        }
        guard !batches.isEmpty else { return }
        var counts: [StoreUsageCount.Identity: Int64] = [:]
        for batch in batches {
            counts[StoreUsageCount.Identity(planId: batch.quota.planId, keyId: batch.quota.keyId, day: batch.day.description), default: 0] +=
                batch.count
        }
        do {
            try await store.write { tx in
                try await tx.addUsage(counts.map { StoreUsageCount(planId: $0.key.planId, keyId: $0.key.keyId, day: $0.key.day, used: $0.value) })
            }
        } catch {
            unwritten.withLockedValue { $0.append(contentsOf: batches) }
            throw error
        }
        for batch in batches { batch.quota.counter.flushed(day: batch.day, count: batch.count) }
    }

    /// Flushes, then brings every counter in line with the store's count of its current period.
    public func load() async throws {
        try await flush()
        let quotas = usagePlans().quotas.values
        guard !quotas.isEmpty else { return }
        let today = today()
        let earliest = quotas.map { $0.period.start(of: today) }.min() ?? today
        let rows = try await store.read { tx in
            try await tx.usageCounts(planId: nil, from: earliest.description, through: today.description)
        }
        var totals: [String: [(day: String, used: Int64)]] = [:]
        for row in rows { totals[row.planId + "/" + row.keyId, default: []].append((row.day, row.used)) }
        for quota in quotas {
            let start = quota.period.start(of: today)
            let first = start.description
            let total = (totals[quota.planId + "/" + quota.keyId] ?? []).filter { $0.day >= first }.reduce(0) { $0 + $1.used }
            quota.counter.synchronize(periodStart: start, storeTotal: total)
        }
    }

    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            let input = eventInput
            let interval = configuration.flushInterval
            group.addTask {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: interval) } catch { return }
                    input.yield(.flush)
                }
            }
            for await event in events.cancelOnGracefulShutdown() {
                switch event {
                case .flush: await logFailure("flush quota counters") { try await self.flush() }
                case .reload: await logFailure("load quota counters") { try await self.load() }
                }
            }
            group.cancelAll()
        }
        // The last batch: the data plane has stopped (it shuts down before this service).
        await logFailure("flush quota counters at shutdown") { try await self.flush() }
    }

    private func logFailure(_ what: String, _ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            logger.error("could not \(what): \(error)")
        }
    }
}
