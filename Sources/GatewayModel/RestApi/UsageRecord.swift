/// How many requests one API key made under one usage plan, by UTC day (`yyyy-MM-dd`): what
/// `GetUsage` reports and `UpdateUsage` adjusts. The data plane does not count requests into it
/// yet; the management API stores and reports it.
public struct UsageRecord: Codable, Sendable, Hashable {
    public var usagePlanId: String
    public var keyId: String
    /// Day → requests used that day.
    public var used: [String: Int]

    public init(usagePlanId: String, keyId: String, used: [String: Int] = [:]) {
        self.usagePlanId = usagePlanId
        self.keyId = keyId
        self.used = used
    }
}
