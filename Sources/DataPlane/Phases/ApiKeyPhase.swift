/// REST API keys (`apiKeyRequired` methods): the key must exist, be enabled, and be in a usage
/// plan that lists this API and stage.
///
/// - Where the key comes from: the `x-api-key` header (`apiKeySource: HEADER`, the default) or a
///   Lambda authorizer's `usageIdentifierKey` (`AUTHORIZER`; without one the method is refused).
/// - Lookup: by the SHA-256 digest of the value in the gateway's key table
///   (`CompiledUsagePlans`), compared in constant time; keys and plans change without a
///   redeployment, so the table is read from the exchange, never captured here.
/// - Gateway response: `INVALID_API_KEY`, 403 `{"message":"Forbidden"}` with
///   `x-amzn-ErrorType: ForbiddenException`, whatever was wrong (AWS tells the client nothing more).
/// - Context: writes `$context.identity.apiKey` and `$context.identity.apiKeyId`.
/// - Execution log: the usage plan check, the key masked but for its last four characters.
struct ApiKeyPhase: RequestPhase {
    enum Source: Sendable {
        case header
        case authorizer
    }

    let kind = PhaseKind.apiKey
    let apiId: String
    let stage: String
    let source: Source

    func process(_ exchange: Exchange) -> PhaseOutcome {
        let presented = source == .header ? exchange.head.headers.first(name: "x-api-key") : exchange.authorizerApiKey
        guard let value = presented, !value.isEmpty, let key = exchange.usagePlans.key(value: value[...]), key.enabled else {
            exchange.trace?.apiKeyRefused(presented, exchange: exchange)
            return .respond(.invalidApiKey)
        }
        let plans = exchange.usagePlans.planIds(apiId: apiId, stage: stage)
        guard key.planIds.contains(where: plans.contains) else {
            exchange.trace?.apiKeyRefused(value, exchange: exchange)
            return .respond(.invalidApiKey)
        }
        exchange.trace?.apiKeyAccepted(value, exchange: exchange)
        exchange.context.apiKey = value
        exchange.context.apiKeyId = key.id
        exchange.apiKey = key
        return .proceed
    }
}
