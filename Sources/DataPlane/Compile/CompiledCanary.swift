public import GatewayModel

/// A stage's canary release, ready to serve: the canary deployment compiled as a second variant
/// of the stage (same name, the canary's `deploymentId`, the stage variables overridden by
/// `stageVariableOverrides`) and the share of requests it takes.
///
/// `useStageCache` is carried for when the stage cache exists; until then neither variant caches.
public final class CompiledCanary: Sendable {
    /// The canary variant of the stage (its `isCanary` is true).
    public let stage: CompiledStage
    public let split: CanarySplit
    public let useStageCache: Bool

    init(stage: CompiledStage, split: CanarySplit, useStageCache: Bool) {
        self.stage = stage
        self.split = split
        self.useStageCache = useStageCache
    }
}
