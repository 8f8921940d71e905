public import NIOCore
public import NIOHTTP1

/// The data plane's HTTP handler: one per client connection (HTTP/1.1) or stream (HTTP/2).
///
/// It enforces the request quotas, resolves endpoint and route, runs the method's pipeline on the
/// event loop, and writes the answer with the headers AWS sends on every response. Pipelined
/// requests are answered in order; a quiescing server finishes the request in flight and then
/// closes the connection.
public final class DataPlaneHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPServerRequestPart
    public typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case receiving(HTTPRequestHead, ByteBuffer?)
        /// Over a quota: the rest of the request is ignored and the connection closes.
        case discarding
        case processing
    }

    private let loop: LoopContext
    private let limits: RequestLimits
    private let isSecure: Bool
    /// The connection's TLS handshake (SNI domain, client certificate), when it has one.
    private let tls: TLSSession?
    private var state = State.idle
    private var queued: [HTTPServerRequestPart] = []
    private var context: ChannelHandlerContext?
    /// The HTTP/1 response encoder's context, when responses may bypass it (see `handlerAdded`).
    private var encoderContext: ChannelHandlerContext?
    private var closeAfterResponse = false
    private var sourceIp = ""
    private var localPort = 0
    private var httpVersion = HTTPVersion.http1_1
    private var requestKeepAlive = true
    /// The connection layer's guard (timeouts, read backpressure, the HTTP/2 byte budget); on an
    /// HTTP/2 stream, the connection's.
    private var connectionGuard: ConnectionGuard?
    private var isStream = false
    /// HTTP/2: bytes of this stream's body charged to the connection's budget.
    private var chargedBytes = 0
    /// The request being served, cancelled if the client goes away.
    private var inFlight: Exchange?

    public init(
        runtime: GatewayRuntime, eventLoop: any EventLoop, limits: RequestLimits = .aws, isSecure: Bool = false, tls: TLSSession? = nil
    ) {
        self.tls = tls
        // A runtime has a context for every loop of its group; channels are made on those loops.
        self.loop = runtime.context(for: eventLoop)!  // safe: the server's channels live on the runtime's group
        self.limits = limits
        self.isSecure = isSecure
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // Plain HTTP/1 (no pipelining helper between us and the encoder): responses are encoded
        // here into one buffer and written below the encoder — one pipeline write instead of three.
        let sync = context.pipeline.syncOperations
        if (try? sync.context(handlerType: HTTPServerPipelineHandler.self)) == nil {
            encoderContext = try? sync.context(handlerType: HTTPResponseEncoder.self)
        }
        sourceIp = context.channel.remoteAddress?.ipAddress ?? ""
        localPort = context.channel.localAddress?.port ?? 0
        connectionGuard = try? sync.handler(type: ConnectionGuard.self)
        // An HTTP/2 stream's parent is its connection (whose parent is the listener); an
        // accepted HTTP/1 connection's parent is the listener itself, on another event loop.
        if let parent = context.channel.parent, parent.parent != nil {  // a stream: the connection knows the peer
            sourceIp = parent.remoteAddress?.ipAddress ?? sourceIp
            localPort = parent.localAddress?.port ?? localPort
            isStream = true
            // The parent connection lives on the same event loop as its streams.
            connectionGuard = try? parent.pipeline.syncOperations.handler(type: ConnectionGuard.self)
            connectionGuard?.streamOpened()
        }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        encoderContext = nil
        if isStream {
            connectionGuard?.refund(chargedBytes)
            chargedBytes = 0
            connectionGuard?.streamClosed()
            isStream = false
        }
        connectionGuard = nil
    }

    public func channelInactive(context: ChannelHandlerContext) {
        // The client went away (or half-closed, which nginx and Portcullis take as leaving, since
        // a FIN cannot tell the two apart): nothing it asked for is worth finishing.
        inFlight?.cancel()
        inFlight = nil
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch state {
        case .processing:
            queued.append(part)
        case .discarding:
            return
        case .idle:
            guard case .head(let head) = part else { return }
            httpVersion = head.version
            requestKeepAlive = head.isKeepAlive
            if headerBytes(head) > limits.maximumHeaderBytes {
                reject(.headersTooLarge, kind: guessKind())
                return
            }
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limits.maximumBodyBytes {
                reject(.requestTooLarge, kind: guessKind())
                return
            }
            // RFC 9112 §3.2: an HTTP/1.1 request has exactly one valid Host.
            if head.version == .http1_1, !Self.hasOneValidHost(head.headers) {
                reject(.badRequest, kind: guessKind())
                return
            }
            connectionGuard?.requestHeadReceived()
            state = .receiving(head, nil)
        case .receiving(let head, var body):
            switch part {
            case .head:
                return
            case .body(var chunk):
                state = .processing  // drop the reference so the buffer is not copied on write
                if (body?.readableBytes ?? 0) + chunk.readableBytes > limits.maximumBodyBytes {
                    reject(.requestTooLarge, kind: guessKind())
                    return
                }
                if isStream {
                    // HTTP/2 streams share one budget per connection.
                    guard connectionGuard?.charge(chunk.readableBytes) ?? true else {
                        reject(.requestTooLarge, kind: guessKind())
                        return
                    }
                    chargedBytes += chunk.readableBytes
                }
                if body == nil {
                    body = chunk
                } else {
                    body?.writeBuffer(&chunk)
                }
                state = .receiving(head, body)
            case .end:
                state = .processing
                connectionGuard?.requestReceived()
                process(head, body: body)
            }
        }
    }

    /// One `Host` whose value is a URI host with an optional port (RFC 3986 `reg-name`,
    /// IPv4 or an IP literal in brackets).
    static func hasOneValidHost(_ headers: HTTPHeaders) -> Bool {
        var found: String?
        for (name, value) in headers where name.utf8.count == 4 && name.lowercased() == "host" {
            guard found == nil else { return false }
            found = value
        }
        guard let host = found, !host.isEmpty else { return false }
        return host.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                "-._~!$&'()*+,;=%:[]".utf8.contains(byte)
            }
        }
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            if case .idle = state {
                context.close(promise: nil)
            } else {
                closeAfterResponse = true
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .processing = state {
            context.close(promise: nil)
            return
        }
        if let parserError = error as? HTTPParserError {
            reject(parserError == .headerOverflow ? .headersTooLarge : .badRequest, kind: guessKind())
        } else {
            context.close(promise: nil)
        }
    }

    // MARK: Processing

    /// Hands a complete request to the pipeline; writes what it answers, then runs its
    /// after-write phase.
    private func process(_ head: HTTPRequestHead, body: ByteBuffer?) {
        let request = IncomingRequest(
            head: head, body: body, sourceIp: sourceIp, localPort: localPort, isSecure: isSecure,
            receivedAtMilliseconds: WallClock.nowMilliseconds(), tls: tls)
        let isHead = head.method == .HEAD
        switch RequestPipeline.resolve(request, loop: loop) {
        case .answered(let result):
            write(result.response, isHead: isHead)
            result.afterWrite(atMilliseconds: WallClock.nowMilliseconds())
        case .exchange(let exchange):
            inFlight = exchange
            RequestPipeline.run(exchange, loop: loop) { [self] result in
                inFlight = nil
                write(result.response, isHead: isHead)
                result.afterWrite(atMilliseconds: WallClock.nowMilliseconds())
            }
        }
    }

    /// Answers a request over a quota (or not HTTP) and closes the connection.
    private func reject(_ error: GatewayError, kind: ApiKind) {
        state = .discarding
        closeAfterResponse = true
        queued.removeAll()
        let result = RequestPipeline.reject(error, dialect: .of(kind), loop: loop)
        write(result.response, isHead: false)
        result.afterWrite(atMilliseconds: WallClock.nowMilliseconds())
    }

    /// Before an API is known, the answer takes the only API's dialect, else REST's.
    private func guessKind() -> ApiKind { loop.gateway.onlyApi?.kind ?? .rest }

    // MARK: Writing

    /// Frames and writes an answer: `Date`, `Content-Length` and `Connection` are the
    /// connection's; everything else was decided by the pipeline.
    private func write(_ response: GatewayHTTPResponse, isHead: Bool) {
        guard let context else { return }
        var headers = response.headers
        headers.replaceOrAdd(name: "Date", value: loop.dateHeader(epochMilliseconds: WallClock.nowMilliseconds()))
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body?.readableBytes ?? 0))
        let keepAlive: Bool
        if case .discarding = state {
            keepAlive = false
        } else {
            keepAlive = !closeAfterResponse && requestKeepAlive
        }
        if httpVersion.major < 2 {
            headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        }
        let written: EventLoopFuture<Void>?
        if let encoderContext, httpVersion.major == 1 {
            written = writeEncoded(response.status, headers, body: isHead ? nil : response.body, to: encoderContext, closing: !keepAlive)
        } else {
            let head = HTTPResponseHead(version: httpVersion.major >= 2 ? .http2 : .http1_1, status: response.status, headers: headers)
            if isStream {
                // The request is done with: its bytes leave the budget before the answer joins it.
                connectionGuard?.refund(chargedBytes)
                chargedBytes = 0
            }
            if !isHead, let body = response.body, body.readableBytes > 0, isStream, let connectionGuard {
                // An HTTP/2 answer waits in the stream until the client's window takes it: it is
                // charged to the connection's budget until written, and a stream that would go
                // over is reset, so a client holding its window at 0 cannot make the gateway
                // hold every stream's answer.
                let bytes = body.readableBytes
                guard connectionGuard.charge(bytes) else {
                    context.close(promise: nil)
                    return
                }
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                let written = context.eventLoop.makePromise(of: Void.self)
                written.futureResult.assumeIsolated().whenComplete { _ in connectionGuard.refund(bytes) }
                context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: written)
            } else {
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                if !isHead, let body = response.body, body.readableBytes > 0 {
                    context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
                }
            }
            if keepAlive {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                written = nil
            } else {
                written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            }
        }
        if keepAlive {
            state = .idle
            if isStream {
                connectionGuard?.refund(chargedBytes)
                chargedBytes = 0
            } else {
                connectionGuard?.responseWritten()
            }
            drainQueue()
        } else {
            let channelContext = context
            written?.assumeIsolated().whenComplete { _ in channelContext.close(promise: nil) }
            if case .discarding = state {} else { state = .discarding }
        }
    }

    /// Encodes an HTTP/1.1 response (status line, headers, and a small body) into one buffer and
    /// writes it below the response encoder. Returns the write's future when the connection is to
    /// close after it.
    private func writeEncoded(
        _ status: HTTPResponseStatus, _ headers: HTTPHeaders, body: ByteBuffer?, to encoder: ChannelHandlerContext, closing: Bool
    ) -> EventLoopFuture<Void>? {
        let bodyBytes = body?.readableBytes ?? 0
        let inline = bodyBytes <= 16 * 1024
        var buffer = encoder.channel.allocator.buffer(capacity: 512 + (inline ? bodyBytes : 0))
        buffer.writeStaticString("HTTP/1.1 ")
        buffer.writeString(String(status.code))
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(status.reasonPhrase)
        buffer.writeStaticString("\r\n")
        for (name, value) in headers {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
        if inline, var body, bodyBytes > 0 {
            buffer.writeBuffer(&body)
        }
        var last = buffer
        if !inline, let body {
            encoder.write(NIOAny(IOData.byteBuffer(buffer)), promise: nil)
            last = body
        }
        guard closing else {
            encoder.writeAndFlush(NIOAny(IOData.byteBuffer(last)), promise: nil)
            return nil
        }
        let promise = encoder.eventLoop.makePromise(of: Void.self)
        encoder.writeAndFlush(NIOAny(IOData.byteBuffer(last)), promise: promise)
        return promise.futureResult
    }

    private func drainQueue() {
        guard let context, !queued.isEmpty else { return }
        let parts = queued
        queued.removeAll()
        for part in parts {
            channelRead(context: context, data: NIOAny(part))
        }
    }

    private func headerBytes(_ head: HTTPRequestHead) -> Int {
        var total = head.method.rawValue.utf8.count + head.uri.utf8.count + 11
        for (name, value) in head.headers { total += name.utf8.count + value.utf8.count + 4 }
        return total
    }
}

