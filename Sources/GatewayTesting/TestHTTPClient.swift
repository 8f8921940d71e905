public import NIOCore
public import NIOHTTP1
import NIOPosix

/// A response as a test sees it.
public struct TestResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: String
}

/// A deliberately raw HTTP/1.1 client for tests: it sends the exact bytes given (so malformed,
/// oversized and pipelined requests can be sent) and parses what comes back.
public enum TestHTTPClient {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Builds request bytes. `Host` defaults to `127.0.0.1`.
    public static func request(
        _ method: String = "GET", _ target: String, headers: [(String, String)] = [], body: String? = nil,
        host: String = "127.0.0.1", close: Bool = true
    ) -> [UInt8] {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        if close { text += "Connection: close\r\n" }
        text += "\r\n"
        var bytes = Array(text.utf8)
        if let body { bytes += Array(body.utf8) }
        return bytes
    }

    /// Sends one request and returns its response.
    public static func send(
        _ method: String = "GET", _ target: String, headers: [(String, String)] = [], body: String? = nil,
        host: String = "127.0.0.1", port: Int, group: any EventLoopGroup
    ) async throws -> TestResponse {
        let responses = try await exchange(request(method, target, headers: headers, body: body, host: host), expecting: 1, port: port, group: group)
        guard let first = responses.first else { throw Failure(description: "no response for \(method) \(target)") }
        return first
    }

    /// Sends raw bytes and collects up to `expecting` responses, stopping early if the server
    /// closes the connection.
    public static func exchange(
        _ bytes: [UInt8], expecting count: Int, port: Int, group: any EventLoopGroup, timeout: TimeAmount = .seconds(40)
    ) async throws -> [TestResponse] {
        let promise = group.next().makePromise(of: [TestResponse].self)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector(expected: count, promise: promise))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        let timeoutTask = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(Failure(description: "no complete response within \(timeout)"))
            channel.close(promise: nil)
        }
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
        defer { timeoutTask.cancel() }
        let responses = try await promise.futureResult.get()
        try? await channel.close()
        return responses
    }
}

final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let expected: Int
    private let promise: EventLoopPromise<[TestResponse]>
    private var responses: [TestResponse] = []
    private var head: HTTPResponseHead?
    private var body = ""
    private var done = false

    init(expected: Int, promise: EventLoopPromise<[TestResponse]>) {
        self.expected = expected
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
            body = ""
        case .body(let chunk):
            body += String(buffer: chunk)
        case .end:
            guard let head else { return }
            responses.append(TestResponse(status: head.status, headers: head.headers, body: body))
            self.head = nil
            if responses.count == expected { complete() }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete()
        context.close(promise: nil)
    }

    private func complete() {
        guard !done else { return }
        done = true
        promise.succeed(responses)
    }
}
