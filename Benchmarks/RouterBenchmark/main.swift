// Router micro-benchmark: the cost of one route lookup with 10 routes and with 10,000 routes,
import Foundation
// measured side by side in one process (interleaved rounds, median of each), printed as ns per
// lookup and as a ratio. Run: swift run -c release router-benchmark
import DataPlane

struct Workload {
    let name: String
    /// The stage the data plane routes through (`CompiledStage.route`), as a request does.
    let stage: CompiledStage
    let paths: [Substring]
}

func makeWorkload(routes: Int) -> Workload {
    var builder = PathRouter<MethodTable>.Builder()
    let integration = MockHandler()
    var paths: [Substring] = []
    for index in 0..<routes {
        // A realistic mix: literal collections, an item with a parameter, a nested sub-resource.
        let base = "/service\(index % 97)/resource\(index)"
        for (template, sample) in [(base, base), (base + "/{id}", base + "/42"), (base + "/{id}/items/{itemId}", base + "/42/items/7")] {
            var table = MethodTable()
            table.methods["GET"] = CompiledMethod(
                resourceId: "r\(index)", resourcePath: template, httpMethod: "GET", routeKey: "", parameterNames: [],
                phases: [], integration: integration)
            do {
                builder.add(try PathTemplate(parsing: template), table) { old, _ in old }
            } catch {
                print("invalid template \(template): \(error)")
            }
            if paths.count < 30_000 { paths.append(Substring(sample)) }
        }
    }
    // 1,024 sample paths in random order (repeated when there are fewer distinct ones).
    var samples: [Substring] = []
    while samples.count < 1024 { samples += paths }
    var generator = SystemRandomNumberGenerator()
    samples.shuffle(using: &generator)
    let stage = CompiledStage(
        apiId: "bench", kind: .rest, name: "bench", deploymentId: "d", variables: [:], router: builder.build(), defaultRoute: nil)
    return Workload(name: "\(routes) routes", stage: stage, paths: Array(samples.prefix(1024)))
}

/// Never called: the benchmark only routes.
struct MockHandler: IntegrationHandler {
    func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError> {
        .failure(.configuration(cause: "benchmark"))
    }
    func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError> {
        .failure(.configuration(cause: "benchmark"))
    }
    func failure(for error: UpstreamError) -> GatewayError { .configuration(cause: "benchmark") }
}

@inline(never)
func measure(_ workload: Workload, lookups: Int) -> Double {
    var found = 0
    let clock = ContinuousClock()
    let start = clock.now
    var index = 0
    for _ in 0..<lookups {
        if let (method, match) = workload.stage.route(method: "GET", path: workload.paths[index]) {
            found &+= (match?.parameters.count ?? 0) + method.parameterNames.count + 1
        }
        index = (index + 1) & 1023
    }
    let elapsed = clock.now - start
    precondition(found > 0, "every sampled path resolves")
    let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    return nanoseconds / Double(lookups)
}

let small = makeWorkload(routes: 10)
let large = makeWorkload(routes: 10_000)
let lookups = 1_000_000
_ = measure(small, lookups: 100_000)  // warm up
_ = measure(large, lookups: 100_000)
var smallRounds: [Double] = []
var largeRounds: [Double] = []
for _ in 0..<7 {
    smallRounds.append(measure(small, lookups: lookups))
    largeRounds.append(measure(large, lookups: lookups))
}
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
let smallMedian = median(smallRounds)
let largeMedian = median(largeRounds)
print("router lookup, median of 7 interleaved rounds of \(lookups) lookups (3 templates per route, random paths):")
print("  \(small.name) (\(small.stage.router.nodeCount) trie nodes): \(String(format: "%.1f", smallMedian)) ns/lookup")
print("  \(large.name) (\(large.stage.router.nodeCount) trie nodes): \(String(format: "%.1f", largeMedian)) ns/lookup")
print("  ratio 10,000 / 10: \(String(format: "%.3f", largeMedian / smallMedian))")
