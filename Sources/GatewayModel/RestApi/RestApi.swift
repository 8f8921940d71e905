public import Foundation

/// An API Gateway REST API (`apigateway` `RestApi`). JSON keys are the management API's.
public struct RestApi: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var description: String?
    public var createdDate: Date?
    public var version: String?
    public var warnings: [String]?
    /// Media types treated as binary payloads, e.g. `image/png` or `*/*`.
    public var binaryMediaTypes: [String]?
    public var minimumCompressionSize: Int?
    /// `HEADER` (the default) or `AUTHORIZER`.
    public var apiKeySource: String?
    public var endpointConfiguration: EndpointConfiguration?
    public var policy: String?
    public var tags: [String: String]?
    public var disableExecuteApiEndpoint: Bool?
    public var rootResourceId: String?

    public init(
        id: String, name: String, description: String? = nil, createdDate: Date? = nil,
        version: String? = nil, warnings: [String]? = nil, binaryMediaTypes: [String]? = nil,
        minimumCompressionSize: Int? = nil, apiKeySource: String? = "HEADER",
        endpointConfiguration: EndpointConfiguration? = EndpointConfiguration(types: ["EDGE"]),
        policy: String? = nil, tags: [String: String]? = nil, disableExecuteApiEndpoint: Bool? = false,
        rootResourceId: String? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.createdDate = createdDate
        self.version = version
        self.warnings = warnings
        self.binaryMediaTypes = binaryMediaTypes
        self.minimumCompressionSize = minimumCompressionSize
        self.apiKeySource = apiKeySource
        self.endpointConfiguration = endpointConfiguration
        self.policy = policy
        self.tags = tags
        self.disableExecuteApiEndpoint = disableExecuteApiEndpoint
        self.rootResourceId = rootResourceId
    }
}

/// `EndpointConfiguration`: `EDGE`, `REGIONAL` or `PRIVATE`, and VPC endpoints for private APIs.
public struct EndpointConfiguration: Codable, Sendable, Hashable {
    public var types: [String]?
    public var ipAddressType: String?
    public var vpcEndpointIds: [String]?

    public init(types: [String]? = nil, ipAddressType: String? = nil, vpcEndpointIds: [String]? = nil) {
        self.types = types
        self.ipAddressType = ipAddressType
        self.vpcEndpointIds = vpcEndpointIds
    }
}
