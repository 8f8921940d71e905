public import GatewayModel

/// Reads the `GatewaySnapshot` (everything the data plane serves) from the store, in one read
/// transaction, with one query per collection rather than one per API.
///
/// Deployments never change once made, so a deployment already in `previous` is taken from there
/// by id instead of being read and decoded again: after the first load, a change costs the small
/// records (stages, keys, plans, domains) and the new deployments only. A record that does not
/// decode, or a stage whose deployment is missing, is skipped and reported in `problems`; it never
/// keeps the rest from being served.
public struct GatewaySnapshotLoader: Sendable {
    public let store: any GatewayStore

    public init(store: any GatewayStore) {
        self.store = store
    }

    public struct Loaded: Sendable {
        public var snapshot: GatewaySnapshot
        public var problems: [String]
        public var revision: StoreRevision
    }

    public func load(reusing previous: GatewaySnapshot? = nil) async throws -> Loaded {
        var known: [String: ApiDefinition] = [:]
        for stage in previous?.stages ?? [] {
            known[Self.deploymentKey(stage.apiId, stage.deploymentId)] = stage.definition
            if let canary = stage.canary { known[Self.deploymentKey(stage.apiId, canary.deploymentId)] = canary.definition }
        }
        return try await store.read { tx in
            var reader = Reader(tx: tx, known: known)
            let flushes = try await reader.cacheFlushes()
            let stages = try await reader.restStages(flushes) + reader.httpStages(flushes)
            let snapshot = GatewaySnapshot(
                stages: stages, domains: try await reader.domains(), usagePlans: try await reader.usagePlans(),
                clientCertificates: try await reader.every(RestApiCollections.clientCertificates).map(\.value))
            return Loaded(snapshot: snapshot, problems: reader.problems, revision: tx.revision)
        }
    }

    static func deploymentKey(_ apiId: String, _ deploymentId: String) -> String { apiId + "/" + deploymentId }

    /// One load: the transaction, the deployments already decoded, the problems found.
    private struct Reader {
        let tx: any StoreReadTransaction
        let known: [String: ApiDefinition]
        var problems: [String] = []

        mutating func every<Value>(_ collection: StoreCollection<Value>) async throws -> [StoreEntry<Value>] {
            let (entries, undecodable) = try await tx.listEveryEntry(collection)
            for (key, reason) in undecodable { problems.append("skipped \(key): it does not decode (\(reason))") }
            return entries
        }

        /// Every stage's flush counts, by `apiId/stageName`.
        mutating func cacheFlushes() async throws -> [String: StageCacheFlush] {
            var flushes: [String: StageCacheFlush] = [:]
            for entry in try await every(DeployedCollections.stageCacheFlushes) {
                guard let apiId = entry.key.parent.segments.first else { continue }
                flushes[apiId + "/" + entry.id] = entry.value
            }
            return flushes
        }

        mutating func restStages(_ flushes: [String: StageCacheFlush]) async throws -> [DeployedStage] {
            var deployed: [DeployedStage] = []
            for entry in try await every(DeployedCollections.restStages) {
                guard let apiId = entry.key.parent.segments.first else { continue }
                let stage = entry.value
                guard let deploymentId = stage.deploymentId, let definition = try await restDeployment(apiId, deploymentId) else {
                    problems.append("REST API \(apiId) stage \(stage.stageName): no deployment to serve")
                    continue
                }
                var canary: CanaryDeployment?
                if let canaryId = stage.canarySettings?.deploymentId {
                    if let canaryDefinition = try await restDeployment(apiId, canaryId) {
                        canary = CanaryDeployment(definition: canaryDefinition, deploymentId: canaryId)
                    } else {
                        problems.append("REST API \(apiId) stage \(stage.stageName): canary deployment \(canaryId) is missing")
                    }
                }
                deployed.append(
                    DeployedStage(
                        definition: definition, deploymentId: deploymentId, canary: canary, settings: .rest(stage),
                        cacheFlush: flushes[apiId + "/" + stage.stageName]))
            }
            return deployed
        }

