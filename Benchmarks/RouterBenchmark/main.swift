// Router micro-benchmark: the cost of one route lookup with 10 routes and with 10,000 routes,
import Foundation
// measured side by side in one process (interleaved rounds, median of each), printed as ns per
// lookup and as a ratio. Run: swift run -c release router-benchmark
import DataPlane

struct Workload {
    let name: String
    let router: PathRouter<MethodTable>
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
    var generator = SystemRandomNumberGenerator()
    paths.shuffle(using: &generator)
    return Workload(name: "\(routes) routes", router: builder.build(), paths: Array(paths.prefix(1024)))
}

struct MockHandler: IntegrationHandler {
    func invoke(_ exchange: Exchange, loop: LoopContext, completion: @escaping (Result<GatewayHTTPResponse, GatewayError>) -> Void) {}
}

@inline(never)
func measure(_ workload: Workload, lookups: Int) -> Double {
    var found = 0
    let clock = ContinuousClock()
    let start = clock.now
    var index = 0
    for _ in 0..<lookups {
        if let match = workload.router.match(workload.paths[index], accept: { $0.method(for: "GET") != nil }) {
            found &+= match.parameters.count + 1
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
print("  \(small.name) (\(small.router.nodeCount) trie nodes): \(String(format: "%.1f", smallMedian)) ns/lookup")
print("  \(large.name) (\(large.router.nodeCount) trie nodes): \(String(format: "%.1f", largeMedian)) ns/lookup")
print("  ratio 10,000 / 10: \(String(format: "%.3f", largeMedian / smallMedian))")
