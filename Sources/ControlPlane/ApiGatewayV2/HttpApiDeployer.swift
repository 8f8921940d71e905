import Foundation
import GatewayModel
import GatewayStore

/// Freezes an HTTP API into deployments, inside the caller's write transaction.
///
/// A deployment is a ``StoredHttpDeployment``: the `Deployment` the API returns and an
/// `ApiSnapshot` of the API, its routes, integrations and authorizers as they are at that moment.
/// The data plane serves a stage from the snapshot of the deployment the stage points at, so
/// moving a stage is what makes a change live.
///
/// **autoDeploy.** A stage with `autoDeploy: true` follows every change of what a deployment
/// freezes: the handler that changes the API, a route, an integration or an authorizer calls
/// ``autoDeploy(_:apiId:now:)`` in the same transaction, which makes a new deployment
/// (`autoDeployed: true`) for each such stage and moves the stage to it, so the change and its
/// deployment commit (or fail) together. When the API has no route left there is nothing to
/// deploy: the stage keeps serving its previous deployment, and its
/// `lastDeploymentStatusMessage` says why, as AWS does when an automatic deployment fails.
enum HttpApiDeployer {
    /// AWS's description of automatic deployments.
    static let automaticDescription = "Automatic deployment triggered by changes to the Api configuration"

    /// The API as it stands, with everything a deployment freezes.
    static func snapshot(_ tx: any StoreReadTransaction, api: ApiGatewayV2.Api) async throws -> ApiGatewayV2.ApiSnapshot {
        try await DeploymentFreezer.freeze(tx, httpApi: api)
    }

    /// Makes a deployment of `api` as it stands.
    /// - Throws: AWS's `BadRequestException` when the API has no route.
    static func deploy(
        _ tx: any StoreWriteTransaction, api: ApiGatewayV2.Api, description: String?, autoDeployed: Bool, now: Date
    ) async throws -> ApiGatewayV2.Deployment {
        let snapshot = try await snapshot(tx, api: api)
        guard !snapshot.routes.isEmpty else { throw ManagementError.noRoutesToDeploy }
        let parent = StoreParent(api.apiId)
        let id = try await tx.newIdentifier(HttpApiCollections.deployments, parent: parent, length: 6)
        var deployment = ApiGatewayV2.Deployment(
            deploymentId: id, autoDeployed: autoDeployed, createdDate: now, deploymentStatus: "DEPLOYED", description: description)
        deployment.deploymentStatusMessage = nil
        try await tx.put(
            HttpApiCollections.deployments, parent: parent, id: id, StoredHttpDeployment(deployment: deployment, snapshot: snapshot),
            condition: .ifAbsent)
        return deployment
    }

    /// Deploys the API to every stage with `autoDeploy` on (see ``HttpApiDeployer``).
    static func autoDeploy(_ tx: any StoreWriteTransaction, apiId: String, now: Date) async throws {
        let parent = StoreParent(apiId)
        let stages = try await tx.listAll(HttpApiCollections.stages, parent: parent).map(\.value).filter { $0.autoDeploy == true }
        guard !stages.isEmpty, let api = try await tx.get(HttpApiCollections.apis, id: apiId)?.value else { return }
        for stage in stages {
            try await autoDeploy(tx, api: api, stage: stage, now: now)
        }
    }

    /// Deploys the API to one `autoDeploy` stage and stores the stage.
    /// - Returns: the stage as stored.
    @discardableResult
    static func autoDeploy(
        _ tx: any StoreWriteTransaction, api: ApiGatewayV2.Api, stage: ApiGatewayV2.Stage, now: Date
    ) async throws -> ApiGatewayV2.Stage {
        var stage = stage
        do {
            let deployment = try await deploy(tx, api: api, description: automaticDescription, autoDeployed: true, now: now)
            stage.deploymentId = deployment.deploymentId
            stage.lastDeploymentStatusMessage = "Successfully deployed stage with deployment ID '\(deployment.deploymentId)'"
        } catch let error as ManagementError {
            stage.lastDeploymentStatusMessage = error.message
        }
        stage.lastUpdatedDate = now
        try await tx.put(HttpApiCollections.stages, parent: StoreParent(api.apiId), id: stage.stageName, stage)
        return stage
    }
}
