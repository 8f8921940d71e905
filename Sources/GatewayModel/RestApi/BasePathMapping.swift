/// A base path mapping of a custom domain (`apigateway` `BasePathMapping`): requests to
/// `https://{domain}/{basePath}/…` go to `restApiId`'s `stage`. `(none)` maps the domain's root.
public struct BasePathMapping: Codable, Sendable, Hashable {
    public var basePath: String?
    public var restApiId: String?
    public var stage: String?

    public init(basePath: String? = nil, restApiId: String? = nil, stage: String? = nil) {
        self.basePath = basePath
        self.restApiId = restApiId
        self.stage = stage
    }

    /// The base path of a mapping at the domain's root.
    public static let rootBasePath = "(none)"
}
