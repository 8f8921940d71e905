/// A usage plan (`apigateway` `UsagePlan`): the API stages it covers, a throttle and a quota for
/// every key attached to it.
public struct UsagePlan: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    public var description: String?
    public var apiStages: [ApiStage]?
    public var throttle: ThrottleSettings?
    public var quota: QuotaSettings?
    public var productCode: String?
    public var tags: [String: String]?

    public init(
        id: String, name: String? = nil, description: String? = nil, apiStages: [ApiStage]? = nil,
        throttle: ThrottleSettings? = nil, quota: QuotaSettings? = nil, productCode: String? = nil,
        tags: [String: String]? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.apiStages = apiStages
        self.throttle = throttle
        self.quota = quota
        self.productCode = productCode
        self.tags = tags
    }
}

/// A stage of an API in a usage plan (`apigateway` `ApiStage`), with optional per-method throttles
/// keyed by `{resourcePath}/{httpMethod}`.
public struct ApiStage: Codable, Sendable, Hashable {
    public var apiId: String?
    public var stage: String?
    public var throttle: [String: ThrottleSettings]?

    public init(apiId: String? = nil, stage: String? = nil, throttle: [String: ThrottleSettings]? = nil) {
        self.apiId = apiId
        self.stage = stage
        self.throttle = throttle
    }
}

/// A usage plan's quota (`apigateway` `QuotaSettings`): `limit` requests per `DAY`, `WEEK` or
/// `MONTH` (``QuotaPeriod``) for each key of the plan; `offset` is, as AWS documents it, the
/// number of requests subtracted from the limit in the initial period.
public struct QuotaSettings: Codable, Sendable, Hashable {
    public var limit: Int?
    public var offset: Int?
    public var period: String?

    public init(limit: Int? = nil, offset: Int? = nil, period: String? = nil) {
        self.limit = limit
        self.offset = offset
        self.period = period
    }
}
