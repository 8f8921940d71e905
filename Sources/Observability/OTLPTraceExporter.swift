import AWSClients
public import AsyncHTTPClient
import CoreMetrics
import Foundation
public import Logging
public import NIOCore
import NIOHTTP1
public import ServiceLifecycle

/// The span sink: takes the ``BoundedQueue`` of finished spans off the event loops every
/// `interval` and sends them to an OpenTelemetry collector (or any OTLP receiver: Jaeger, Tempo,
/// the AWS Distro collector that forwards to X-Ray) as OTLP/HTTP JSON `POST {endpoint}`, in
/// batches of at most `maximumBatch` spans. A batch that fails is counted and dropped, never
/// retried forever; spans beyond the queue's capacity were already dropped and counted.
///
/// Why its own exporter rather than swift-otel's: swift-otel 1.6 exports only the spans its own
/// `Tracer` starts, and that tracer makes span ids itself (behind a process-wide lock), keeps
/// every recording span in a locked dictionary and yields to an `AsyncStream` per span start and
/// end, and has no X-Ray id format (its X-Ray propagator is a `fatalError`). The gateway's spans
/// must carry the ids the backend was already sent, made per loop without a lock, and be built
/// only after the write; its exporter types are internal. OTLP/JSON over HTTP is a stable part of
/// the OTLP specification every collector accepts.
public final class OTLPTraceExporter: Service, Sendable {
    public struct Configuration: Sendable {
        /// The full URL spans are posted to (`…/v1/traces`).
        public var endpoint: String
        /// Extra request headers (`OTEL_EXPORTER_OTLP_HEADERS`: an API key for a hosted collector).
        public var headers: [(String, String)] = []
        /// `service.name` and other resource attributes.
        public var resource: [(String, String)] = [("service.name", "portcullis")]
        /// How often the queue is taken. Default 1 s.
        public var interval: Duration = .seconds(1)
        /// Spans per request. Default 512 (OpenTelemetry's batch processor default).
        public var maximumBatch: Int = 512
        /// How long a request may take. Default 10 s (OTLP's default).
        public var timeout: TimeAmount = .seconds(10)

        public init(endpoint: String) {
            self.endpoint = endpoint
        }
    }

    let queue: BoundedQueue<SpanRecord>
    let http: HTTPClient
    let configuration: Configuration
    let logger: Logger
    let exported: CoreMetrics.Counter
    let failed: CoreMetrics.Counter

    public init(queue: BoundedQueue<SpanRecord>, http: HTTPClient, configuration: Configuration, metrics: GatewayMetrics, logger: Logger) {
        self.queue = queue
        self.http = http
        self.configuration = configuration
        self.logger = logger
        exported = CoreMetrics.Counter(label: Self.spansLabel, dimensions: [("outcome", "exported")], factory: metrics.factory)
        failed = CoreMetrics.Counter(label: Self.spansLabel, dimensions: [("outcome", "failed")], factory: metrics.factory)
    }

    /// `portcullis_trace_spans_total{outcome=exported|failed}`.
    public static let spansLabel = "portcullis_trace_spans_total"
    /// `portcullis_trace_spans_dropped_total`: spans the full queue refused.
    public static let droppedLabel = "portcullis_trace_spans_dropped_total"

    /// The queue an exporter takes spans from, with its dropped-span counter.
    public static func makeQueue(capacity: Int, metrics: GatewayMetrics) -> BoundedQueue<SpanRecord> {
        BoundedQueue(capacity: capacity, dropped: CoreMetrics.Counter(label: droppedLabel, factory: metrics.factory))
    }

    public func run() async throws {
        while true {
            let stopping = await pauseEndsInShutdown(configuration.interval)
            var spans = queue.take()[...]
            while !spans.isEmpty {
                let batch = Array(spans.prefix(configuration.maximumBatch))
                spans = spans.dropFirst(batch.count)
                await send(batch)
            }
            if stopping { return }
        }
    }

    /// Posts one batch; counts it exported on a 2xx answer, failed otherwise.
    func send(_ spans: [SpanRecord]) async {
        let body = OTLPTraceEncoder.encode(spans, resource: configuration.resource, scope: "portcullis", version: "1")
        do {
            var headers = HTTPHeaders([("Content-Type", "application/json")])
            for (name, value) in configuration.headers { headers.add(name: name, value: value) }
            let request = try HTTPClient.Request(url: configuration.endpoint, method: .POST, headers: headers, body: .string(body))
            let response = try await http.boundedExecute(request, maxBytes: 64 * 1024, timeout: configuration.timeout, on: http.eventLoopGroup.any()).get()
            guard (200..<300).contains(response.status) else {
                failed.increment(by: spans.count)
                logger.warning("traces: \(spans.count) spans refused by \(configuration.endpoint): status \(response.status)")
                return
            }
            exported.increment(by: spans.count)
        } catch {
            failed.increment(by: spans.count)
            logger.warning("traces: \(spans.count) spans not exported to \(configuration.endpoint): \(error)")
        }
    }

    /// The traces endpoint OpenTelemetry's environment names: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
    /// as it is, else `OTEL_EXPORTER_OTLP_ENDPOINT` (or `configured`) with `/v1/traces` appended.
    public static func endpoint(environment: [String: String], configured: String?) -> String? {
        if let traces = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], !traces.isEmpty { return traces }
        guard let base = environment["OTEL_EXPORTER_OTLP_ENDPOINT"].flatMap({ $0.isEmpty ? nil : $0 }) ?? configured else { return nil }
        if base.hasSuffix("/v1/traces") { return base }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/traces"
    }

    /// `OTEL_EXPORTER_OTLP_TRACES_HEADERS` or `OTEL_EXPORTER_OTLP_HEADERS`: `name=value,name=value`,
    /// values percent-decoded.
    public static func headers(environment: [String: String]) -> [(String, String)] {
        guard let text = environment["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] ?? environment["OTEL_EXPORTER_OTLP_HEADERS"] else { return [] }
        return text.split(separator: ",").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let value = String(parts[1]).trimmingCharacters(in: .whitespaces)
            return (name, value.removingPercentEncoding ?? value)
        }
    }
}
