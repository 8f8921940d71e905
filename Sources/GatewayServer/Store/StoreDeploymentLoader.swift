public import DataPlane
import GatewayModel
public import GatewayStore

/// Reads what the store says is deployed — every stage of every API with the deployment it points
/// at — as the `ServedApi`s the deployment compiler takes. A stage whose deployment is missing is
/// skipped and reported.
public struct StoreDeploymentLoader: Sendable {
    public let store: any GatewayStore

    public init(store: any GatewayStore) {
        self.store = store
    }

    public func load() async throws -> (served: [ServedApi], problems: [String]) {
        try await store.read { tx in
            var served: [ServedApi] = []
            var problems: [String] = []
            for api in try await tx.listAll(DeployedCollections.restApis) {
                let parent = StoreParent(api.id)
                for stage in try await tx.listAll(DeployedCollections.restStages, parent: parent) {
                    guard let deploymentId = stage.value.deploymentId,
                        let deployment = try await tx.get(DeployedCollections.restDeployments, parent: parent, id: deploymentId)
                    else {
                        problems.append("REST API \(api.id) stage \(stage.id): no deployment to serve")
                        continue
                    }
                    served.append(
                        ServedApi(
                            definition: .rest(deployment.value.snapshot),
                            stages: [StageSpecification(name: stage.value.stageName, deploymentId: deploymentId, variables: stage.value.variables ?? [:])]))
                }
            }
            // WebSocket APIs are stored, but their data plane is not built yet.
            for api in try await tx.listAll(DeployedCollections.httpApis) where api.value.protocolType == "HTTP" {
                let parent = StoreParent(api.id)
                for stage in try await tx.listAll(DeployedCollections.httpStages, parent: parent) {
                    guard let deploymentId = stage.value.deploymentId,
                        let deployment = try await tx.get(DeployedCollections.httpDeployments, parent: parent, id: deploymentId)
                    else {
                        problems.append("HTTP API \(api.id) stage \(stage.id): no deployment to serve")
                        continue
                    }
                    served.append(
                        ServedApi(
                            definition: .http(deployment.value.snapshot),
                            stages: [StageSpecification(name: stage.value.stageName, deploymentId: deploymentId, variables: stage.value.stageVariables ?? [:])]))
                }
            }
            return (served, problems)
        }
    }
}
