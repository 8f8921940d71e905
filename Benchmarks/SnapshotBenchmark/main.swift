// How long a changed stage takes to go live with many APIs in the store: the store's change →
// the snapshot loaded (reusing the deployments already known) → the gateway compiled (reusing
// the stages nothing touched) → installed on every event loop. Run in release:
//
//     swift build -c release --product snapshot-benchmark && .build/release/snapshot-benchmark [apis] [changes]
//
// It fills a fresh SQLite store (in a temporary folder) with `apis` REST APIs (5 resources, a
// MOCK method each, one deployment, a `prod` stage), then changes one stage's variables
// `changes` times and prints the median and worst time from the commit to the new gateway
// being served, next to a full reload and recompile for comparison.
import DataPlane
import Foundation
import GatewayModel
import GatewayStore
import GatewayStoreSQLite
import Logging
import NIOPosix

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let apiCount = arguments.first ?? 1_000
let changes = arguments.dropFirst().first ?? 25

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portcullis-snapshot-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let store = try await SQLiteGatewayStore.open(
    .init(path: folder.appendingPathComponent("bench.sqlite").path, encryptionKey: StoreEncryptionKey.random()))

let clock = ContinuousClock()
let filling = clock.now
for batch in stride(from: 0, to: apiCount, by: 100) {
    try await store.write { tx in
        for index in batch..<min(batch + 100, apiCount) {
            let apiId = "api\(index)"
            let parent = StoreParent(apiId)
            let api = RestApi(id: apiId, name: "bench \(index)", rootResourceId: "\(apiId)r")
            try await tx.put(DeployedCollections.restApis, id: apiId, api)
            var resources = [Resource(id: "\(apiId)r", path: "/")]
            for part in ["pets", "orders", "users", "items", "carts"] {
                let integration = Integration(type: .mock, requestTemplates: ["application/json": "{\"statusCode\": 200}"])
                resources.append(
                    Resource(
                        id: "\(apiId)\(part)", parentId: "\(apiId)r", pathPart: part, path: "/\(part)",
                        resourceMethods: ["GET": Method(httpMethod: "GET", methodIntegration: integration)]))
            }
            for resource in resources { try await tx.put(DeployedCollections.restResources, parent: parent, id: resource.id, resource) }
            let snapshot = try await DeploymentFreezer.freeze(tx, restApi: api)
            try await tx.put(
                DeployedCollections.restDeployments, parent: parent, id: "d1",
                StoredRestDeployment(deployment: Deployment(id: "d1"), snapshot: snapshot))
            try await tx.put(DeployedCollections.restStages, parent: parent, id: "prod", Stage(stageName: "prod", deploymentId: "d1"))
        }
    }
}
print("filled \(apiCount) APIs in \(String(format: "%.0f", milliseconds(clock.now - filling))) ms")

let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
let runtime = GatewayRuntime(group: group, logger: Logger(label: "bench"))
let loader = GatewaySnapshotLoader(store: store)
let compiler = DeploymentCompiler()

let cold = clock.now
var loaded = try await loader.load()
var gateway = compiler.compile(loaded.snapshot)
try await runtime.update(gateway).get()
print("cold: load + compile + install \(apiCount) stages: \(String(format: "%.1f", milliseconds(clock.now - cold))) ms")

var incremental: [Double] = []
var full: [Double] = []
for change in 0..<changes {
    let apiId = "api\((change * 37) % apiCount)"
    let start = clock.now
    try await store.write { tx in
        var stage = try await tx.require(DeployedCollections.restStages, parent: StoreParent(apiId), id: "prod").value
        stage.variables = ["version": "\(change)"]
        try await tx.put(DeployedCollections.restStages, parent: StoreParent(apiId), id: "prod", stage)
    }
    loaded = try await loader.load(reusing: loaded.snapshot)
    gateway = compiler.compile(loaded.snapshot, reusing: gateway)
    try await runtime.update(gateway).get()
    incremental.append(milliseconds(clock.now - start))
    precondition(gateway.reusedStages == apiCount - 1, "expected every other stage to be reused")
    precondition(gateway.apis[apiId]?.stages["prod"]?.variables["version"] == "\(change)")

    let fullStart = clock.now
    let fresh = try await loader.load()
    try await runtime.update(compiler.compile(fresh.snapshot)).get()
    full.append(milliseconds(clock.now - fullStart))
}
try await runtime.update(gateway).get()

func summary(_ values: [Double]) -> String {
    let sorted = values.sorted()
    return String(format: "median %.1f ms, worst %.1f ms", sorted[sorted.count / 2], sorted.last ?? 0)
}
print("a changed stage live (commit → load → compile → installed), \(apiCount) APIs, \(changes) changes: \(summary(incremental))")
print("for comparison, a full reload and recompile:                   \(summary(full))")
try await store.close()
try await group.shutdownGracefully()
