import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Keep-alive connections to upstreams, one pool per event loop, so that a request and its
/// upstream exchange stay on the thread that accepted the request: no locks, no hops.
///
/// Idle connections are reused last-in first-out (the warmest first). A connection the upstream
/// closed while idle is dropped as soon as the close is seen; if a reused connection turns out to
/// be dead before any response byte arrives, an idempotent request is retried once on a new one.
final class UpstreamConnectionPool {
    private final class Connection {
        let channel: any Channel
        let handler: UpstreamConnectionHandler
        init(channel: any Channel, handler: UpstreamConnectionHandler) {
            self.channel = channel
            self.handler = handler
        }
    }

    struct Configuration {
        /// Idle connections kept per upstream per event loop.
        var maximumIdlePerEndpoint = 128
        /// Largest upstream response body accepted (AWS's payload quota).
        var maximumResponseBodySize = 10 * 1024 * 1024
        var connectTimeout: TimeAmount = .seconds(10)
    }

    private let eventLoop: any EventLoop
    private let configuration: Configuration
    private let tls: UpstreamTLSContexts
    private var idle: [UpstreamEndpoint: [Connection]] = [:]

    init(eventLoop: any EventLoop, configuration: Configuration = Configuration(), tls: UpstreamTLSContexts) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.tls = tls
    }

    /// Sends `request` and calls `completion` on this pool's event loop.
    func execute(_ request: UpstreamRequest, completion: @escaping (Result<UpstreamResponse, UpstreamError>) -> Void) {
        eventLoop.assertInEventLoop()
        let deadline = NIODeadline.now() + .milliseconds(request.timeoutMilliseconds)
        var finished = false
        var timeoutTask: Scheduled<Void>?
        var currentConnection: Connection?
        let finish: (Result<UpstreamResponse, UpstreamError>) -> Void = { result in
            guard !finished else { return }
            finished = true
            timeoutTask?.cancel()
            completion(result)
        }
        timeoutTask = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            guard !finished else { return }
            if let connection = currentConnection {
                connection.handler.abandon()
                connection.channel.close(promise: nil)
            }
            finish(.failure(.timedOut(milliseconds: request.timeoutMilliseconds)))
        }
        attempt(request, allowRetry: true, onConnection: { currentConnection = $0 }, completion: finish)
    }

    private func attempt(
        _ request: UpstreamRequest, allowRetry: Bool, onConnection: @escaping (Connection?) -> Void,
        completion: @escaping (Result<UpstreamResponse, UpstreamError>) -> Void
    ) {
        if let connection = takeIdle(request.endpoint) {
            onConnection(connection)
            send(request, on: connection) { [self] result in
                if case .failure(.connectionClosed(receivedResponseBytes: false)) = result, allowRetry,
                    request.head.method.isIdempotent
                {
                    attempt(request, allowRetry: false, onConnection: onConnection, completion: completion)
                } else {
                    completion(result)
                }
            }
            return
        }
        connect(request.endpoint) { [self] result in
            switch result {
            case .failure(let error):
                completion(.failure(error))
            case .success(let connection):
                onConnection(connection)
                send(request, on: connection, completion: completion)
            }
        }
    }

    private func send(
        _ request: UpstreamRequest, on connection: Connection,
        completion: @escaping (Result<UpstreamResponse, UpstreamError>) -> Void
    ) {
        connection.handler.begin(isHeadRequest: request.head.method == .HEAD, completion: completion)
        let channel = connection.channel
        channel.write(HTTPClientRequestPart.head(request.head), promise: nil)
        if let body = request.body, body.readableBytes > 0 {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }

    private func takeIdle(_ endpoint: UpstreamEndpoint) -> Connection? {
        while let connection = idle[endpoint]?.popLast() {
            if connection.handler.isActive, connection.channel.isActive { return connection }
        }
        return nil
    }

    private func connect(_ endpoint: UpstreamEndpoint, completion: @escaping (Result<Connection, UpstreamError>) -> Void) {
        let sslContext: NIOSSLContext?
        if endpoint.useTLS {
            do {
                sslContext = try tls.context(skipVerification: endpoint.skipCertificateVerification)
            } catch {
                completion(.failure(.connectFailed("TLS configuration: \(error)")))
                return
            }
        } else {
            sslContext = nil
        }
        let maximumBodySize = configuration.maximumResponseBodySize
        let serverName = endpoint.serverName ?? endpoint.host
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                do {
                    let sync = channel.pipeline.syncOperations
                    if let sslContext {
                        let isIPAddress = (try? SocketAddress(ipAddress: serverName, port: 0)) != nil
                        try sync.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: isIPAddress ? nil : serverName))
                    }
                    try sync.addHTTPClientHandlers(leftOverBytesStrategy: .dropBytes)
                    try sync.addHandler(UpstreamConnectionHandler(maximumBodySize: maximumBodySize))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        bootstrap.connect(host: endpoint.host, port: endpoint.port).assumeIsolated().whenComplete { [self] result in
            switch result {
            case .failure(let error):
                completion(.failure(.connectFailed(String(describing: error))))
            case .success(let channel):
                do {
                    let handler = try channel.pipeline.syncOperations.handler(type: UpstreamConnectionHandler.self)
                    let connection = Connection(channel: channel, handler: handler)
                    // The closure keeps the connection alive while its channel is open; the
                    // handler drops it when the channel closes, which breaks the cycle.
                    handler.onIdle = { [weak self] reusable in
                        guard let self else { return }
                        if reusable {
                            self.release(connection, endpoint: endpoint)
                        } else {
                            self.forget(connection, endpoint: endpoint)
                        }
                    }
                    completion(.success(connection))
                } catch {
                    channel.close(promise: nil)
                    completion(.failure(.connectFailed(String(describing: error))))
                }
            }
        }
    }

    private func release(_ connection: Connection, endpoint: UpstreamEndpoint) {
        var list = idle[endpoint, default: []]
        if list.count >= configuration.maximumIdlePerEndpoint {
            connection.channel.close(promise: nil)
            return
        }
        list.append(connection)
        idle[endpoint] = list
    }

    private func forget(_ connection: Connection, endpoint: UpstreamEndpoint) {
        idle[endpoint]?.removeAll { $0 === connection }
    }

    /// Closes every idle connection (at shutdown).
    func closeAll() {
        for (_, connections) in idle {
            for connection in connections { connection.channel.close(promise: nil) }
        }
        idle.removeAll()
    }
}

extension HTTPMethod {
    /// RFC 9110 idempotent methods: safe to retry on a connection that died before answering.
    var isIdempotent: Bool {
        switch self {
        case .GET, .HEAD, .OPTIONS, .PUT, .DELETE, .TRACE: true
        default: false
        }
    }
}
