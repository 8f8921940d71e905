import AWSClients
import CoreMetrics
import DataPlane
import NIOConcurrencyHelpers

/// Where requests' samples wait for the CloudWatch push, per series and minute: a fixed number
/// of shards, each a short lock over a small table, chosen by the request's event loop, so that
/// the loops never wait on each other (one uncontended lock and one table update per request).
/// Each shard holds at most `capacity` (series, minute) entries; a sample for a new entry beyond
/// that is dropped and counted (`portcullis_cloudwatch_dropped_samples_total`). The push service
/// takes every shard's table at once.
public final class CloudWatchMetricsAccumulator: Sendable {
    struct Key: Hashable {
        var series: ObjectIdentifier
        /// Minutes since the epoch.
        var minute: Int64
    }

    struct Entry {
        var series: CloudWatchMetricsSeries
        var tally: CloudWatchMetricsTally
    }

    static let shardCount = 16
    private let shards: [NIOLockedValueBox<[Key: Entry]>]
    let capacity: Int
    let dropped: CoreMetrics.Counter

    /// `capacity`: (series, minute) entries per shard.
    public init(capacity: Int = 10_000, metrics: GatewayMetrics) {
        self.capacity = max(1, capacity)
        shards = (0..<Self.shardCount).map { _ in NIOLockedValueBox([:]) }
        dropped = CoreMetrics.Counter(label: GatewayMetricNames.cloudWatchDroppedSamples, factory: metrics.factory)
    }

    /// The shard of an event loop: its identity's bits, mixed, so that the loops spread.
    static func shard(of loop: ObjectIdentifier) -> Int {
        let bits = UInt64(UInt(bitPattern: loop))
        return Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 60) & (shardCount - 1)
    }

    func record(
        _ series: CloudWatchMetricsSeries, minute: Int64, loop: ObjectIdentifier, status: Int, latency: Int64, integrationLatency: Int?,
        bytes: Int?
    ) {
        let key = Key(series: ObjectIdentifier(series), minute: minute)
        let capacity = self.capacity
        let accepted = shards[Self.shard(of: loop)].withLockedValue { table -> Bool in
            if table[key] == nil {
                guard table.count < capacity else { return false }
                table[key] = Entry(series: series, tally: CloudWatchMetricsTally())
            }
            table[key]?.tally.add(status: status, latency: latency, integrationLatency: integrationLatency, bytes: bytes)
            return true
        }
        if !accepted { dropped.increment() }
    }

    /// Takes everything waiting and expands it into AWS's metric data: one datum per metric,
    /// dimension set and minute, the series that share a dimension set merged.
    func takeData() -> [CloudWatchClient.Datum] {
        var merged: [String: (kind: ApiKind, dimensions: [(name: String, value: String)], minute: Int64, tally: CloudWatchMetricsTally)] = [:]
        var order: [String] = []
        for shard in shards {
            let table = shard.withLockedValue { table in
                let taken = table
                table.removeAll(keepingCapacity: true)
                return taken
            }
            for (key, entry) in table {
                for dimensions in entry.series.dimensionSets {
                    var identity = "\(entry.series.kind.rawValue)|\(key.minute)"
                    for dimension in dimensions { identity += "|\(dimension.name)=\(dimension.value)" }
                    if merged[identity] == nil {
                        merged[identity] = (entry.series.kind, dimensions, key.minute, CloudWatchMetricsTally())
                        order.append(identity)
                    }
                    merged[identity]?.tally.merge(entry.tally)
                }
            }
        }
        var data: [CloudWatchClient.Datum] = []
        for identity in order {
            guard let group = merged[identity] else { continue }
            for metric in group.tally.metrics(kind: group.kind) {
                data.append(
                    CloudWatchClient.Datum(
                        metricName: metric.name, dimensions: group.dimensions, timestamp: group.minute * 60, statistics: metric.statistics,
                        unit: metric.unit))
            }
        }
        return data
    }
}
