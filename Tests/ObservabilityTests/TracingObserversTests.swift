import GatewayModel
import JSON
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import OpenAPI
import Testing

@testable import DataPlane
@testable import Observability

/// Spans and execution logs after real requests through the real pipeline (in process, on an
/// embedded loop): the client's trace continued, the spans' ids and names, and AWS's execution
/// log lines with secrets masked.
@Suite struct TracingObserversTests {
    struct Outcome {
        var spans: [SpanRecord]
        var lines: [AccessLogLine]
        var exchanges: [Exchange]
        var apiId: String
    }

    /// Serves `ObserversTests.document` at `prod` (tracing on, 100 % sampled, execution logs INFO
    /// with data trace for every method but `GET /plain`, which logs ERROR only) and runs `requests`.
    func run(_ requests: [(path: String, headers: HTTPHeaders)], sampleRate: Double = 1) async throws -> Outcome {
        let definition = try OpenAPIImporter().importDocument(Array(ObserversTests.document.utf8), sourceName: "pets.yaml").definition
        var info = MethodSetting()
        info.loggingLevel = "INFO"
        info.dataTraceEnabled = true
        var errorsOnly = MethodSetting()
        errorsOnly.loggingLevel = "ERROR"
        let stage = Stage(
            stageName: "prod", deploymentId: "d1", methodSettings: ["*/*": info, "plain/GET": errorsOnly], tracingEnabled: true)
        let metrics = GatewayMetrics()
        let spans = OTLPTraceExporter.makeQueue(capacity: 100, metrics: metrics)
        let logs = AccessLogQueue(capacity: 1000, dropped: LogSinkKind.execution.dropped(metrics))
        let gateway = DeploymentCompiler().compile(
            GatewaySnapshot(stages: [DeployedStage(definition: definition, deploymentId: "d1", settings: .rest(stage))]),
            observers: TracingObservability(spans: spans, executionLogs: logs, region: "us-east-1", cloudWatch: true, localSink: false),
            tracing: TracingPolicy(sampleRate: sampleRate, allStages: false, recordsSpans: true))
        let loop = EmbeddedEventLoop()
        let context = LoopContext(
            eventLoop: loop, gateway: gateway, upstreams: UpstreamConnectionPool(eventLoop: loop, tls: UpstreamTLSContexts()),
            logger: Logger(label: "test"))
        var exchanges: [Exchange] = []
        for (path, extra) in requests {
            var headers: HTTPHeaders = ["Host": "localhost"]
            headers.add(contentsOf: extra)
            let request = IncomingRequest(
                head: HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers), body: nil,
                sourceIp: "192.0.2.10", localPort: 8080, isSecure: false, receivedAtMilliseconds: 1_765_086_000_000)
            var result: PipelineResult?
            switch RequestPipeline.resolve(request, loop: context) {
            case .exchange(let exchange):
                exchanges.append(exchange)
                RequestPipeline.run(exchange, loop: context) { result = $0 }
            case .answered(let answered): result = answered
            }
            loop.run()
            result?.afterWrite(atMilliseconds: 1_765_086_000_042)
        }
        try await loop.shutdownGracefully()
        return Outcome(spans: spans.take(), lines: logs.take(), exchanges: exchanges, apiId: definition.apiId)
    }

    @Test func spansContinueTheClientsTrace() async throws {
        let outcome = try await run([
            ("/prod/pets/7", ["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate": "vendor=abc"])
        ])
        let request = try #require(outcome.spans.first)
        #expect(outcome.spans.count == 1)  // a MOCK integration calls no backend: no integration span
        #expect(request.traceHigh == 0x4bf9_2f35_77b3_4da6 && request.traceLow == 0xa3ce_929d_0e0e_4736)
        #expect(request.parentSpanId == 0x00f0_67aa_0ba9_02b7)
        #expect(request.name == "GET /pets/{id}")
        #expect(request.kind == .server)
        #expect(request.traceState == "vendor=abc")
        #expect(request.end >= request.start)
        #expect(request.attributes.contains { $0.key == "http.response.status_code" && $0.value == .int(200) })
        #expect(request.attributes.contains { $0.key == "http.route" && $0.value == .string("/pets/{id}") })
        #expect(request.spanId == outcome.exchanges.first?.traceContext?.requestSpanId)
        let written = GatewayHTTPResponse(status: .ok)
        #expect(outcome.exchanges.first?.accessLogValue(named: "xrayTraceId", response: written, writtenAtMilliseconds: 0) == "1-4bf92f35-77b34da6a3ce929d0e0e4736")
        #expect(outcome.exchanges.first?.accessLogValue(named: "traceId", response: written, writtenAtMilliseconds: 0) == "4bf92f3577b34da6a3ce929d0e0e4736")

        let json = try JSONValueParser().parse(
            OTLPTraceEncoder.encode(outcome.spans, resource: [("service.name", "portcullis")], scope: "portcullis", version: "1"))
        let span = try #require(json["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.first?["spans"]?.arrayValue?.first)
        #expect(span["traceId"]?.stringValue == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(span["parentSpanId"]?.stringValue == "00f067aa0ba902b7")
        #expect(span["kind"]?.numberValue == 2)
        #expect(span["startTimeUnixNano"]?.stringValue == String(request.start))
    }

    @Test func unsampledRequestsRecordNoSpans() async throws {
        let outcome = try await run([("/prod/pets/7", [:]), ("/prod/pets/8", ["X-Amzn-Trace-Id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0"])], sampleRate: 0)
        #expect(outcome.spans.isEmpty)
        #expect(outcome.exchanges.allSatisfy { $0.spans == nil && $0.traceContext?.sampled == false })
        #expect(outcome.exchanges.last?.traceContext?.xrayTraceId == "1-5759e988-bd862e3fe1be46a994272793")
    }

    @Test func executionLogLinesInAWSWords() async throws {
        let key = "k3y-0123456789abcdefWXYZ"
        let outcome = try await run([("/prod/pets/7?color=red", ["x-api-key": key, "Authorization": "Bearer abcdefghijklmnop9876"])])
        let requestId = try #require(outcome.exchanges.first?.context.requestId)
        let texts = outcome.lines.map(\.line)
        #expect(texts.allSatisfy { $0.hasPrefix("(\(requestId)) ") })
        let bare = texts.map { String($0.dropFirst(requestId.count + 3)) }
        let apiStage = "\(outcome.apiId)/prod"
        #expect(bare.first?.hasPrefix("Extended Request Id: ") == true)
        #expect(bare.contains("Verifying Usage Plan for request: \(requestId). API Key:  API Stage: \(apiStage)"))
        #expect(bare.contains("API Key  authorized because method 'GET /pets/{id}' does not require API Key. Request will not contribute to throttle or quota limits"))
        #expect(bare.contains("Starting execution for request: \(requestId)"))
        #expect(bare.contains("HTTP Method: GET, Resource Path: /pets/7"))
        #expect(bare.contains("Method request path: {id=7}"))
        #expect(bare.contains("Method request query string: {color=red}"))
        #expect(bare.contains("Successfully completed execution"))
        #expect(bare.last == "Method completed with status: 200")
        let headers = try #require(bare.first { $0.hasPrefix("Method request headers: ") })
        #expect(!headers.contains("0123456789") && !headers.contains("abcdefghijklmnop"))
        #expect(headers.contains("x-api-key=" + String(repeating: "*", count: 20) + "WXYZ"))
        #expect(headers.contains("Authorization=" + String(repeating: "*", count: 23) + "9876"))
        #expect(outcome.lines.first?.destination?.groupName == "API-Gateway-Execution-Logs_\(outcome.apiId)/prod")
        #expect(outcome.lines.first?.destination?.region == "us-east-1")
    }

    @Test func errorLevelKeepsOnlyFailures() async throws {
        let outcome = try await run([("/prod/plain", [:])])
        #expect(outcome.lines.isEmpty)  // ERROR level, and nothing failed
        #expect(outcome.exchanges.first?.trace?.lines.isEmpty == false)  // recorded at INFO detail all the same
    }

    @Test func otlpEndpointFromOpenTelemetrysEnvironment() {
        #expect(OTLPTraceExporter.endpoint(environment: [:], configured: nil) == nil)
        #expect(OTLPTraceExporter.endpoint(environment: [:], configured: "http://c:4318") == "http://c:4318/v1/traces")
        #expect(OTLPTraceExporter.endpoint(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://e:4318/"], configured: "http://c:4318") == "http://e:4318/v1/traces")
        #expect(
            OTLPTraceExporter.endpoint(
                environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://e:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://t:9/custom"], configured: nil)
                == "http://t:9/custom")
        let headers = OTLPTraceExporter.headers(environment: ["OTEL_EXPORTER_OTLP_HEADERS": "api-key=a%20b, tenant=7,broken"])
        #expect(headers.map(\.0) == ["api-key", "tenant"])
        #expect(headers.map(\.1) == ["a b", "7"])
    }
}
