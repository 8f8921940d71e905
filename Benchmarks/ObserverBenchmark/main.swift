// After-write observer micro-benchmark: the CPU of one request through the real pipeline (endpoint,
// routing, a MOCK integration, the gateway response, the after-write phase; no sockets) with no
// observers, with AWS's metrics (detailed, by resource), and with metrics and an access log line
// (AWS's JSON example, taken by a sink task every 100 ms), and with metrics and the CloudWatch push's
// per-minute accumulator, measured side by side (interleaved rounds, median
// of each), printed as ns per request. Run: swift run -c release observer-benchmark
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
    name: String, loop: EmbeddedEventLoop, metrics: Bool, accessLog: AccessLogQueue?, cloudWatch: CloudWatchMetricsAccumulator? = nil
) throws -> Setup {
    let definition = try OpenAPIImporter().importDocument(Array(document.utf8), sourceName: "bench.yaml").definition
    var detailed = MethodSetting()
    detailed.metricsEnabled = true
    let stage = Stage(
        stageName: "prod", deploymentId: "d1", methodSettings: ["*/*": detailed],
        accessLogSettings: accessLog == nil ? nil : AccessLogSettings(format: json, destinationArn: nil))
    let snapshot = GatewaySnapshot(stages: [DeployedStage(definition: definition, deploymentId: "d1", settings: .rest(stage))])
    let observability =
        metrics ? GatewayObservability(metrics: GatewayMetrics(), accessLogs: accessLog, localSink: accessLog != nil, cloudWatchMetrics: cloudWatch) : nil
    let gateway = DeploymentCompiler().compile(snapshot, observers: observability)
    return Setup(name: name, context: LoopContext.standalone(eventLoop: loop, gateway: gateway, logger: Logger(label: "bench")))
}

func run(_ setup: Setup, loop: EmbeddedEventLoop, requests: Int) -> Double {
    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/prod/pets/7", headers: ["Host": "localhost"])
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<requests {
        let request = IncomingRequest(
            head: head, body: nil, sourceIp: "192.0.2.10", localPort: 8080, isSecure: false, receivedAtMilliseconds: 1_765_086_000_000)
        var result: PipelineResult?
        switch RequestPipeline.resolve(request, loop: setup.context) {
        case .exchange(let exchange): RequestPipeline.run(exchange, loop: setup.context) { result = $0 }
        case .answered(let answered): result = answered
        }
        loop.run()
        result?.afterWrite(atMilliseconds: 1_765_086_000_003)
    }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(requests)
}

let loop = EmbeddedEventLoop()
let metricsForQueue = GatewayMetrics()
let queue = AccessLogQueue(capacity: 100_000, metrics: metricsForQueue)
// The sink: takes the queue on another thread every 100 ms, as the access log service does.
Task.detached {
    while true {
        try? await Task.sleep(for: .milliseconds(100))
        _ = queue.take()
    }
}
let setups = [
    try makeSetup(name: "no observers", loop: loop, metrics: false, accessLog: nil),
    try makeSetup(name: "metrics", loop: loop, metrics: true, accessLog: nil),
    try makeSetup(name: "metrics + access log", loop: loop, metrics: true, accessLog: queue),
    try makeSetup(
        name: "metrics + CloudWatch push", loop: loop, metrics: true, accessLog: nil,
        cloudWatch: CloudWatchMetricsAccumulator(metrics: metricsForQueue)),
]
var samples = Array(repeating: [Double](), count: setups.count)
for setup in setups { _ = run(setup, loop: loop, requests: 2_000) }
for _ in 0..<15 {
    for (index, setup) in setups.enumerated() { samples[index].append(run(setup, loop: loop, requests: 20_000)) }
}
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
let base = median(samples[0])
print("| setup | ns per request | over no observers |")
print("|---|---|---|")
for (index, setup) in setups.enumerated() {
    let value = median(samples[index])
    print("| \(setup.name) | \(String(format: "%.0f", value)) | \(String(format: "%+.0f ns", value - base)) |")
}
let dropped = metricsForQueue.exposition(connections: 0).split(separator: "\n").first { $0.hasPrefix("portcullis_access_log_dropped_lines_total ") } ?? ""
print("access log lines dropped: \(dropped.split(separator: " ").last ?? "0")")
