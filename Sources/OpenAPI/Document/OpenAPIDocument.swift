import Foundation
import JSON

/// The parts of an OpenAPI document that REST and HTTP API imports share: the version, `info`,
/// the base path, the paths in document order, and local `$ref` resolution.
struct OpenAPIDocument {
    /// The specification a document follows.
    enum Specification: Equatable {
        /// Swagger 2.0.
        case swagger2
        /// OpenAPI 3.x; `minor` is 0 for 3.0.x, 1 for 3.1.x.
        case openAPI3(minor: Int)
    }

    let root: DocumentNode
    let specification: Specification
    let title: String
    let description: String?
    let version: String?
    /// `/a/b`, or `nil` when the document has no base path beyond `/`.
    let basePath: String?
    /// Where the base path was read from, for diagnostics.
    let basePathLocation: JSONPath
    let paths: [(key: String, node: DocumentNode)]

    /// The largest number of `$ref` hops followed before a reference is called circular.
    static let maximumReferenceHops = 32

    /// Reads the document's common parts; `nil` (with errors logged) when the document cannot be
    /// imported at all.
    static func read(_ value: JSONValue, _ log: DiagnosticCollector) -> OpenAPIDocument? {
        let root = DocumentNode(value, path: .root)
        guard value.objectValue != nil else {
            log.wrongType(root, expected: "an object (an OpenAPI document)")
            return nil
        }
        guard let specification = readSpecification(root, log) else { return nil }

        var title: String?
        var description: String?
        var version: String?
        if let info = root["info"] {
            if info.value.objectValue == nil {
                log.wrongType(info, expected: "an object")
            } else {
                title = info.requiredString("title", log)
                description = info.string("description", log)
                version = info.scalarString("version", log)
                if title?.isEmpty == true { log.error(info.path.key("title"), "must not be empty") }
            }
        } else {
            log.error(JSONPath.root.key("info"), "is required (info.title names the API)")
        }

        var paths: [(key: String, node: DocumentNode)] = []
        if let pathsNode = root["paths"] {
            paths = pathsNode.members(log) ?? []
        } else {
            log.error(JSONPath.root.key("paths"), "is required")
        }

        let (basePath, basePathLocation) = readBasePath(root, specification: specification, log)
        guard let title, !title.isEmpty, !log.hasErrors else { return nil }
        return OpenAPIDocument(
            root: root, specification: specification, title: title, description: description, version: version,
            basePath: basePath, basePathLocation: basePathLocation, paths: paths)
    }

    private static func readSpecification(_ root: DocumentNode, _ log: DiagnosticCollector) -> Specification? {
        if let swagger = root["swagger"] {
            guard let text = swagger.value.stringValue ?? swagger.value.numberValue.map(DocumentNode.format) else {
                log.wrongType(swagger, expected: "a string")
                return nil
            }
            guard text == "2.0" || text == "2" else {
                log.error(swagger.path, "unsupported Swagger version '\(text)': only 2.0 is supported")
                return nil
            }
            return .swagger2
        }
        guard let openapi = root["openapi"] else {
            log.error(.root, "not an OpenAPI document: it has neither 'openapi' nor 'swagger'")
            return nil
        }
        guard let text = openapi.value.stringValue else {
            log.wrongType(openapi, expected: "a string such as \"3.0.1\"")
            return nil
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "3", let minor = Int(parts[1]) else {
            log.error(openapi.path, "unsupported OpenAPI version '\(text)': 3.0.x is supported (and 3.1.x with a warning)")
            return nil
        }
        switch minor {
        case 0:
            return .openAPI3(minor: 0)
        case 1:
            log.warning(
                openapi.path,
                "OpenAPI \(text) is read as 3.0: API Gateway imports OpenAPI 3.0; 3.1-only constructs may be misread")
            return .openAPI3(minor: 1)
        default:
            log.error(openapi.path, "unsupported OpenAPI version '\(text)': 3.0.x is supported (and 3.1.x with a warning)")
            return nil
        }
    }

    /// Swagger 2.0: `basePath`. OpenAPI 3, as API Gateway reads it: the default of the first
    /// `basePath` server variable if any server has one, else the path of `servers[0].url`
    /// beyond `/` (with its variables replaced by their defaults).
    private static func readBasePath(
        _ root: DocumentNode, specification: Specification, _ log: DiagnosticCollector
    ) -> (String?, JSONPath) {
        switch specification {
        case .swagger2:
            let location = root.path.key("basePath")
            return (root.string("basePath", log).flatMap(normalizeBasePath), location)
        case .openAPI3:
            guard let servers = root["servers"], let elements = serverNodes(servers, log), !elements.isEmpty else {
                return (nil, root.path.key("servers"))
            }
            for server in elements {
                guard let variable = server["variables"]?["basePath"] else { continue }
                let location = variable.path.key("default")
                return (variable.scalarString("default", log).flatMap(normalizeBasePath), location)
            }
            let first = elements[0]
            guard first.value.objectValue != nil else {
                log.wrongType(first, expected: "an object")
                return (nil, first.path)
            }
            let location = first.path.key("url")
            guard var url = first.string("url", log) else { return (nil, location) }
            if let variables = first["variables"]?.object {
                for (name, variable) in variables {
                    if let value = variable["default"].flatMap({ $0.stringValue ?? $0.numberValue.map(DocumentNode.format) }) {
                        url = url.replacingOccurrences(of: "{\(name)}", with: value)
                    }
                }
            }
            return (normalizeBasePath(pathOfURL(url)), location)
        }
    }

    /// The server objects of `servers`: a list as OpenAPI defines it, or — as documents that SAM
    /// deploys sometimes write, and AWS tolerates — a mapping that is one server (`{url: …}`) or
    /// names servers (`{prod: {url: …}}`).
    private static func serverNodes(_ servers: DocumentNode, _ log: DiagnosticCollector) -> [DocumentNode]? {
        guard servers.value.objectValue != nil else { return servers.elements(log) }
        if servers["url"] != nil || servers["variables"] != nil { return [servers] }
        return (servers.members(log) ?? []).map(\.node).filter { $0.value.objectValue != nil }
    }

    /// The path of an absolute (`https://host/a`), scheme-relative (`//host/a`) or relative
    /// (`/a`) URL, without query or fragment.
    static func pathOfURL(_ url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        } else if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        return String(rest)
    }

