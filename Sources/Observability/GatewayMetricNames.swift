/// The metrics the gateway exposes, by Prometheus name, with the CloudWatch metric each one
/// stands for (namespace `AWS/ApiGateway`).
///
/// AWS's names and dimensions are kept, written the Prometheus way (snake case, base units,
/// `_total` on counters) so that `promtool check metrics` accepts them:
///
/// | Prometheus | AWS (unit) | APIs |
/// | --- | --- | --- |
/// | `aws_apigateway_count_total` | `Count` (Count) | REST, HTTP |
/// | `aws_apigateway_4xx_error_total` / `…_5xx_error_total` | `4XXError` / `5XXError` (Count) | REST |
/// | `aws_apigateway_4xx_total` / `…_5xx_total` | `4xx` / `5xx` (Count) | HTTP |
/// | `aws_apigateway_latency_seconds` | `Latency` (Milliseconds) | REST, HTTP |
/// | `aws_apigateway_integration_latency_seconds` | `IntegrationLatency` (Milliseconds) | REST, HTTP |
/// | `aws_apigateway_data_processed_bytes_total` | `DataProcessed` (Bytes) | HTTP |
/// | `aws_apigateway_cache_hit_count_total` / `…_cache_miss_count_total` | `CacheHitCount` / `CacheMissCount` (Count) | REST |
///
/// Labels are AWS's dimensions: `api_name` (`ApiName`, REST) or `api_id` (`ApiId`, HTTP), `stage`
/// (`Stage`), and `resource` and `method` (`Resource`, `Method`) when the stage's method settings
/// enable `metricsEnabled` (REST) or its route settings `DetailedMetricsEnabled` (HTTP). One series
/// carries all of a request's dimensions: AWS's coarser dimension sets are its sums
/// (`sum by (api_name)`, `sum by (api_name, stage)`). Latencies are histograms in seconds.
public enum GatewayMetricNames {
    public static let count = "aws_apigateway_count_total"
    public static let restClientErrors = "aws_apigateway_4xx_error_total"
    public static let restServerErrors = "aws_apigateway_5xx_error_total"
    public static let httpClientErrors = "aws_apigateway_4xx_total"
    public static let httpServerErrors = "aws_apigateway_5xx_total"
    public static let latency = "aws_apigateway_latency_seconds"
    public static let integrationLatency = "aws_apigateway_integration_latency_seconds"
    public static let dataProcessed = "aws_apigateway_data_processed_bytes_total"
    public static let cacheHitCount = "aws_apigateway_cache_hit_count_total"
    public static let cacheMissCount = "aws_apigateway_cache_miss_count_total"

    // The gateway's own.
    public static let gatewayResponses = "portcullis_gateway_responses_total"
    public static let unmatched = "portcullis_unmatched_requests_total"
    public static let activeConnections = "portcullis_active_connections"
    public static let stagesServed = "portcullis_deployed_stages"
    public static let deploymentsInstalled = "portcullis_deployments_installed_total"
    public static let accessLogLines = "portcullis_access_log_lines_total"
    public static let accessLogDropped = "portcullis_access_log_dropped_lines_total"
    public static let cloudWatchMetricData = "portcullis_cloudwatch_metric_data_total"
    public static let cloudWatchDroppedSamples = "portcullis_cloudwatch_dropped_samples_total"
    public static let auditEvents = "portcullis_audit_events_total"
    public static let auditDropped = "portcullis_audit_dropped_events_total"

    static let help: [String: String] = [
        count: "API Gateway Count: requests, by API and stage (and resource and method when detailed metrics are on).",
        restClientErrors: "API Gateway 4XXError (REST APIs): requests answered with a 4xx status.",
        restServerErrors: "API Gateway 5XXError (REST APIs): requests answered with a 5xx status.",
        httpClientErrors: "API Gateway 4xx (HTTP APIs): requests answered with a 4xx status.",
        httpServerErrors: "API Gateway 5xx (HTTP APIs): requests answered with a 5xx status.",
        latency: "API Gateway Latency: from receiving the request to writing the response, in seconds.",
        integrationLatency: "API Gateway IntegrationLatency: from calling the backend to its answer, in seconds.",
        dataProcessed: "API Gateway DataProcessed (HTTP APIs): request and response body bytes.",
        cacheHitCount: "API Gateway CacheHitCount (REST APIs): requests the stage cache answered.",
        cacheMissCount: "API Gateway CacheMissCount (REST APIs): requests of cached methods the backend answered.",
        gatewayResponses: "Requests answered with a gateway response (the gateway's own refusal or failure), by type: THROTTLED and QUOTA_EXCEEDED are the throttled ones.",
        unmatched: "Requests that reached no API (no API, stage or domain there).",
        activeConnections: "Open client connections of the data-plane listener.",
        stagesServed: "Deployed stages the gateway serves.",
        deploymentsInstalled: "Compiled gateways installed (one per store change that touched deployments).",
        accessLogLines: "Access log lines by sink and outcome (delivered, failed).",
        accessLogDropped: "Access log lines dropped because the sink's bounded queue was full.",
        cloudWatchMetricData: "CloudWatch PutMetricData metric data by outcome (delivered, failed).",
        cloudWatchDroppedSamples: "Request samples not added to the CloudWatch push because its bounded accumulator was full.",
        auditEvents: "Audit trail events (management writes) by sink and outcome (delivered, failed).",
        auditDropped: "Audit trail events dropped because the sink's bounded queue was full.",
    ]

    /// Latency buckets: 1-2-2.5-5 steps with more between 10 ms and 1 s, so that p50, p90 and p99
    /// interpolate within a quarter of their value.
    public static let latencyBuckets: [Duration] = [
        1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1500,
        2000, 3000, 5000, 10000, 30000,
    ].map { .milliseconds($0) }
}
