public import Foundation

/// An API key (`apigateway` `ApiKey`). `value` is the secret a client sends in `x-api-key`; the
/// store keeps keys in a secret (encrypted) collection, and the management API returns the value
/// only when asked (`includeValue`/`includeValues`) or on creation.
public struct ApiKey: Codable, Sendable, Hashable {
    public var id: String
    public var value: String?
    public var name: String?
    public var customerId: String?
    public var description: String?
    public var enabled: Bool?
    public var createdDate: Date?
    public var lastUpdatedDate: Date?
    /// `{restApiId}/{stageName}` entries.
    public var stageKeys: [String]?
    public var tags: [String: String]?

    public init(
        id: String, value: String? = nil, name: String? = nil, customerId: String? = nil, description: String? = nil,
        enabled: Bool? = false, createdDate: Date? = nil, lastUpdatedDate: Date? = nil, stageKeys: [String]? = nil,
        tags: [String: String]? = nil
    ) {
        self.id = id
        self.value = value
        self.name = name
        self.customerId = customerId
        self.description = description
        self.enabled = enabled
        self.createdDate = createdDate
        self.lastUpdatedDate = lastUpdatedDate
        self.stageKeys = stageKeys
        self.tags = tags
    }
}
