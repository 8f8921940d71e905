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
    /// The account-level token bucket (AWS's defaults: 10,000 requests a second, burst 5,000).
    let accountBucket: TokenBucket
    /// Per-client buckets of usage plans with a throttle: `planId/keyId`, and per method
    /// `planId/keyId/apiId/stage/resourcePath/METHOD` for the plan's per-method overrides.
    private let keyBuckets: [String: TokenBucket]
    /// The quotas of keys in plans with one, by `planId/keyId`.
    public let quotas: [String: Quota]

    /// A key's quota under a plan: its limit and period, and its counter (kept across recompiles
    /// for the same plan and key, so that a change elsewhere does not forget what was counted).
    public struct Quota: Sendable {
        public let planId: String
        public let keyId: String
        public let settings: QuotaSettings
        public let period: QuotaPeriod
        /// The first day of the plan's initial period, in which `offset` is subtracted.
        public let initialPeriod: UsageDay?
        public let counter: QuotaCounter

        /// The limit of the period starting `start`.
        public func limit(periodStart start: UsageDay) -> Int {
            settings.limit(periodStart: start, initialPeriod: initialPeriod)
        }

        /// Counts one request made at `day`, if the period has room for it.
        func take(day: UsageDay) -> Bool {
            let start = period.start(of: day)
            return counter.take(period: start, limit: limit(periodStart: start), day: day)
        }

        /// Whether the period containing `day` has used the whole limit.
        func isExhausted(day: UsageDay) -> Bool {
            let start = period.start(of: day)
            return counter.isExhausted(period: start, limit: limit(periodStart: start))
        }
    }

    /// Compiles the table; buckets whose limits did not change are taken over from `previous`,
    /// so a change elsewhere does not give every client a fresh burst.
    public init(_ snapshot: UsagePlanSnapshot, previous: CompiledUsagePlans? = nil) {
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

        func bucket(_ name: String, rate: Double?, burst: Int?) -> TokenBucket {
            let rate = rate ?? Self.defaultRate
            let burst = burst ?? Self.defaultBurst
            if let old = previous?.keyBuckets[name], old.hasLimits(rate: rate, burst: burst) { return old }
            return TokenBucket(rate: rate, burst: burst)
        }
        let accountThrottle = snapshot.account?.throttleSettings
        let accountRate = accountThrottle?.rateLimit ?? Self.defaultRate
        let accountBurst = accountThrottle?.burstLimit ?? Self.defaultBurst
        if let old = previous?.accountBucket, old.hasLimits(rate: accountRate, burst: accountBurst) {
            accountBucket = old
        } else {
            accountBucket = TokenBucket(rate: accountRate, burst: accountBurst)
        }
        var buckets: [String: TokenBucket] = [:]
        for (planId, planKeys) in snapshot.usagePlanKeys {
            guard let plan = plans[planId] else { continue }
            for key in planKeys {
                if let throttle = plan.throttle, throttle.rateLimit != nil || throttle.burstLimit != nil {
                    let name = planId + "/" + key.id
                    buckets[name] = bucket(name, rate: throttle.rateLimit, burst: throttle.burstLimit)
                }
                for stage in plan.apiStages ?? [] {
                    guard let apiId = stage.apiId, let stageName = stage.stage else { continue }
                    for (method, throttle) in stage.throttle ?? [:] {
                        let name = Self.methodBucketName(planId, key.id, apiId, stageName, method)
                        buckets[name] = bucket(name, rate: throttle.rateLimit, burst: throttle.burstLimit)
                    }
                }
            }
        }
        keyBuckets = buckets

        var quotas: [String: Quota] = [:]
        for (planId, planKeys) in snapshot.usagePlanKeys {
            guard let quota = plans[planId]?.quota, quota.limit != nil, let period = quota.quotaPeriod else { continue }
            let initialPeriod = quota.initialPeriod(planCreated: snapshot.usagePlanCreated[planId])
            for key in planKeys {
                let name = planId + "/" + key.id
                quotas[name] = Quota(
                    planId: planId, keyId: key.id, settings: quota, period: period, initialPeriod: initialPeriod,
                    counter: previous?.quotas[name]?.counter ?? QuotaCounter())
            }
        }
        self.quotas = quotas
    }

    /// The quota of client `keyId` under plan `planId`, if the plan has one.
    func quota(planId: String, keyId: String) -> Quota? {
        quotas.isEmpty ? nil : quotas[planId + "/" + keyId]
    }

    static let defaultRate = 10_000.0
    static let defaultBurst = 5_000

    /// `method` as AWS writes it in a plan (`/pets/GET`) or as the stage's method settings do
    /// (`pets/GET`): the leading `/` is dropped.
    static func methodBucketName(_ planId: String, _ keyId: String, _ apiId: String, _ stage: String, _ method: String) -> String {
        let normalized = method.hasPrefix("/") ? String(method.dropFirst()) : method
        return [planId, keyId, apiId, stage, normalized].joined(separator: "/")
    }

    /// The bucket that limits client `keyId` of plan `planId` on `method` (`pets/GET`) of a
    /// stage: the plan's per-method override, else the plan's throttle; nil when it has neither.
    func bucket(planId: String, keyId: String, apiId: String, stage: String, method: String) -> TokenBucket? {
        keyBuckets[Self.methodBucketName(planId, keyId, apiId, stage, method)] ?? keyBuckets[planId + "/" + keyId]
    }

    public static let empty = CompiledUsagePlans(UsagePlanSnapshot(account: Account()))

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
