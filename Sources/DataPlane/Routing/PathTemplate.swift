/// A parsed resource path or route path: `/pets/{petId}/{proxy+}`.
public struct PathTemplate: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
        /// `{name+}`: one or more remaining segments; only last.
        case greedy(String)
    }

    public var segments: [Segment]

    /// The names of the path parameters, in order.
    public var parameterNames: [String] {
        segments.compactMap {
            switch $0 {
            case .literal: nil
            case .parameter(let name), .greedy(let name): name
            }
        }
    }

    public var description: String {
        "/"
            + segments.map {
                switch $0 {
                case .literal(let text): text
                case .parameter(let name): "{\(name)}"
                case .greedy(let name): "{\(name)+}"
                }
            }.joined(separator: "/")
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "Invalid path \(path): \(reason)" }
    }

    /// Parses a path such as `/pets/{petId}`. `/` is the root (no segments).
    public init(parsing path: String) throws(ParseError) {
        guard path.hasPrefix("/") else { throw ParseError(path: path, reason: "a path starts with '/'") }
        var segments: [Segment] = []
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 1, parts[0].isEmpty {
            self.segments = []
            return
        }
        for (index, part) in parts.enumerated() {
            guard !part.isEmpty else { throw ParseError(path: path, reason: "empty path segment") }
            if part.hasPrefix("{") || part.hasSuffix("}") {
                guard part.hasPrefix("{"), part.hasSuffix("}"), part.count > 2 else {
                    throw ParseError(path: path, reason: "unbalanced braces in '\(part)'")
                }
                var name = part.dropFirst().dropLast()
                let greedy = name.hasSuffix("+")
                if greedy { name = name.dropLast() }
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
                    throw ParseError(path: path, reason: "invalid parameter name in '\(part)'")
                }
                if greedy {
                    guard index == parts.count - 1 else {
                        throw ParseError(path: path, reason: "a greedy parameter '{\(name)+}' must be the last segment")
                    }
                    segments.append(.greedy(String(name)))
                } else {
                    segments.append(.parameter(String(name)))
                }
            } else {
                guard !part.contains("{"), !part.contains("}") else {
                    throw ParseError(path: path, reason: "braces inside '\(part)'")
                }
                segments.append(.literal(String(part)))
            }
        }
        let names = segments.compactMap { segment -> String? in
            switch segment {
            case .literal: nil
            case .parameter(let name), .greedy(let name): name
            }
        }
        guard Set(names).count == names.count else {
            throw ParseError(path: path, reason: "a path parameter name is used twice")
        }
        self.segments = segments
    }
}
