public import NIOCore
public import NIOHTTP1

/// One request to an upstream, fully built by an integration.
public struct UpstreamRequest: Sendable {
    public var endpoint: UpstreamEndpoint
    public var head: HTTPRequestHead
    public var body: ByteBuffer?
    public var timeoutMilliseconds: Int64

    public init(endpoint: UpstreamEndpoint, head: HTTPRequestHead, body: ByteBuffer?, timeoutMilliseconds: Int64) {
        self.endpoint = endpoint
        self.head = head
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}

/// An upstream's complete answer.
public struct UpstreamResponse: Sendable {
    public var head: HTTPResponseHead
    public var body: ByteBuffer?
}

/// Why an upstream exchange failed.
public enum UpstreamError: Error, Sendable, CustomStringConvertible {
    case connectFailed(String)
    case timedOut(milliseconds: Int64)
    case connectionClosed(receivedResponseBytes: Bool)
    case invalidResponse(String)
    case responseTooLarge(limit: Int)
    /// Every connection to the upstream is busy and too many requests already wait.
    case overloaded
    /// The client went away; the exchange was abandoned.
    case cancelled

    public var description: String {
        switch self {
        case .connectFailed(let reason): "connection failed: \(reason)"
        case .timedOut(let milliseconds): "no response within \(milliseconds) ms"
        case .connectionClosed(let received): "connection closed \(received ? "during" : "before") the response"
        case .invalidResponse(let reason): "invalid response: \(reason)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .overloaded: "too many requests waiting for a connection"
        case .cancelled: "cancelled: the client went away"
        }
    }
}

/// Cancels one upstream exchange (called on the exchange's event loop). Holds the exchange
/// itself rather than a closure: no allocation per request.
public struct UpstreamCancellation {
    let exchange: UpstreamConnectionPool.UpstreamExchange

    func cancel() { exchange.cancel() }
}
