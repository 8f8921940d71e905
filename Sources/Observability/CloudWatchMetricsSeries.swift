import AWSClients
import DataPlane

/// What one CloudWatch series of the push stands for: a stage of an API, or one method (REST,
/// `metricsEnabled`) or route (HTTP APIs, `detailedMetricsEnabled`) of it. A request adds its
/// sample to exactly one series; the push expands each into AWS's dimension sets
/// (``dimensionSets``), so that the coarser sets are the sums of the finer, as in CloudWatch.
final class CloudWatchMetricsSeries: Sendable {
    let kind: ApiKind
    /// REST: the API's name (`ApiName`); HTTP APIs: its id (`ApiId`).
    let api: String
    let stage: String
    /// The resource path (REST) or route path (HTTP) and method of a detailed series.
    let resource: String?
    let method: String?

    init(kind: ApiKind, api: String, stage: String, resource: String? = nil, method: String? = nil) {
        self.kind = kind
        self.api = api
        self.stage = stage
        self.resource = resource
        self.method = method
    }

    /// AWS's dimension sets for this series: REST `ApiName`; `ApiName, Stage`; and with detailed
    /// metrics `ApiName, Method, Resource, Stage`. HTTP APIs the same with `ApiId`.
    var dimensionSets: [[(name: String, value: String)]] {
        let apiDimension = kind == .rest ? "ApiName" : "ApiId"
        var sets: [[(name: String, value: String)]] = [[(apiDimension, api)], [(apiDimension, api), ("Stage", stage)]]
        if let resource, let method {
            sets.append([(apiDimension, api), ("Method", method), ("Resource", resource), ("Stage", stage)])
        }
        return sets
    }
}

/// The samples of one series in one minute: what a request adds after the write, and what the
/// push turns into `StatisticValues`.
struct CloudWatchMetricsTally: Sendable, Equatable {
    /// Running statistics of one measured quantity.
    struct Running: Sendable, Equatable {
        var count = 0
        var sum = 0.0
        var minimum = Double.infinity
        var maximum = -Double.infinity

        mutating func add(_ value: Double) {
            count += 1
            sum += value
            minimum = Swift.min(minimum, value)
            maximum = Swift.max(maximum, value)
        }

        mutating func merge(_ other: Running) {
            count += other.count
            sum += other.sum
            minimum = Swift.min(minimum, other.minimum)
            maximum = Swift.max(maximum, other.maximum)
        }

        var statistics: CloudWatchClient.StatisticSet? {
            count == 0 ? nil : CloudWatchClient.StatisticSet(sampleCount: Double(count), sum: sum, minimum: minimum, maximum: maximum)
        }
    }

    var requests = 0
    var clientErrors = 0
    var serverErrors = 0
    var latency = Running()
    var integrationLatency = Running()
    /// HTTP APIs: request and response body bytes per request.
    var dataProcessed = Running()

    mutating func add(status: Int, latency: Int64, integrationLatency: Int?, bytes: Int?) {
        requests += 1
        if status >= 500 {
            serverErrors += 1
        } else if status >= 400 {
            clientErrors += 1
        }
        self.latency.add(Double(latency))
        if let integrationLatency { self.integrationLatency.add(Double(integrationLatency)) }
        if let bytes { dataProcessed.add(Double(bytes)) }
    }

    mutating func merge(_ other: CloudWatchMetricsTally) {
        requests += other.requests
        clientErrors += other.clientErrors
        serverErrors += other.serverErrors
        latency.merge(other.latency)
        integrationLatency.merge(other.integrationLatency)
        dataProcessed.merge(other.dataProcessed)
    }

    /// AWS's metrics of this tally with their units. Every request is a sample of `Count` (value
    /// 1) and of the error metrics (value 0 or 1: their Average is the error rate, as in CloudWatch).
    func metrics(kind: ApiKind) -> [(name: String, unit: String, statistics: CloudWatchClient.StatisticSet)] {
        guard requests > 0 else { return [] }
        let total = Double(requests)
        func rate(_ errors: Int) -> CloudWatchClient.StatisticSet {
            CloudWatchClient.StatisticSet(
                sampleCount: total, sum: Double(errors), minimum: errors == requests ? 1 : 0, maximum: errors > 0 ? 1 : 0)
        }
        var metrics: [(name: String, unit: String, statistics: CloudWatchClient.StatisticSet)] = [
            ("Count", "Count", CloudWatchClient.StatisticSet(sampleCount: total, sum: total, minimum: 1, maximum: 1)),
            (kind == .rest ? "4XXError" : "4xx", "Count", rate(clientErrors)),
            (kind == .rest ? "5XXError" : "5xx", "Count", rate(serverErrors)),
        ]
        if let latency = latency.statistics { metrics.append(("Latency", "Milliseconds", latency)) }
        if let integration = integrationLatency.statistics { metrics.append(("IntegrationLatency", "Milliseconds", integration)) }
        if kind == .http, let bytes = dataProcessed.statistics { metrics.append(("DataProcessed", "Bytes", bytes)) }
        return metrics
    }
}
