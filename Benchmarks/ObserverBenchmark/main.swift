// After-write observer micro-benchmark: the CPU of one request through the real pipeline (endpoint,
// routing, a MOCK integration, the gateway response, the after-write phase; no sockets) with no
// observers, with AWS's metrics (detailed, by resource), with metrics and an access log line (AWS's
// JSON example), with metrics and the CloudWatch push's per-minute accumulator, and with metrics,
// access log and tracing (the stage's `tracingEnabled`: trace context made per request, spans
// recorded for sampled requests and encoded as OTLP/JSON as the exporter does) at X-Ray's default
// 5 % and at 100 %, measured side by side (interleaved rounds, median of each), as process CPU time
// per request, the sinks' work included (done in the round that produced it).
// Run: swift run -c release observer-benchmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DataPlane
import Foundation
import GatewayModel
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Observability
import OpenAPI

let document = """
    openapi: 3.0.1
    info: {title: bench, version: "1"}
    paths:
      /pets/{id}:
        get:
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          x-amazon-apigateway-integration:
            type: mock
            requestTemplates: {application/json: '{"statusCode": 200}'}
            responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"id": "7"}'}}}
    """
let json = #"{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId","ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }"#

struct Setup {
    let name: String
    let context: LoopContext
}

func makeSetup(
    name: String, loop: EmbeddedEventLoop, metrics: Bool, accessLog: AccessLogQueue?, cloudWatch: CloudWatchMetricsAccumulator? = nil,
    tracing: (rate: Double, spans: BoundedQueue<SpanRecord>)? = nil
) throws -> Setup {
    let definition = try OpenAPIImporter().importDocument(Array(document.utf8), sourceName: "bench.yaml").definition
    var detailed = MethodSetting()
    detailed.metricsEnabled = true
    let stage = Stage(
        stageName: "prod", deploymentId: "d1", methodSettings: ["*/*": detailed],
        accessLogSettings: accessLog == nil ? nil : AccessLogSettings(format: json, destinationArn: nil), tracingEnabled: tracing != nil)
    let snapshot = GatewaySnapshot(stages: [DeployedStage(definition: definition, deploymentId: "d1", settings: .rest(stage))])
    var factories: [any AfterWriteObserverFactory] = []
    if metrics {
        factories.append(GatewayObservability(metrics: GatewayMetrics(), accessLogs: accessLog, localSink: accessLog != nil, cloudWatchMetrics: cloudWatch))
    }
    if let tracing {
        factories.append(TracingObservability(spans: tracing.spans, executionLogs: nil, region: "us-east-1", cloudWatch: false, localSink: false))
    }
    let gateway = DeploymentCompiler().compile(
        snapshot, observers: factories.isEmpty ? nil : ObserverFactories(factories),
        tracing: TracingPolicy(sampleRate: tracing?.rate ?? 0, allStages: false, recordsSpans: tracing != nil))
    return Setup(name: name, context: LoopContext.standalone(eventLoop: loop, gateway: gateway, logger: Logger(label: "bench")))
}

/// CPU time of the whole process (every thread), in nanoseconds.
func processCPU() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

@MainActor func run(_ setup: Setup, loop: EmbeddedEventLoop, requests: Int) -> Double {
    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/prod/pets/7", headers: ["Host": "localhost"])
    let start = processCPU()
    for request in 0..<requests {
        let incoming = IncomingRequest(
            head: head, body: nil, sourceIp: "192.0.2.10", localPort: 8080, isSecure: false, receivedAtMilliseconds: 1_765_086_000_000)
        var result: PipelineResult?
        switch RequestPipeline.resolve(incoming, loop: setup.context) {
        case .exchange(let exchange): RequestPipeline.run(exchange, loop: setup.context) { result = $0 }
        case .answered(let answered): result = answered
        }
        loop.run()
        result?.afterWrite(atMilliseconds: 1_765_086_000_003)
        // The sinks take their queues every 100 ms, about every 4,000 requests here.
        if request % 4_000 == 3_999 { drained &+= drainSinks() }
    }
    drained &+= drainSinks()
    return Double(processCPU() - start) / Double(requests)
}

var drained = 0
let loop = EmbeddedEventLoop()
let metricsForQueue = GatewayMetrics()
let queue = AccessLogQueue(capacity: 1_000_000, metrics: metricsForQueue)
let spans = OTLPTraceExporter.makeQueue(capacity: 1_000_000, metrics: metricsForQueue)
/// The sinks' work, done in the round that produced it (a sink task running beside the rounds
/// would charge one setup's lines and spans to whichever setup runs next): the access log queue
/// is taken, and spans are encoded as OTLP/JSON in batches of 512 as the exporter sends them (the
/// HTTP post aside).
@MainActor func drainSinks() -> Int {
    var encodedBytes = queue.take().count
    let batch = spans.take()
    var index = 0
    while index < batch.count {
        let end = min(batch.count, index + 512)
        encodedBytes &+= OTLPTraceEncoder.encode(
            Array(batch[index..<end]), resource: [("service.name", "portcullis")], scope: "portcullis", version: "1"
        ).utf8.count
        index = end
    }
    return encodedBytes
}
let setups = [
    try makeSetup(name: "no observers", loop: loop, metrics: false, accessLog: nil),
    try makeSetup(name: "metrics", loop: loop, metrics: true, accessLog: nil),
    try makeSetup(name: "metrics + access log", loop: loop, metrics: true, accessLog: queue),
    try makeSetup(
        name: "metrics + CloudWatch push", loop: loop, metrics: true, accessLog: nil,
        cloudWatch: CloudWatchMetricsAccumulator(metrics: metricsForQueue)),
    try makeSetup(name: "metrics + access log + tracing, 5 % sampled", loop: loop, metrics: true, accessLog: queue, tracing: (0.05, spans)),
    try makeSetup(name: "metrics + access log + tracing, 100 % sampled", loop: loop, metrics: true, accessLog: queue, tracing: (1, spans)),
]
let rounds = Int(ProcessInfo.processInfo.environment["OBSERVER_BENCH_ROUNDS"] ?? "") ?? 15
var samples = Array(repeating: [Double](), count: setups.count)
for setup in setups { _ = run(setup, loop: loop, requests: 2_000) }
for _ in 0..<rounds {
    for (index, setup) in setups.enumerated() { samples[index].append(run(setup, loop: loop, requests: 20_000)) }
}
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
let base = median(samples[0])
print("| setup | CPU ns per request | over no observers | ratio |")
print("|---|---|---|---|")
for (index, setup) in setups.enumerated() {
    let value = median(samples[index])
    print("| \(setup.name) | \(String(format: "%.0f", value)) | \(String(format: "%+.0f ns", value - base)) | \(String(format: "%.3f", value / base)) |")
}
let exposition = metricsForQueue.exposition(connections: 0).split(separator: "\n")
for name in ["portcullis_access_log_dropped_lines_total", "portcullis_trace_spans_dropped_total"] {
    let line = exposition.first { $0.hasPrefix(name + " ") } ?? ""
    print("\(name): \(line.split(separator: " ").last ?? "0")")
}
if drained < 0 { print(drained) }  // keeps the sinks' work from being optimized away
