import GatewayModel
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DataPlane

/// The quota in the throttle phase, with the API key phase before it: AWS's answer past the
/// limit; a key past its quota takes no token from the stage's bucket; a throttled request spends
/// no quota; the period is the request's UTC day.
@Suite struct QuotaPhaseTests {
    static let keyValue = "quota-phase-key-0123456789abcdef"
    static let monday: Int64 = 1_796_601_600_000  // 2026-12-07T00:00:00Z

    static func plans(quota: Int, throttle: ThrottleSettings? = nil) -> CompiledUsagePlans {
        CompiledUsagePlans(
            UsagePlanSnapshot(
                apiKeys: [ApiKey(id: "k1", value: keyValue, enabled: true)],
                usagePlans: [
                    UsagePlan(
                        id: "p1", apiStages: [ApiStage(apiId: "a1", stage: "dev")], throttle: throttle,
                        quota: QuotaSettings(limit: quota, offset: 0, period: "DAY"))
                ],
                usagePlanKeys: ["p1": [UsagePlanKey(id: "k1")]], account: Account()))
    }

    /// Runs the API key phase, then `throttle`, for one request at `time`.
    static func request(_ plans: CompiledUsagePlans, _ throttle: ThrottlePhase, at time: Int64 = monday) -> PhaseOutcome {
        let stage = CompiledStage(
            apiId: "a1", kind: .rest, name: "dev", deploymentId: "d", variables: [:], router: PathRouter<MethodTable>.Builder().build(),
            defaultRoute: nil)
        var context = RequestContext()
        context.requestTimeEpoch = time
        let exchange = Exchange(
            head: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/dev/things", headers: ["x-api-key": keyValue]), body: nil,
            context: context, resourcePathRequested: "/things", rawQuery: nil, stage: stage, eventLoop: EmbeddedEventLoop(),
            isSecure: false, localPort: 8080,
            usagePlans: plans)
        guard case .proceed = ApiKeyPhase(apiId: "a1", stage: "dev", source: .header).process(exchange) else {
            return .respond(.invalidApiKey)
        }
        return throttle.process(exchange)
    }

    static func refusal(_ outcome: PhaseOutcome) -> GatewayError? {
        if case .respond(let error) = outcome { return error }
        return nil
    }

    @Test func pastTheQuotaAwsAnswersLimitExceeded() throws {
        let plans = Self.plans(quota: 2)
        let phase = ThrottlePhase(apiId: "a1", stage: "dev", method: "things/GET", methodBucket: nil, dialect: .rest)
        #expect(Self.refusal(Self.request(plans, phase)) == nil)
        #expect(Self.refusal(Self.request(plans, phase)) == nil)
        let refused = try #require(Self.refusal(Self.request(plans, phase)))
        #expect(refused.type == .quotaExceeded && refused.type.rawValue == "QUOTA_EXCEEDED")
        #expect(refused.status == .tooManyRequests)
        #expect(refused.message == "Limit Exceeded")
        #expect(refused.errorType == "LimitExceededException")
        #expect(Self.refusal(Self.request(plans, phase, at: Self.monday + 86_399_999)) != nil, "23:59:59.999 is still Monday")
        // The next UTC day is a new period; a late request stamped before midnight counts in it.
        #expect(Self.refusal(Self.request(plans, phase, at: Self.monday + 86_400_000)) == nil)
        #expect(Self.refusal(Self.request(plans, phase, at: Self.monday + 86_399_998)) == nil)
        #expect(Self.refusal(Self.request(plans, phase, at: Self.monday + 86_400_001))?.type == .quotaExceeded)
    }

    @Test func aKeyPastItsQuotaTakesNoTokens() {
        let plans = Self.plans(quota: 1)
        let bucket = TokenBucket(rate: 0.001, burst: 3)
        let phase = ThrottlePhase(apiId: "a1", stage: "dev", method: "things/GET", methodBucket: bucket, dialect: .rest)
        #expect(Self.refusal(Self.request(plans, phase)) == nil)
        for _ in 0..<5 { #expect(Self.refusal(Self.request(plans, phase))?.type == .quotaExceeded) }
        #expect(bucket.take() && bucket.take(), "the two tokens the refused requests did not take")
        #expect(!bucket.take())
    }

    @Test func aThrottledRequestSpendsNoQuota() throws {
        let plans = Self.plans(quota: 5, throttle: ThrottleSettings(burstLimit: 1, rateLimit: 0.001))
        let phase = ThrottlePhase(apiId: "a1", stage: "dev", method: "things/GET", methodBucket: nil, dialect: .rest)
        #expect(Self.refusal(Self.request(plans, phase)) == nil)
        #expect(Self.refusal(Self.request(plans, phase))?.type == .throttled)
        let quota = try #require(plans.quotas["p1/k1"])
        #expect(quota.counter.used(period: UsageDay(epochMilliseconds: Self.monday)) == 1)
    }
}
