import Crypto
public import GatewayModel

/// API keys and usage plans, compiled as their own table: they change without a redeployment
/// (an account-level change swaps this table like the rest of the gateway).
///
/// A key is found by the SHA-256 digest of its value, never by the value itself, and the stored
/// digest is compared in constant time, so neither the lookup nor the comparison tells an
/// attacker how much of a guessed key was right. The values themselves are not kept.
public struct CompiledUsagePlans: Sendable {
    /// An API key as the API key phase reads it.
    public struct Key: Sendable {
        public let id: String
        public let enabled: Bool
        /// The usage plans the key is in.
        public let planIds: [String]
        let digest: [UInt8]
    }

    private let keysByDigest: [[UInt8]: Key]
    /// `apiId/stage` → the plans that list that stage.
    private let plansByStage: [String: [String]]
    public let plans: [String: UsagePlan]
    /// The account's settings (the account-level throttle).
    public let account: Account?

    public init(_ snapshot: UsagePlanSnapshot) {
        var planIdsByKey: [String: [String]] = [:]
        for (planId, keys) in snapshot.usagePlanKeys {
            for key in keys { planIdsByKey[key.id, default: []].append(planId) }
        }
        var keys: [[UInt8]: Key] = [:]
        for apiKey in snapshot.apiKeys {
            guard let value = apiKey.value, !value.isEmpty else { continue }
            let digest = Self.digest(value)
            keys[digest] = Key(
                id: apiKey.id, enabled: apiKey.enabled ?? false, planIds: (planIdsByKey[apiKey.id] ?? []).sorted(), digest: digest)
        }
        var plansByStage: [String: [String]] = [:]
        var plans: [String: UsagePlan] = [:]
        for plan in snapshot.usagePlans {
            plans[plan.id] = plan
            for stage in plan.apiStages ?? [] {
                guard let apiId = stage.apiId, let name = stage.stage else { continue }
                plansByStage[apiId + "/" + name, default: []].append(plan.id)
            }
        }
        self.keysByDigest = keys
        self.plansByStage = plansByStage
        self.plans = plans
        self.account = snapshot.account
    }

    public static let empty = CompiledUsagePlans(UsagePlanSnapshot())

    /// The key whose value is `value`, if any.
    public func key(value: Substring) -> Key? {
        let digest = Self.digest(value)
        guard let key = keysByDigest[digest], Self.constantTimeEqual(key.digest, digest) else { return nil }
        return key
    }

    /// The usage plans that list the stage `stage` of API `apiId`.
    public func planIds(apiId: String, stage: String) -> [String] {
        plansByStage[apiId + "/" + stage] ?? []
    }

    public var keyCount: Int { keysByDigest.count }

    static func digest<Text: StringProtocol>(_ value: Text) -> [UInt8] {
        Array(SHA256.hash(data: Array(value.utf8)))
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<lhs.count { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
