/// An HTTP integration's `uri`, compiled once per stage: stage variables substituted, scheme, host
/// and port resolved into an `UpstreamEndpoint`, the path split into literal text and `{name}`
/// placeholders filled per request.
public struct IntegrationURI: Sendable {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var uri: String
        public var reason: String
        public var description: String { "Invalid integration URI \(uri): \(reason)" }
    }

    public let endpoint: UpstreamEndpoint
    public let pathParts: [Part]
    /// The query the URI itself carries, without `?`.
    public let query: String?

    public init(
        parsing uri: String, stageVariables: [String: String], skipCertificateVerification: Bool = false, serverName: String? = nil,
        clientCertificate: UpstreamClientCertificate? = nil
    ) throws(ParseError) {
        let text = try Self.substituteStageVariables(uri, stageVariables)
        let useTLS: Bool
        let afterScheme: Substring
        if text.lowercased().hasPrefix("https://") {
            useTLS = true
            afterScheme = text.dropFirst(8)
        } else if text.lowercased().hasPrefix("http://") {
            useTLS = false
            afterScheme = text.dropFirst(7)
        } else {
            throw ParseError(uri: uri, reason: "the scheme must be http or https")
        }
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("{"), !authority.contains("@") else {
            throw ParseError(uri: uri, reason: "invalid host '\(authority)'")
        }
        var host = authority
        var port = useTLS ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw ParseError(uri: uri, reason: "unclosed IPv6 address") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let value = Int(rest.dropFirst()), (1...65535).contains(value) else { throw ParseError(uri: uri, reason: "invalid port") }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else {
                throw ParseError(uri: uri, reason: "invalid port")
            }
            port = value
        }
        guard !host.isEmpty else { throw ParseError(uri: uri, reason: "missing host") }
        // The host goes into `Host` and the TLS server name: a stage variable must not smuggle
        // anything else in.
        let isIPv6 = authority.hasPrefix("[")
        guard host.utf8.allSatisfy({ Self.isHostByte($0, ipv6: isIPv6) }) else {
            throw ParseError(uri: uri, reason: "invalid host '\(host)'")
        }
        endpoint = UpstreamEndpoint(
            useTLS: useTLS, host: String(host), port: port, skipCertificateVerification: skipCertificateVerification,
            serverName: serverName, clientCertificate: clientCertificate)
        var rest = afterScheme[authorityEnd...]
        var query: String?
        if let questionMark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: questionMark)...])
            rest = rest[..<questionMark]
        }
        if let query, !UpstreamTarget.isSafeLiteral(query[...], isQuery: true) {
            throw ParseError(uri: uri, reason: "the query has characters that must be percent-encoded")
        }
        self.query = (query?.isEmpty ?? true) ? nil : query
        pathParts = try Self.parts(of: rest.isEmpty ? "/" : rest, uri: uri)
    }

    /// Replaces `${stageVariables.NAME}`; an undefined variable makes the URI invalid, as AWS
    /// answers such a call with 500.
    static func substituteStageVariables(_ uri: String, _ variables: [String: String]) throws(ParseError) -> String {
        guard uri.contains("${") else { return uri }
        var result = ""
        var rest = uri[...]
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw ParseError(uri: uri, reason: "unclosed '${'")
            }
            let expression = rest[start.upperBound..<end]
            guard expression.hasPrefix("stageVariables.") else {
                throw ParseError(uri: uri, reason: "only ${stageVariables.NAME} may appear in a URI, not ${\(expression)}")
            }
            let name = String(expression.dropFirst("stageVariables.".count))
            guard let value = variables[name] else {
                throw ParseError(uri: uri, reason: "stage variable '\(name)' is not defined on this stage")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        result += rest
        return result
    }

    static func parts(of path: Substring, uri: String) throws(ParseError) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var index = path.startIndex
        while index < path.endIndex {
            let character = path[index]
            if character == "{" {
                guard let close = path[index...].firstIndex(of: "}") else { throw ParseError(uri: uri, reason: "unclosed '{'") }
                var name = path[path.index(after: index)..<close]
                if name.hasSuffix("+") { name = name.dropLast() }
                guard !name.isEmpty else { throw ParseError(uri: uri, reason: "empty '{}'") }
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                parts.append(.parameter(String(name)))
                index = path.index(after: close)
            } else {
                literal.append(character)
                index = path.index(after: index)
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        for case .literal(let text) in parts where !UpstreamTarget.isSafeLiteral(text[...], isQuery: false) {
            throw ParseError(uri: uri, reason: "the path has characters that must be percent-encoded")
        }
        return parts
    }

    /// Host names (letters, digits, `-`, `.`, `_`) and IPv6 literals (hex digits, `:`, `.`).
    private static func isHostByte(_ byte: UInt8, ipv6: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"),
            UInt8(ascii: "."):
            true
        case UInt8(ascii: ":"): ipv6
        case UInt8(ascii: "g")...UInt8(ascii: "z"), UInt8(ascii: "G")...UInt8(ascii: "Z"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            !ipv6
        default: false
        }
    }
}
