/// Where a ``DocumentationPart`` applies, as AWS's `DocumentationPartLocation`: a `type` (`API`,
/// `AUTHORIZER`, `MODEL`, `RESOURCE`, `METHOD`, `PATH_PARAMETER`, `QUERY_PARAMETER`,
/// `REQUEST_HEADER`, `REQUEST_BODY`, `RESPONSE`, `RESPONSE_HEADER`, `RESPONSE_BODY`) and, as the
/// type needs them, a resource `path`, a `method`, a response `statusCode` and a `name`.
public struct DocumentationPartLocation: Codable, Sendable, Hashable {
    public var type: String
    public var path: String?
    public var method: String?
    public var statusCode: String?
    public var name: String?

    public static let types = [
        "API", "AUTHORIZER", "MODEL", "RESOURCE", "METHOD", "PATH_PARAMETER", "QUERY_PARAMETER", "REQUEST_HEADER", "REQUEST_BODY",
        "RESPONSE", "RESPONSE_HEADER", "RESPONSE_BODY",
    ]

    public init(type: String, path: String? = nil, method: String? = nil, statusCode: String? = nil, name: String? = nil) {
        self.type = type
        self.path = path
        self.method = method
        self.statusCode = statusCode
        self.name = name
    }

    /// The location with AWS's defaults filled in: `path` `/` for every type but `API`, `MODEL`
    /// and `AUTHORIZER`; `method` `*` for the method-level types; `statusCode` `*` for the
    /// response types.
    public var normalized: DocumentationPartLocation {
        var location = self
        location.type = type.uppercased()
        let apiLevel = ["API", "MODEL", "AUTHORIZER"].contains(location.type)
        if !apiLevel, location.path == nil { location.path = "/" }
        if !apiLevel, location.type != "RESOURCE", location.method == nil { location.method = "*" }
        if location.type.hasPrefix("RESPONSE"), location.statusCode == nil { location.statusCode = "*" }
        return location
    }
}
