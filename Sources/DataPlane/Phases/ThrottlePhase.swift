import GatewayModel

/// Throttling and quotas (`PhaseKind.throttle`): token buckets in AWS's order, the first that is
/// empty refusing the request, then the usage plan's quota.
///
/// 1. The usage plan's quota, looked at only: a key that has spent its quota for the period is
///    refused before it takes a token from any bucket (it does not drain the stage's and the
///    account's limits for everyone else).
/// 2. The usage plan of the request's API key (REST): the plan's per-method throttle for this
///    stage, else the plan's throttle, one bucket per client (key) and plan.
/// 3. The stage's limits for this method: REST `methodSettings["pets/GET"]`, else the stage
///    default `methodSettings["*/*"]`; HTTP APIs `routeSettings[routeKey]`, else
///    `defaultRouteSettings`. One bucket per method, compiled with the stage.
/// 4. The account: `GetAccount`'s `throttleSettings` (AWS's defaults, 10,000 requests a second
///    with a burst of 5,000), one bucket for the whole gateway.
/// 5. The quota, counted: a request that every bucket let through counts against the key's quota
///    (`QuotaCounter`, exact under concurrency); a throttled request does not. AWS does not document
///    the order of quota and throttle; this one answers "Limit Exceeded" whenever the quota is
///    spent, and never charges the quota for a request it refused.
///
/// Buckets and counters are shared by every event loop without a lock (`TokenBucket`,
/// `QuotaCounter`); keys', quotas' and the account's live in the gateway's usage-plan table (read
/// from the exchange, since they change without a redeployment). As AWS says of its own, the
/// limits are targets applied on a best-effort basis: a request refused by a later bucket has taken
/// a token from the earlier ones. Quota periods are UTC days, weeks from Sunday and months
/// (`QuotaPeriod`), of the request's time.
///
/// - Gateway responses: `THROTTLED`, 429 `{"message":"Too Many Requests"}` (REST with
///   `x-amzn-ErrorType: TooManyRequestsException`); `QUOTA_EXCEEDED`, 429
///   `{"message":"Limit Exceeded"}` (with `x-amzn-ErrorType: LimitExceededException`).
/// - Context: reads the API key the API key phase accepted and `requestTimeEpoch`.
struct ThrottlePhase: RequestPhase {
    let kind = PhaseKind.throttle
    let apiId: String
    let stage: String
    /// `pets/GET` (REST, as method settings name it) or the route key (HTTP APIs).
    let method: String
    /// The stage's limit for this method, if the stage sets one.
    let methodBucket: TokenBucket?
    let dialect: ApiDialect

    func process(_ exchange: Exchange) -> PhaseOutcome {
        let now = TokenBucket.nowTicks()
        let table = exchange.usagePlans
        // The quotas to count once every bucket has passed: a key is normally in one plan per stage (AWS
        // refuses a second), so the first needs no array; more are a rare configuration.
        var quota: CompiledUsagePlans.Quota?
        var moreQuotas: [CompiledUsagePlans.Quota] = []
        let day = UsageDay(epochMilliseconds: exchange.context.requestTimeEpoch)
        if let key = exchange.apiKey {
            let stagePlans = table.planIds(apiId: apiId, stage: stage)
            for planId in key.planIds where stagePlans.contains(planId) {
                if let found = table.quota(planId: planId, keyId: key.id) {
                    guard !found.isExhausted(day: day) else { return .respond(dialect.quotaExceeded) }
                    if quota == nil { quota = found } else { moreQuotas.append(found) }
                }
                if let bucket = table.bucket(planId: planId, keyId: key.id, apiId: apiId, stage: stage, method: method),
                    !bucket.take(now: now)
                {
                    return .respond(dialect.throttled)
                }
            }
        }
        if let methodBucket, !methodBucket.take(now: now) { return .respond(dialect.throttled) }
        guard table.accountBucket.take(now: now) else { return .respond(dialect.throttled) }
        if let quota, !quota.take(day: day) { return .respond(dialect.quotaExceeded) }
        for quota in moreQuotas where !quota.take(day: day) { return .respond(dialect.quotaExceeded) }
        return .proceed
    }

    /// The stage's limit for a method from its (rate, burst) settings, with AWS's defaults for
    /// the one not set; nil when neither is set.
    static func methodBucket(rate: Double?, burst: Int?) -> TokenBucket? {
        guard rate != nil || burst != nil else { return nil }
        return TokenBucket(rate: rate ?? CompiledUsagePlans.defaultRate, burst: burst ?? CompiledUsagePlans.defaultBurst)
    }
}
