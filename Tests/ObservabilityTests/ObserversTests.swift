import GatewayModel
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import OpenAPI
import Testing

@testable import DataPlane
@testable import Observability

/// The observers after real requests through the real pipeline (in process, on an embedded loop):
/// AWS's metric names, labels and values in the Prometheus exposition, and one access log line per
/// request in the stage's format.
@Suite struct ObserversTests {
    static let document = """
        openapi: 3.0.1
        info: {title: pets, version: "1"}
        paths:
          /pets/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"id": "7"}'}}}
          /plain:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200"}}
        """

    /// Serves the document at stage `prod` with detailed metrics for `GET /pets/{id}` and a CLF
    /// access log, runs `paths`, and returns the exposition and the access log lines.
    func run(_ paths: [String], cloudWatch: CloudWatchMetricsAccumulator? = nil) async throws
        -> (exposition: String, lines: [AccessLogLine], apiId: String)
    {
        let definition = try OpenAPIImporter().importDocument(Array(Self.document.utf8), sourceName: "pets.yaml").definition
        var detailed = MethodSetting()
        detailed.metricsEnabled = true
        let stage = Stage(
            stageName: "prod", deploymentId: "d1", methodSettings: ["pets/{id}/GET": detailed],
            accessLogSettings: AccessLogSettings(
                format: #"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.error.responseType"#,
                destinationArn: "arn:aws:logs:us-east-1:000000000000:log-group:access"))
        let metrics = GatewayMetrics()
        let queue = AccessLogQueue(capacity: 100, metrics: metrics)
        let gateway = DeploymentCompiler().compile(
            GatewaySnapshot(stages: [DeployedStage(definition: definition, deploymentId: "d1", settings: .rest(stage))]),
            observers: GatewayObservability(metrics: metrics, accessLogs: queue, localSink: false, cloudWatchMetrics: cloudWatch))
        let loop = EmbeddedEventLoop()
        let context = LoopContext(
            eventLoop: loop, gateway: gateway, upstreams: UpstreamConnectionPool(eventLoop: loop, tls: UpstreamTLSContexts()),
            logger: Logger(label: "test"))
        for path in paths {
            let request = IncomingRequest(
                head: HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: ["Host": "localhost"]), body: nil,
                sourceIp: "192.0.2.10", localPort: 8080, isSecure: false, receivedAtMilliseconds: 1_765_086_000_000)
            var result: PipelineResult?
            switch RequestPipeline.resolve(request, loop: context) {
            case .exchange(let exchange): RequestPipeline.run(exchange, loop: context) { result = $0 }
            case .answered(let answered): result = answered
            }
            loop.run()
            result?.afterWrite(atMilliseconds: 1_765_086_000_042)
        }
        try await loop.shutdownGracefully()
        return (metrics.exposition(connections: 3), queue.take(), definition.apiId)
    }

    @Test func awsMetricsByResourceAndStage() async throws {
        let (text, lines, _) = try await run(["/prod/pets/7", "/prod/pets/8", "/prod/plain", "/prod/nothing", "/other/x"])
        // Detailed metrics: the resource template, never the raw path.
        #expect(text.contains(#"aws_apigateway_count_total{api_name="pets",stage="prod",resource="/pets/{id}",method="GET"} 2"#))
        #expect(!text.contains("/pets/7"))
        // Without detailed metrics: the stage's series (GET /plain and the unrouted request).
        #expect(text.contains(#"aws_apigateway_count_total{api_name="pets",stage="prod"} 2"#))
        #expect(text.contains(#"aws_apigateway_4xx_error_total{api_name="pets",stage="prod"} 1"#))
        #expect(text.contains(#"aws_apigateway_5xx_error_total{api_name="pets",stage="prod"} 0"#))
        #expect(text.contains(#"aws_apigateway_latency_seconds_bucket{api_name="pets",stage="prod",resource="/pets/{id}",method="GET",le="0.05"} 2"#))
        #expect(text.contains(#"aws_apigateway_latency_seconds_bucket{api_name="pets",stage="prod",resource="/pets/{id}",method="GET",le="0.04"} 0"#))
        #expect(text.contains("# HELP aws_apigateway_count_total"))
        // The gateway's own.
        #expect(text.contains(#"portcullis_gateway_responses_total{type="MISSING_AUTHENTICATION_TOKEN"} 1"#))
        #expect(text.contains("portcullis_unmatched_requests_total 1"))
        #expect(text.contains("portcullis_active_connections 3"))
        #expect(lines.count == 4)
    }

    @Test func oneAccessLogLinePerRequestInTheStageFormat() async throws {
        let (_, lines, _) = try await run(["/prod/pets/7", "/prod/nothing"])
        #expect(lines.count == 2)
        let first = lines.first?.line ?? ""
        #expect(first.hasPrefix(#"192.0.2.10 - - [07/Dec/2025:05:40:00 +0000]"GET /pets/{id} HTTP/1.1" 200 11 "#))
        #expect(first.hasSuffix(" -"))
        #expect(lines.last?.line.hasPrefix(#"192.0.2.10 - - [07/Dec/2025:05:40:00 +0000]"GET - HTTP/1.1" 403 "#) == true)
        #expect(lines.last?.line.hasSuffix(" MISSING_AUTHENTICATION_TOKEN") == true)
        #expect(lines.first?.destination?.groupName == "access")
        #expect(lines.first?.timestamp == 1_765_086_000_000)
    }

    @Test func aFullQueueDropsAndCounts() {
        let metrics = GatewayMetrics()
        let queue = AccessLogQueue(capacity: 2, metrics: metrics)
        for index in 0..<5 { queue.offer(AccessLogLine(timestamp: 0, line: "\(index)", destination: nil)) }
        #expect(metrics.exposition(connections: 0).contains("portcullis_access_log_dropped_lines_total 3"))
        #expect(queue.take().map(\.line) == ["0", "1"])
        #expect(queue.take().isEmpty)
    }
}

