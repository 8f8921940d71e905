public import NIOCore
public import NIOHTTP1
import NIOPosix
import NIOEmbedded

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

    /// Sends raw bytes and collects the responses until the server closes the connection (or
    /// `count` responses have arrived). The last request should say `Connection: close`.
    public static func exchange(
        _ bytes: [UInt8], expecting count: Int, port: Int, group: any EventLoopGroup, timeout: TimeAmount = .seconds(40)
    ) async throws -> [TestResponse] {
        let promise = group.next().makePromise(of: ByteBuffer.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(RawExchangeHandler(bytes: bytes, promise: promise))
                    }
                }
                .connect(host: "127.0.0.1", port: port)
                .get()
        } catch {
            promise.fail(error)
            throw error
        }
        let timeoutTask = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(Failure(description: "the connection stayed open for \(timeout)"))
            channel.close(promise: nil)
        }
        defer { timeoutTask.cancel() }
        let received = try await promise.futureResult.get()
        return try parse(received, expecting: count)
    }

    /// Parses raw response bytes with NIO's decoder, as if `count` GET requests had been sent.
    static func parse(_ bytes: ByteBuffer, expecting count: Int) throws -> [TestResponse] {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
        for _ in 0..<count {
            try channel.writeOutbound(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")))
            try channel.writeOutbound(HTTPClientRequestPart.end(nil))
        }
        try channel.writeInbound(bytes)
        var responses: [TestResponse] = []
        var head: HTTPResponseHead?
        var body = ""
        while let part = try channel.readInbound(as: HTTPClientResponsePart.self) {
            switch part {
            case .head(let responseHead):
                head = responseHead
                body = ""
            case .body(let chunk):
                body += String(buffer: chunk)
            case .end:
                if let head { responses.append(TestResponse(status: head.status, headers: head.headers, body: body)) }
                head = nil
            }
        }
        return responses
    }
}

/// Writes the request bytes once connected and gathers every byte until the server closes.
final class RawExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let bytes: [UInt8]
    private let promise: EventLoopPromise<ByteBuffer>
    private var received = ByteBuffer()

    init(bytes: [UInt8], promise: EventLoopPromise<ByteBuffer>) {
        self.bytes = bytes
        self.promise = promise
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(NIOAny(ByteBuffer(bytes: bytes)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        received.writeBuffer(&chunk)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(received)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
