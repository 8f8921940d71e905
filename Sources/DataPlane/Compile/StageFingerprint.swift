public import GatewayModel

/// What one variant of a compiled stage was made from: the deployment it serves (immutable once
/// made, so its id stands for its contents) and the stage record as that variant sees it. Equal
/// fingerprints compile to the same stage, which lets a recompile keep every variant a change did
/// not touch.
///
/// The record is normalised first: fields no phase reads (dates, description, tags) and the canary
/// settings are left out, and the variables are those the variant serves with. So changing only
/// `percentTraffic` reuses both variants, and promoting a canary (`/deploymentId` and `/variables`
/// copied from it) makes a primary whose fingerprint is the old canary variant's, which is reused.
struct StageFingerprint: Sendable, Hashable {
    let deploymentId: String
    let settings: StageSettings

    /// The primary variant of `deployed`.
    init(_ deployed: DeployedStage) {
        self.init(deploymentId: deployed.deploymentId, settings: deployed.settings, variables: deployed.settings.variables)
    }

    /// The canary variant of `deployed`, when it has one (REST only).
    init?(canaryOf deployed: DeployedStage) {
        guard let canary = deployed.canary, case .rest(let stage) = deployed.settings else { return nil }
        let overrides = stage.canarySettings?.stageVariableOverrides ?? [:]
        let variables = deployed.settings.variables.merging(overrides) { $1 }
        self.init(deploymentId: canary.deploymentId, settings: deployed.settings, variables: variables)
    }

    private init(deploymentId: String, settings: StageSettings, variables: [String: String]) {
        self.deploymentId = deploymentId
        switch settings {
        case .rest(var stage):
            stage.deploymentId = deploymentId
            stage.variables = variables.isEmpty ? nil : variables
            stage.canarySettings = nil
            stage.description = nil
            stage.tags = nil
            stage.createdDate = nil
            stage.lastUpdatedDate = nil
            stage.cacheClusterStatus = nil
            self.settings = .rest(stage)
        case .http(var stage):
            stage.deploymentId = deploymentId
            stage.stageVariables = variables.isEmpty ? nil : variables
            stage.description = nil
            stage.tags = nil
            stage.createdDate = nil
            stage.lastUpdatedDate = nil
            stage.lastDeploymentStatusMessage = nil
            self.settings = .http(stage)
        }
    }

    /// The variables this variant serves with.
    var variables: [String: String] { settings.variables }
}
