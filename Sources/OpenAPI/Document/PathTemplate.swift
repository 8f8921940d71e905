/// A validated API Gateway path: `/`, `/pets`, `/pets/{petId}`, `/files/{proxy+}`.
///
/// API Gateway resources (and HTTP API route paths) take whole path segments as variables:
/// `{name}` matches one segment, the greedy `{name+}` the rest of the path and must come last.
/// Partial segments (`/pets{id}`, `/a/{id}.json`), empty segments and unbalanced braces are
/// refused, as AWS refuses them.
struct PathTemplate: Hashable, Sendable, CustomStringConvertible {
    /// One segment of a path.
    enum Segment: Hashable, Sendable {
        case literal(String)
        /// `{name}`.
        case variable(String)
        /// `{name+}`.
        case greedy(String)

        /// The segment as written, which is also the REST `Resource.pathPart`.
        var text: String {
            switch self {
            case .literal(let text): text
            case .variable(let name): "{\(name)}"
            case .greedy(let name): "{\(name)+}"
            }
        }

        var variableName: String? {
            switch self {
            case .literal: nil
            case .variable(let name), .greedy(let name): name
            }
        }

        var isVariable: Bool { variableName != nil }
    }

    let segments: [Segment]

    static let root = PathTemplate(segments: [])

    init(segments: [Segment]) {
        self.segments = segments
    }

    /// `/` for the root, `/a/{b}` otherwise.
    var description: String {
        "/" + segments.map(\.text).joined(separator: "/")
    }

    var variableNames: [String] { segments.compactMap(\.variableName) }

    func appending(_ other: PathTemplate) -> PathTemplate {
        PathTemplate(segments: segments + other.segments)
    }

    /// Parses and validates `text`; the error names the problem.
    static func parse(_ text: String) -> Result<PathTemplate, PathTemplateError> {
        guard text.hasPrefix("/") else { return .failure(.init("must begin with '/'")) }
        if text == "/" { return .success(.root) }
        var segments: [Segment] = []
        var names = Set<String>()
        let parts = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (offset, part) in parts.enumerated() {
            guard !part.isEmpty else {
                return .failure(.init(offset == parts.count - 1 ? "must not end with '/'" : "has an empty segment ('//')"))
            }
            let segment: Segment
            switch parseSegment(part) {
            case .success(let parsed): segment = parsed
            case .failure(let error): return .failure(error)
            }
            if let name = segment.variableName {
                guard names.insert(name).inserted else {
                    return .failure(.init("declares the path parameter '\(name)' twice"))
                }
            }
            if case .greedy(let name) = segment, offset != parts.count - 1 {
                return .failure(.init("the greedy parameter {\(name)+} must be the last segment"))
            }
            segments.append(segment)
        }
        return .success(PathTemplate(segments: segments))
    }

    private static func parseSegment(_ part: Substring) -> Result<Segment, PathTemplateError> {
        let opens = part.filter { $0 == "{" }.count
        let closes = part.filter { $0 == "}" }.count
        if opens == 0, closes == 0 {
            if let bad = part.unicodeScalars.first(where: { !isLiteralCharacter($0) }) {
                return .failure(.init("the segment '\(part)' contains '\(bad.escaped(asASCII: true))', which a path cannot"))
            }
            return .success(.literal(String(part)))
        }
        guard opens == closes else {
            return .failure(.init("the segment '\(part)' has unbalanced braces"))
        }
        guard opens == 1, part.hasPrefix("{"), part.hasSuffix("}") else {
            return .failure(.init("the segment '\(part)' must be a whole path parameter such as {id}: API Gateway does not match parts of a segment"))
        }
        var name = part.dropFirst().dropLast()
        let greedy = name.hasSuffix("+")
        if greedy { name = name.dropLast() }
        guard !name.isEmpty else { return .failure(.init("the segment '\(part)' has an empty parameter name")) }
        guard name.unicodeScalars.allSatisfy(isNameCharacter) else {
            return .failure(.init("the parameter name '\(name)' may only contain letters, digits, '_', '-' and '.'"))
        }
        return .success(greedy ? .greedy(String(name)) : .variable(String(name)))
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.".unicodeScalars.contains(scalar))
    }

    /// RFC 3986 `pchar` without `%`-escapes, as API Gateway accepts in a resource's path part.
    private static func isLiteralCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return scalar.properties.isAlphabetic || scalar.properties.numericType != nil }
        if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { return true }
        return "-._~!$&'()*+,;=:@".unicodeScalars.contains(scalar)
    }
}

/// Why a path template is invalid.
struct PathTemplateError: Error, Hashable, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
