import JSON
public import NIOCore
import NIOHTTP1
import NIOPosix
import NIOConcurrencyHelpers

/// A real HTTP/1.1 backend on loopback for tests. Paths:
/// - `/delay/{ms}/…` answers after `ms` milliseconds;
/// - `/status/{code}/…` answers with that status;
/// - `/close/…` closes the connection without answering;
/// - `/garbage/…` answers bytes that are not HTTP;
/// - `/big/{bytes}` answers a body of that size;
/// - anything else echoes the request as JSON: `{"method","uri","headers":[[name,value]…],"body"}`,
///   with `Date`, `Via`, `x-amzn-RequestId` and `X-Backend: mock` response headers so that header
///   rules can be checked.
/// It counts requests and connections.
public final class MockBackend: Sendable {
    public let port: Int
    private let channel: any Channel
    private let counters: NIOLockedValueBox<(requests: Int, connections: Int)>

    public var requestCount: Int { counters.withLockedValue { $0.requests } }
    public var connectionCount: Int { counters.withLockedValue { $0.connections } }

    public static func start(group: any EventLoopGroup) async throws -> MockBackend {
        let counters = NIOLockedValueBox((requests: 0, connections: 0))
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                counters.withLockedValue { $0.connections += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MockBackendHandler(counters: counters))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return MockBackend(port: channel.localAddress?.port ?? 0, channel: channel, counters: counters)
    }

    private init(port: Int, channel: any Channel, counters: NIOLockedValueBox<(requests: Int, connections: Int)>) {
        self.port = port
        self.channel = channel
        self.counters = counters
    }

    public func stop() async throws {
        try await channel.close()
    }
}

final class MockBackendHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let counters: NIOLockedValueBox<(requests: Int, connections: Int)>
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(counters: NIOLockedValueBox<(requests: Int, connections: Int)>) {
        self.counters = counters
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            counters.withLockedValue { $0.requests += 1 }
            respond(context: context, head: head)
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let segments = head.uri.split(separator: "?")[0].split(separator: "/")
        let first = segments.first.map(String.init) ?? ""
        switch first {
        case "delay":
            let milliseconds = segments.count > 1 ? Int64(segments[1]) ?? 0 : 0
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(milliseconds)) {
                let (handler, context) = loopBound.value
                handler.echo(context: context, head: head, status: .ok)
            }
        case "status":
            let code = segments.count > 1 ? Int(segments[1]) ?? 200 : 200
            echo(context: context, head: head, status: HTTPResponseStatus(statusCode: code))
        case "close":
            context.close(promise: nil)
        case "garbage":
            // Below the response encoder, so the bytes reach the socket as they are.
            if let encoder = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self) {
                encoder.writeAndFlush(NIOAny(ByteBuffer(string: "this is not HTTP\r\n\r\n")), promise: nil)
            }
        case "big":
            let size = segments.count > 1 ? Int(segments[1]) ?? 0 : 0
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: String(size))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(repeating: UInt8(ascii: "x"), count: size)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        default:
            echo(context: context, head: head, status: .ok)
        }
    }

    func echo(context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus) {
        var json = "{\"method\":\(quote(head.method.rawValue)),\"uri\":\(quote(head.uri)),\"headers\":["
        json += head.headers.map { "[\(quote($0.name)),\(quote($0.value))]" }.joined(separator: ",")
        json += "],\"body\":\(quote(String(buffer: body)))}"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(json.utf8.count))
        headers.add(name: "Date", value: "Tue, 01 Jan 2030 00:00:00 GMT")
        headers.add(name: "Via", value: "1.1 mock")
        headers.add(name: "x-amzn-RequestId", value: "backend-request-id")
        headers.add(name: "X-Backend", value: "mock")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: json)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// A JSON string literal: the project's one writer.
    private func quote(_ text: String) -> String { JSONWriter.compact(.string(text)) }
}
