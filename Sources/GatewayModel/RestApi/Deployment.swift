public import Foundation

/// An immutable snapshot of a REST API (`apigateway` `Deployment`).
public struct Deployment: Codable, Sendable, Hashable {
    public var id: String
    public var description: String?
    public var createdDate: Date?
    /// Path → verb → a summary of the method.
    public var apiSummary: [String: [String: MethodSnapshot]]?

    public init(id: String, description: String? = nil, createdDate: Date? = nil, apiSummary: [String: [String: MethodSnapshot]]? = nil) {
        self.id = id
        self.description = description
        self.createdDate = createdDate
        self.apiSummary = apiSummary
    }
}

/// `MethodSnapshot` in a deployment's `apiSummary`.
public struct MethodSnapshot: Codable, Sendable, Hashable {
    public var authorizationType: String?
    public var apiKeyRequired: Bool?
    public init(authorizationType: String? = nil, apiKeyRequired: Bool? = nil) {
        self.authorizationType = authorizationType
        self.apiKeyRequired = apiKeyRequired
    }
}

/// Everything a REST API deployment freezes, as AWS freezes it: the API, its resource tree
/// (methods and integrations inside), its authorizers, models, request validators and gateway
/// responses. This is what the data plane compiles. The four lists are `nil` when empty (and in
/// snapshots stored before they were frozen).
public struct RestApiSnapshot: Codable, Sendable, Hashable {
    public var api: RestApi
    public var resources: [Resource]
    public var authorizers: [Authorizer]?
    public var models: [Model]?
    public var requestValidators: [RequestValidator]?
    public var gatewayResponses: [GatewayResponse]?

    public init(api: RestApi, resources: [Resource]) {
        self.api = api
        self.resources = resources
    }
}
