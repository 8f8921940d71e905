public import GatewayModel

/// What a compiled stage was made from: the deployments it serves (immutable once made, so
/// their ids stand for their contents) and the stage record. Equal fingerprints compile to the
/// same stage, which is what lets a recompile keep every stage a change did not touch.
struct StageFingerprint: Sendable, Hashable {
    let deploymentId: String
    let canaryDeploymentId: String?
    let settings: StageSettings

    init(_ deployed: DeployedStage) {
        deploymentId = deployed.deploymentId
        canaryDeploymentId = deployed.canary?.deploymentId
        settings = deployed.settings
    }
}
