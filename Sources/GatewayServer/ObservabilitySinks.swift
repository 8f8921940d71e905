import AWSClients
import AsyncHTTPClient
import AuditTrail
import Logging
import Observability
import ServiceLifecycle

/// The sinks of the CloudWatch metrics push and of the audit trail, made from the process
/// configuration: what the observers feed (the accumulator, the recorder) and the services that
/// drain them. A configuration that cannot work stops the start: a push to AWS's own CloudWatch
/// in a namespace it reserves (`AWS/…`), an audit file that cannot be opened.
struct ObservabilitySinks {
    /// nil: no CloudWatch push.
    let cloudWatchMetrics: CloudWatchMetricsAccumulator?
    /// nil: no audit trail.
    let auditRecorder: AuditTrailRecorder?
    /// To run in the service group, before the listeners (so that they stop after them).
    let services: [any Service]

    init(
        configuration: GatewayConfiguration, http: HTTPClient, environment: AWSEnvironment, metrics: GatewayMetrics, logger: Logger
    ) throws {
        var services: [any Service] = []
        let push = configuration.cloudWatchMetrics
        if push.enabled {
            let client = CloudWatchClient(http: http, environment: environment)
            if client.isAWSEndpoint, push.namespace.hasPrefix("AWS/") {
                throw GatewayConfiguration.Error(
                    "cloudWatchMetrics: CloudWatch refuses the namespace \(push.namespace) (AWS/ is reserved for AWS's services); "
                        + "set cloudWatchMetrics.namespace (e.g. Portcullis/ApiGateway), or point AWS_ENDPOINT_URL_MONITORING at an emulator")
            }
            let accumulator = CloudWatchMetricsAccumulator(metrics: metrics)
            var settings = CloudWatchMetricsService.Configuration()
            settings.namespace = push.namespace
            settings.flushInterval = push.flushInterval
            services.append(
                CloudWatchMetricsService(accumulator: accumulator, client: client, metrics: metrics, configuration: settings, logger: logger))
            logger.info("CloudWatch metrics push", metadata: ["endpoint": "\(client.endpoint)", "namespace": "\(push.namespace)"])
            cloudWatchMetrics = accumulator
        } else {
            cloudWatchMetrics = nil
        }
        let audit = configuration.audit
        let file = audit.resolvedFile(store: configuration.store)
        if file != nil || audit.logGroupArn != nil {
            let queue = AccessLogQueue(capacity: audit.queue, dropped: LogSinkKind.audit.dropped(metrics))
            let local = try file.map { path in
                do {
                    return try LocalLogSink(
                        target: path, rotation: LocalLogSink.Rotation(maximumBytes: audit.maximumFileBytes, keptFiles: audit.keptFiles),
                        permissions: 0o600)
                } catch {
                    throw GatewayConfiguration.Error("audit: cannot open \(path): \(error)")
                }
            }
            services.append(
                AccessLogService(
                    queue: queue, local: local, cloudWatch: audit.logGroupArn == nil ? nil : CloudWatchLogsClient(http: http, environment: environment),
                    metrics: metrics, logger: logger, kind: .audit))
            auditRecorder = AuditTrailRecorder(
                queue: queue, region: configuration.region, accountId: configuration.accountId, logGroupArn: audit.logGroupArn)
        } else {
            auditRecorder = nil
        }
        self.services = services
    }
}
