/// Throttling (`PhaseKind.throttle`): token buckets, in AWS's order, the first that is empty
/// refusing the request.
///
/// 1. The usage plan of the request's API key (REST): the plan's per-method throttle for this
///    stage, else the plan's throttle, one bucket per client (key) and plan.
/// 2. The stage's limits for this method: REST `methodSettings["pets/GET"]`, else the stage
///    default `methodSettings["*/*"]`; HTTP APIs `routeSettings[routeKey]`, else
///    `defaultRouteSettings`. One bucket per method, compiled with the stage.
/// 3. The account: `GetAccount`'s `throttleSettings` (AWS's defaults, 10,000 requests a second
///    with a burst of 5,000), one bucket for the whole gateway.
///
/// Buckets are shared by every event loop without a lock (`TokenBucket`); keys' and the
/// account's live in the gateway's usage-plan table (read from the exchange, since they change
/// without a redeployment). As AWS says of its own, the limits are targets applied on a
/// best-effort basis: a request refused by a later bucket has taken a token from the earlier ones.
///
/// - Gateway response: `THROTTLED`, 429 `{"message":"Too Many Requests"}` (REST with
///   `x-amzn-ErrorType: TooManyRequestsException`).
/// - Context: reads the API key the API key phase accepted.
struct ThrottlePhase: RequestPhase {
    let kind = PhaseKind.throttle
    let apiId: String
    let stage: String
    /// `pets/GET` (REST, as method settings name it) or the route key (HTTP APIs).
    let method: String
    /// The stage's limit for this method, if the stage sets one.
    let methodBucket: TokenBucket?
    let refusal: GatewayError

    func process(_ exchange: Exchange) -> PhaseOutcome {
        let now = TokenBucket.nowTicks()
        let table = exchange.usagePlans
        if let key = exchange.apiKey {
            let stagePlans = table.planIds(apiId: apiId, stage: stage)
            for planId in key.planIds where stagePlans.contains(planId) {
                if let bucket = table.bucket(planId: planId, keyId: key.id, apiId: apiId, stage: stage, method: method),
                    !bucket.take(now: now)
                {
                    return .respond(refusal)
                }
            }
        }
        if let methodBucket, !methodBucket.take(now: now) { return .respond(refusal) }
        guard table.accountBucket.take(now: now) else { return .respond(refusal) }
        return .proceed
    }

    /// The stage's limit for a method from its (rate, burst) settings, with AWS's defaults for
    /// the one not set; nil when neither is set.
    static func methodBucket(rate: Double?, burst: Int?) -> TokenBucket? {
        guard rate != nil || burst != nil else { return nil }
        return TokenBucket(rate: rate ?? CompiledUsagePlans.defaultRate, burst: burst ?? CompiledUsagePlans.defaultBurst)
    }
}
