import AWSClients
import AsyncHTTPClient
import DataPlane
import Foundation
import Observability
import ServiceLifecycle

extension PortcullisServer {
    /// What tracing and REST execution logs add to the process: the policy the compiler gives
    /// each stage, the after-write observers, and their sink services.
    struct Tracing {
        var policy: TracingPolicy
        var observers: TracingObservability
        var services: [any Service]
    }

    /// Spans go to an OTLP/HTTP exporter when an endpoint is configured (`tracing.otlpEndpoint`,
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`); execution log lines to the
    /// local sink (`executionLog`) and, when AWS credentials are set, to CloudWatch Logs.
    func makeTracing(http: HTTPClient, environment: AWSEnvironment, metrics: GatewayMetrics) throws -> Tracing {
        let settings = configuration.tracing
        let variables = ProcessInfo.processInfo.environment
        var services: [any Service] = []
        var spans: BoundedQueue<SpanRecord>?
        if let endpoint = OTLPTraceExporter.endpoint(environment: variables, configured: settings.otlpEndpoint) {
            if let protocolName = variables["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] ?? variables["OTEL_EXPORTER_OTLP_PROTOCOL"],
                protocolName != "http/json"
            {
                logger.warning("traces: OTLP protocol \(protocolName) is not supported; spans are sent as http/json")
            }
            let queue = OTLPTraceExporter.makeQueue(capacity: settings.queue, metrics: metrics)
            var exporter = OTLPTraceExporter.Configuration(endpoint: endpoint)
            exporter.headers = OTLPTraceExporter.headers(environment: variables)
            if let name = variables["OTEL_SERVICE_NAME"], !name.isEmpty { exporter.resource = [("service.name", name)] }
            services.append(OTLPTraceExporter(queue: queue, http: http, configuration: exporter, metrics: metrics, logger: logger))
            spans = queue
            logger.info("traces: spans exported to \(endpoint)", metadata: ["sampleRate": "\(settings.sampleRate)", "allStages": "\(settings.allStages)"])
        }
        let local = try configuration.executionLog.map { target in
            do {
                return try LocalLogSink(target: target, rotation: configuration.logRotation)
            } catch {
                throw GatewayConfiguration.Error("execution log: cannot open \(target): \(error)")
            }
        }
        let cloudWatch = environment.credentials != nil
        var executionLogs: AccessLogQueue?
        if local != nil || cloudWatch {
            let queue = AccessLogQueue(capacity: configuration.accessLogQueue, dropped: LogSinkKind.execution.dropped(metrics))
            services.append(
                AccessLogService(
                    queue: queue, local: local, cloudWatch: cloudWatch ? CloudWatchLogsClient(http: http, environment: environment) : nil,
                    metrics: metrics, logger: logger, kind: .execution))
            executionLogs = queue
        }
        return Tracing(
            policy: TracingPolicy(sampleRate: settings.sampleRate, allStages: settings.allStages, recordsSpans: spans != nil),
            observers: TracingObservability(
                spans: spans, executionLogs: executionLogs, region: configuration.region, cloudWatch: cloudWatch, localSink: local != nil),
            services: services)
    }
}
