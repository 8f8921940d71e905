/// A management API request, independent of the HTTP server that received it.
public struct ManagementRequest: Sendable {
    public var method: String
    /// The raw path, still percent-encoded.
    public var path: String
    /// Decoded query parameters, in order, repeats kept.
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Who signed the request (set by the listener once the signature is verified).
    public var caller: ManagementCaller?
    /// The client's IP address, as the listener saw it.
    public var sourceAddress: String?

    public init(
        method: String, path: String, query: [(String, String)] = [], headers: [(String, String)] = [], body: [UInt8] = [],
        caller: ManagementCaller? = nil, sourceAddress: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.caller = caller
        self.sourceAddress = sourceAddress
    }

    public func header(_ name: String) -> String? {
        headers.last { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    public func queryValue(_ name: String) -> String? {
        query.last { $0.0 == name }?.1
    }

    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.0 == name }.map(\.1)
    }
}

/// A management API response.
public struct ManagementResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
