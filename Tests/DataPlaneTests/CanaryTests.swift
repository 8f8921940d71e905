import GatewayModel
import Testing

@testable import DataPlane

/// REST canary releases: the split, its precision, the canary variant and its reuse.
@Suite struct CanaryTests {
    private func mockApi(_ id: String = "a1") -> RestApiSnapshot {
        let method = Method(httpMethod: "GET", methodIntegration: Integration(type: .mock))
        return RestApiSnapshot(api: RestApi(id: id, name: id), resources: [Resource(id: "r0", path: "/", resourceMethods: ["GET": method])])
    }

    private func deployed(percent: Double, overrides: [String: String]? = ["v": "canary"], canaryId: String = "d2") -> DeployedStage {
        var canary = CanarySettings(percentTraffic: percent, deploymentId: canaryId, stageVariableOverrides: overrides)
        canary.useStageCache = false
        let stage = Stage(stageName: "prod", deploymentId: "d1", variables: ["v": "stage", "w": "kept"], canarySettings: canary)
        return DeployedStage(
            definition: .rest(mockApi()), deploymentId: "d1", canary: CanaryDeployment(definition: .rest(mockApi()), deploymentId: canaryId),
            settings: .rest(stage))
    }

    /// 10,000 requests at 10 % with a fixed seed: the canary share is within ±1 percentage point
    /// of 10 % (over three standard deviations, 0.3 points each; AWS states no finer precision
    /// than its double `percentTraffic`).
    @Test func tenPercentOverTenThousandRequests() {
        let split = CanarySplit(percentTraffic: 10)
        var random = CanaryRandom(seed: 0x5EED)
        var canary = 0
        for _ in 0..<10_000 where split.choosesCanary(&random) { canary += 1 }
        #expect((900...1100).contains(canary), "canary share \(canary) / 10000")
    }

    /// Fractions of a percent are honoured; 0 never and 100 always takes the canary.
    @Test func extremesAndFractions() {
        var random = CanaryRandom(seed: 42)
        let never = CanarySplit(percentTraffic: 0)
        let always = CanarySplit(percentTraffic: 100)
        #expect((0..<10_000).allSatisfy { _ in !never.choosesCanary(&random) })
        #expect((0..<10_000).allSatisfy { _ in always.choosesCanary(&random) })
        let half = CanarySplit(percentTraffic: 0.5)
        var hits = 0
        for _ in 0..<100_000 where half.choosesCanary(&random) { hits += 1 }
        #expect((350...650).contains(hits), "0.5 % share \(hits) / 100000")
        #expect(CanarySplit(percentTraffic: 250).percentTraffic == 100)
        #expect(CanarySplit(percentTraffic: -1).percentTraffic == 0)
        #expect(CanarySplit(percentTraffic: .nan).percentTraffic == 0)
    }

    /// The canary is a second variant of the stage: the canary deployment, the stage variables
    /// overridden, `isCanary` set; the primary keeps its own.
    @Test func canaryVariant() throws {
        let gateway = DeploymentCompiler().compile(GatewaySnapshot(stages: [deployed(percent: 10)]))
        let stage = try #require(gateway.apis["a1"]?.stages["prod"])
        let canary = try #require(stage.canary)
        #expect(!stage.isCanary && stage.deploymentId == "d1" && stage.variables == ["v": "stage", "w": "kept"])
        #expect(canary.stage.isCanary && canary.stage.deploymentId == "d2" && canary.stage.name == "prod")
        #expect(canary.stage.variables == ["v": "canary", "w": "kept"])
        #expect(canary.split.percentTraffic == 10)
        var random = CanaryRandom(seed: 7)
        var served: [String: Int] = [:]
        for _ in 0..<1000 { served[stage.variant(&random).deploymentId, default: 0] += 1 }
        #expect(served["d1", default: 0] > 800 && served["d2", default: 0] > 50)
    }

    /// Changing only `percentTraffic` reuses both variants; promoting the canary (its deployment
    /// and variables copied to the stage) reuses the old canary variant as the new primary.
    @Test func variantsAreReusedAcrossRecompiles() throws {
        let compiler = DeploymentCompiler()
        let first = compiler.compile(GatewaySnapshot(stages: [deployed(percent: 10)]))
        let shifted = compiler.compile(GatewaySnapshot(stages: [deployed(percent: 50)]), reusing: first)
        let before = try #require(first.apis["a1"]?.stages["prod"])
        let after = try #require(shifted.apis["a1"]?.stages["prod"])
        #expect(shifted.reusedStages == 2)
        #expect(after.canary?.split.percentTraffic == 50)
        #expect(after.fingerprint == before.fingerprint && after.canary?.stage.fingerprint == before.canary?.stage.fingerprint)

        var promoted = Stage(stageName: "prod", deploymentId: "d2", variables: ["v": "canary", "w": "kept"])
        var canary = CanarySettings(percentTraffic: 0, deploymentId: "d2", stageVariableOverrides: nil)
        canary.useStageCache = false
        promoted.canarySettings = canary
        let snapshot = DeployedStage(
            definition: .rest(mockApi()), deploymentId: "d2", canary: CanaryDeployment(definition: .rest(mockApi()), deploymentId: "d2"),
            settings: .rest(promoted))
        let afterPromotion = compiler.compile(GatewaySnapshot(stages: [snapshot]), reusing: shifted)
        let primary = try #require(afterPromotion.apis["a1"]?.stages["prod"])
        // Both variants of the promoted stage are the old canary variant, recompiled never.
        #expect(afterPromotion.reusedStages == 2)
        #expect(primary.fingerprint == before.canary?.stage.fingerprint)
        #expect(primary.variables == ["v": "canary", "w": "kept"])
        #expect(!primary.isCanary && primary.deploymentId == "d2")
        #expect(primary.canary?.split.percentTraffic == 0)
    }
}
