/// A plain description of an HTTP request, as much of it as SigV4 reads: the method, the path
/// and query exactly as they travel on the wire, the header fields in order (duplicates kept),
/// and the payload.
///
/// It depends on no HTTP library, so SwiftNIO, Hummingbird and AsyncHTTPClient code can all
/// build one. The ``Signer`` adds headers (or query parameters) to it; the ``Verifier`` reads it.
public struct SignableRequest: Sendable, Hashable {
    /// One header field. Names compare case-insensitively wherever this module looks them up.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        public init(_ name: String, _ value: String) {
            self.init(name: name, value: value)
        }
    }

    /// The method, e.g. `GET`; used as given (HTTP methods are case-sensitive).
    public var method: String
    /// The path as sent on the wire, still percent-encoded, without the query: `/prod/my%20pets`.
    public var path: String
    /// The query as sent on the wire, still percent-encoded, without the `?`; empty when none.
    public var query: String
    /// The header fields in the order received or to be sent; a name may repeat.
    public var headers: [Header]
    /// The body's contribution to the canonical request.
    public var payload: Payload

    public init(method: String, path: String, query: String = "", headers: [Header] = [], payload: Payload = .empty) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payload = payload
    }

    /// A request whose `target` is the HTTP request-target in origin form, `path[?query]`.
    public init(method: String, target: String, headers: [Header] = [], payload: Payload = .empty) {
        if let question = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            let afterQuestion = target.utf8.index(after: question)
            self.init(
                method: method,
                path: String(target[..<question]),
                query: String(target[afterQuestion...]),
                headers: headers,
                payload: payload
            )
        } else {
            self.init(method: method, path: target, query: "", headers: headers, payload: payload)
        }
    }

    /// The request-target, `path[?query]`.
    public var target: String {
        query.isEmpty ? path : "\(path)?\(query)"
    }

    /// The values of every field named `name` (case-insensitive), in order.
    public func headerValues(_ name: String) -> [String] {
        headers.lazy.filter { Self.namesEqual($0.name, name) }.map(\.value)
    }

    /// The value of the first field named `name` (case-insensitive).
    public func firstHeaderValue(_ name: String) -> String? {
        headers.first(where: { Self.namesEqual($0.name, name) })?.value
    }

    /// Replaces every field named `name` with one field holding `value`, appended at the end.
    public mutating func setHeader(_ name: String, _ value: String) {
        removeHeader(name)
        headers.append(Header(name: name, value: value))
    }

    /// Removes every field named `name`.
    public mutating func removeHeader(_ name: String) {
        headers.removeAll { Self.namesEqual($0.name, name) }
    }

    /// ASCII case-insensitive equality of two header names, without allocating.
    static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        return lhs.withUTF8Buffer { left in
            rhs.withUTF8Buffer { right in
                for index in 0..<left.count where asciiLowercased(left[index]) != asciiLowercased(right[index]) {
                    return false
                }
                return true
            }
        }
    }

    @inline(__always)
    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