    /// `a/b/` → `/a/b`; `/` and the empty string → `nil`.
    static func normalizeBasePath(_ path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.isEmpty else { return nil }
        return "/" + segments.joined(separator: "/")
    }

    // MARK: References

    /// `node`, or the node its `$ref` names (following chains of references). Logs an error and
    /// answers `nil` for external, dangling or circular references.
    func resolve(_ node: DocumentNode, _ log: DiagnosticCollector) -> DocumentNode? {
        var current = node
        for _ in 0..<Self.maximumReferenceHops {
            guard let reference = current["$ref"] else { return current }
            guard let pointer = reference.value.stringValue else {
                log.wrongType(reference, expected: "a string")
                return nil
            }
            guard let target = lookUp(pointer) else {
                if pointer.hasPrefix("#") {
                    log.error(reference.path, "$ref '\(pointer)' does not name a value of this document")
                } else {
                    log.error(reference.path, "external $ref '\(pointer)' is not supported: only '#/…' references are")
                }
                return nil
            }
            current = target
        }
        log.error(node.path, "circular $ref")
        return nil
    }

    /// The node at a local JSON pointer (`#/components/schemas/Pet`), with its real path.
    func lookUp(_ pointer: String) -> DocumentNode? {
        guard pointer.hasPrefix("#") else { return nil }
        var tokens = pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard tokens.first == "" || tokens.isEmpty else { return nil }
        if !tokens.isEmpty { tokens.removeFirst() }
        var current = root
        for rawToken in tokens {
            let token = (rawToken.removingPercentEncoding ?? rawToken)
                .replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current.value {
            case .object:
                guard let next = current[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(token), array.indices.contains(index) else { return nil }
                current = DocumentNode(array[index], path: current.path.index(index))
            default:
                return nil
            }
        }
        return current
    }

    /// The name a `$ref` gives a model: the last token of `#/definitions/Pet` or
    /// `#/components/schemas/Pet`.
    static func modelName(ofReference pointer: String) -> String? {
        for prefix in ["#/definitions/", "#/components/schemas/"] where pointer.hasPrefix(prefix) {
            let name = String(pointer.dropFirst(prefix.count))
            return name.isEmpty || name.contains("/") ? nil : name
        }
        return nil
    }

    var isSwagger2: Bool { specification == .swagger2 }
}

extension OpenAPIDocument {
    /// The path segments the document's base path contributes under `mode` (AWS's `basepath`
    /// import parameter): none for `ignore`, all for `prepend`, all but the first for `split`.
    func basePrefix(_ mode: BasePathMode, log: DiagnosticCollector) -> PathTemplate {
        guard let basePath, mode != .ignore else { return .root }
        switch PathTemplate.parse(basePath) {
        case .failure(let error):
            log.error(basePathLocation, "invalid base path '\(basePath)': \(error.message)")
            return .root
        case .success(let template):
            return mode == .prepend ? template : PathTemplate(segments: Array(template.segments.dropFirst()))
        }
    }
}