        mutating func httpStages(_ flushes: [String: StageCacheFlush]) async throws -> [DeployedStage] {
            // WebSocket APIs are stored, but their data plane is not built yet.
            let httpApis = Set(try await every(DeployedCollections.httpApis).filter { $0.value.protocolType == "HTTP" }.map(\.value.apiId))
            var deployed: [DeployedStage] = []
            for entry in try await every(DeployedCollections.httpStages) {
                guard let apiId = entry.key.parent.segments.first, httpApis.contains(apiId) else { continue }
                let stage = entry.value
                guard let deploymentId = stage.deploymentId, let definition = try await httpDeployment(apiId, deploymentId) else {
                    problems.append("HTTP API \(apiId) stage \(stage.stageName): no deployment to serve")
                    continue
                }
                deployed.append(
                    DeployedStage(
                        definition: definition, deploymentId: deploymentId, settings: .http(stage),
                        cacheFlush: flushes[apiId + "/" + stage.stageName]))
            }
            return deployed
        }

        mutating func restDeployment(_ apiId: String, _ deploymentId: String) async throws -> ApiDefinition? {
            try await deployment(DeployedCollections.restDeployments, "REST API", apiId, deploymentId) { .rest($0.snapshot) }
        }

        mutating func httpDeployment(_ apiId: String, _ deploymentId: String) async throws -> ApiDefinition? {
            try await deployment(DeployedCollections.httpDeployments, "HTTP API", apiId, deploymentId) { .http($0.snapshot) }
        }

        /// A deployment already known, or read and decoded (a record that does not decode is a problem).
        private mutating func deployment<Stored>(
            _ collection: StoreCollection<Stored>, _ family: String, _ apiId: String, _ deploymentId: String,
            _ definition: (Stored) -> ApiDefinition
        ) async throws -> ApiDefinition? {
            if let known = known[deploymentKey(apiId, deploymentId)] { return known }
            do {
                return try await tx.get(collection, parent: StoreParent(apiId), id: deploymentId).map { definition($0.value) }
            } catch {
                problems.append("\(family) \(apiId) deployment \(deploymentId) does not decode: \(error)")
                return nil
            }
        }

        private func deploymentKey(_ apiId: String, _ deploymentId: String) -> String {
            GatewaySnapshotLoader.deploymentKey(apiId, deploymentId)
        }

        mutating func domains() async throws -> DomainSnapshot {
            var domains = DomainSnapshot()
            domains.restDomainNames = try await every(RestApiCollections.domainNames).map(\.value)
            for entry in try await every(RestApiCollections.basePathMappings) {
                guard let name = entry.key.parent.segments.last else { continue }
                domains.basePathMappings[name, default: []].append(entry.value)
            }
            domains.httpDomainNames = try await every(HttpApiCollections.domainNames).map(\.value)
            for entry in try await every(HttpApiCollections.apiMappings) {
                guard let name = entry.key.parent.segments.last else { continue }
                domains.apiMappings[name, default: []].append(entry.value)
            }
            for entry in try await every(HttpApiCollections.routingRules) {
                guard let name = entry.key.parent.segments.last else { continue }
                domains.routingRules[name, default: []].append(entry.value)
            }
            return domains
        }

        mutating func usagePlans() async throws -> UsagePlanSnapshot {
            var plans = UsagePlanSnapshot()
            plans.apiKeys = try await every(RestApiCollections.apiKeys).map(\.value)
            let usagePlans = try await every(RestApiCollections.usagePlans)
            plans.usagePlans = usagePlans.map(\.value)
            for entry in usagePlans {
                plans.usagePlanCreated[entry.id] = UsageDay(epochMilliseconds: entry.metadata.createdMilliseconds)
            }
            for entry in try await every(RestApiCollections.usagePlanKeys) {
                guard let planId = entry.key.parent.segments.last else { continue }
                plans.usagePlanKeys[planId, default: []].append(entry.value)
            }
            plans.account = try await tx.get(RestApiCollections.account, id: RestApiCollections.accountRecordId)?.value
            return plans
        }
    }
}
