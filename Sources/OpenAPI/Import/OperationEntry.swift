import GatewayModel

/// One operation of a document: a path, an HTTP method (`ANY` for
/// `x-amazon-apigateway-any-method`) and the operation object, `$ref`s resolved.
struct OperationEntry {
    /// The key in `paths`, e.g. `/pets/{petId}` or `$default`.
    var pathKey: String
    /// `nil` for the HTTP API `$default` path.
    var template: PathTemplate?
    var pathItem: DocumentNode
    /// Upper-case: `GET`, `POST`, …, `ANY`.
    var method: String
    var operation: DocumentNode

    static let anyMethodKey = "x-amazon-apigateway-any-method"
    static let defaultPath = "$default"
    /// OpenAPI operation keys API Gateway accepts (TRACE it does not).
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch"]
    private static let pathItemFields: Set<String> = ["parameters", "summary", "description", "servers", "$ref"]

    /// Every operation of `document`, in document order. Invalid paths and unknown keys are
    /// reported; their operations are skipped.
    static func all(in document: OpenAPIDocument, apiType: ApiType, _ log: DiagnosticCollector) -> [OperationEntry] {
        var entries: [OperationEntry] = []
        for (pathKey, rawItem) in document.paths {
            let template: PathTemplate?
            if pathKey == defaultPath {
                guard apiType == .http else {
                    log.error(rawItem.path, "'$default' is an HTTP API route; REST API paths begin with '/'")
                    continue
                }
                template = nil
            } else {
                switch PathTemplate.parse(pathKey) {
                case .success(let parsed): template = parsed
                case .failure(let error):
                    log.error(rawItem.path, "invalid path '\(pathKey)': \(error.message)")
                    continue
                }
            }
            guard let item = document.resolve(rawItem, log) else { continue }
            guard let members = item.members(log) else { continue }
            var seen = Set<String>()
            for (key, node) in members {
                if pathItemFields.contains(key) { continue }
                let method: String
                if key == anyMethodKey {
                    method = "ANY"
                } else if key.hasPrefix("x-amazon-apigateway-") {
                    log.warning(node.path, "unsupported extension '\(key)' on a path item is ignored")
                    continue
                } else if key.hasPrefix("x-") {
                    continue
                } else if methods.contains(key.lowercased()) {
                    method = key.uppercased()
                } else if key.lowercased() == "trace" {
                    log.warning(node.path, "API Gateway does not support the TRACE method: the operation is ignored")
                    continue
                } else {
                    log.error(node.path, "'\(key)' is not an HTTP method: expected one of \(methods.joined(separator: ", ")) or \(anyMethodKey)")
                    continue
                }
                if template == nil, method != "ANY" {
                    log.error(node.path, "the $default route takes only \(anyMethodKey), not '\(key)'")
                    continue
                }
                guard seen.insert(method).inserted else {
                    log.error(node.path, "the method \(method) is declared twice for '\(pathKey)'")
                    continue
                }
                guard let operation = document.resolve(node, log) else { continue }
                guard operation.value.objectValue != nil else {
                    log.wrongType(operation, expected: "an operation object")
                    continue
                }
                entries.append(OperationEntry(pathKey: pathKey, template: template, pathItem: item, method: method, operation: operation))
            }
        }
        return entries
    }

    /// The operation's parameters: the path item's, overridden by the operation's own with the
    /// same `name` and `in`. `$ref`s resolved; malformed ones reported and skipped.
    func parameters(_ document: OpenAPIDocument, _ log: DiagnosticCollector) -> [(name: String, location: String, node: DocumentNode)] {
        var result: [(name: String, location: String, node: DocumentNode)] = []
        for container in [pathItem["parameters"], operation["parameters"]].compactMap({ $0 }) {
            for raw in container.elements(log) ?? [] {
                guard let node = document.resolve(raw, log) else { continue }
                guard node.value.objectValue != nil else {
                    log.wrongType(node, expected: "a parameter object")
                    continue
                }
                // A parameter without `name` or `in` cannot map to a method request parameter; AWS
                // imports the document all the same (SAM's own test templates carry such
                // parameters), so it is a warning, not an error.
                guard node["name"] != nil, node["in"] != nil else {
                    log.warning(node.path, "a parameter needs 'name' and 'in': it is ignored")
                    continue
                }
                guard let name = node.string("name", log), let location = node.string("in", log) else { continue }
                result.removeAll { $0.name == name && $0.location == location }
                result.append((name, location, node))
            }
        }
        return result
    }
}
