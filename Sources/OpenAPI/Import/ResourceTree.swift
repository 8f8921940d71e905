import GatewayModel

/// The resource tree of a REST API being imported: every path segment is its own `Resource`
/// (with `parentId`, `pathPart` and `path` as API Gateway creates them), ids derived stably from
/// the API id and the path. Refuses two different variable path parts under one parent, as AWS
/// does ("A sibling ({id}) of this resource already has a variable path part -- only one is
/// allowed").
struct ResourceTree {
    private let apiId: String
    private var byPath: [String: Resource] = [:]
    /// Parent path → its variable child's path part.
    private var variableChild: [String: String] = [:]

    init(apiId: String) {
        self.apiId = apiId
        byPath["/"] = Resource(id: Self.id(apiId: apiId, path: "/"), path: "/")
    }

    var rootId: String { Self.id(apiId: apiId, path: "/") }

    /// The resources, sorted by path.
    var resources: [Resource] { byPath.values.sorted { $0.path < $1.path } }

    /// Root resources get ten characters, others six, as AWS generates them.
    static func id(apiId: String, path: String) -> String {
        ResourceIdentifier.stable(from: "\(apiId)|resource|\(path)", length: path == "/" ? 10 : 6)
    }

    /// Creates `template`'s resource and its ancestors; its id, or `nil` (with an error at
    /// `location`) on a sibling conflict.
    @discardableResult
    mutating func ensure(_ template: PathTemplate, at location: JSONPath, _ log: DiagnosticCollector) -> String? {
        var parentPath = "/"
        var parentId = rootId
        for (offset, segment) in template.segments.enumerated() {
            let path = PathTemplate(segments: Array(template.segments[...offset])).description
            if segment.isVariable {
                if let existing = variableChild[parentPath], existing != segment.text {
                    log.error(
                        location,
                        "a sibling (\(existing)) of the resource \(path) already has a variable path part -- only one is allowed")
                    return nil
                }
                variableChild[parentPath] = segment.text
            }
            if byPath[path] == nil {
                byPath[path] = Resource(id: Self.id(apiId: apiId, path: path), parentId: parentId, pathPart: segment.text, path: path)
            }
            parentPath = path
            parentId = byPath[path]?.id ?? parentId
        }
        return parentId
    }

    mutating func addMethod(_ method: Method, to template: PathTemplate) {
        let path = template.description
        var methods = byPath[path]?.resourceMethods ?? [:]
        methods[method.httpMethod] = method
        byPath[path]?.resourceMethods = methods
    }
}
