/// An HTTP API route key, validated as `CreateRoute` validates it: `$default`, or an HTTP method
/// (`ANY`, `DELETE`, `GET`, `HEAD`, `OPTIONS`, `PATCH`, `POST`, `PUT`), one space, and a path
/// template that begins with `/` and takes whole segments as variables: `{name}` matches one
/// segment, the greedy `{name+}` the rest of the path and must come last. Partial segments
/// (`/{id}.json`), empty segments and characters outside RFC 3986's path characters are refused
/// with AWS's `One or more path parts appear to be invalid`.
///
/// WebSocket APIs take any route key (`$connect`, `$disconnect`, `$default`, `sendMessage`):
/// they are selected by the API's route selection expression, not parsed.
struct RouteKey: Hashable, Sendable {
    enum Segment: Hashable, Sendable {
        case literal(String)
        case variable(String)
        case greedy(String)
    }

    static let defaultKey = "$default"
    static let methods: Set<String> = ["ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]

    /// `nil` for `$default`.
    let method: String?
    let segments: [Segment]

    /// Parses an HTTP API route key.
    static func parse(_ text: String) throws(ManagementError) -> RouteKey {
        if text == defaultKey { return RouteKey(method: nil, segments: []) }
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, methods.contains(String(parts[0])), parts[1].hasPrefix("/") else {
            throw .badRequest(
                "Invalid route key \(text): a route key is $default, or an HTTP method (ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST or PUT) and a path that begins with /, such as GET /pets")
        }
        let path = parts[1]
        if path == "/" { return RouteKey(method: String(parts[0]), segments: []) }
        let pieces = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var segments: [Segment] = []
        var names = Set<String>()
        for (offset, piece) in pieces.enumerated() {
            guard let segment = parseSegment(piece) else { throw .invalidPathParts }
            switch segment {
            case .literal: break
            case .variable(let name):
                guard names.insert(name).inserted else { throw .invalidPathParts }
            case .greedy(let name):
                guard names.insert(name).inserted, offset == pieces.count - 1 else { throw .invalidPathParts }
            }
            segments.append(segment)
        }
        return RouteKey(method: String(parts[0]), segments: segments)
    }

    private static func parseSegment(_ piece: Substring) -> Segment? {
        guard !piece.isEmpty else { return nil }
        if piece.hasPrefix("{") {
            guard piece.hasSuffix("}"), piece.count > 2 else { return nil }
            var name = piece.dropFirst().dropLast()
            let greedy = name.hasSuffix("+")
            if greedy { name = name.dropLast() }
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(isNameCharacter) else { return nil }
            return greedy ? .greedy(String(name)) : .variable(String(name))
        }
        guard piece.unicodeScalars.allSatisfy(isPathCharacter) else { return nil }
        return .literal(String(piece))
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": true
        default: false
        }
    }

    /// RFC 3986 `pchar` without percent-encoding and without the braces of variables.
    private static func isPathCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "-", ".", "_", "~", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", ":", "@": true
        default: false
        }
    }

    /// Whether the two keys name different variables at the same level of the same path (as
    /// `GET /pets/{id}` and `DELETE /pets/{petId}`), which AWS refuses with a
    /// `ConflictException`: the routes of an API form one resource tree, where a level has at
    /// most one variable. Greedy variables do not conflict with single-segment ones.
    func hasConflictingVariable(with other: RouteKey) -> Bool {
        for (mine, theirs) in zip(segments, other.segments) {
            switch (mine, theirs) {
            case (.literal(let a), .literal(let b)):
                guard a == b else { return false }
            case (.variable(let a), .variable(let b)):
                guard a == b else { return true }
            case (.greedy(let a), .greedy(let b)):
                return a != b
            default:
                return false
            }
        }
        return false
    }
}
