/// A node of a REST API's resource tree (`apigateway` `Resource`).
public struct Resource: Codable, Sendable, Hashable {
    public var id: String
    public var parentId: String?
    /// The last path segment: a literal, `{name}`, or the greedy `{name+}`. Absent on the root.
    public var pathPart: String?
    /// The full path, e.g. `/pets/{petId}`.
    public var path: String
    /// Methods keyed by HTTP verb (`GET`, `POST`, …, `ANY`).
    public var resourceMethods: [String: Method]?

    public init(
        id: String, parentId: String? = nil, pathPart: String? = nil, path: String,
        resourceMethods: [String: Method]? = nil
    ) {
        self.id = id
        self.parentId = parentId
        self.pathPart = pathPart
        self.path = path
        self.resourceMethods = resourceMethods
    }
}
