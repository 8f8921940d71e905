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
    final class Connection {
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
        /// Connections (busy and idle) per upstream per event loop; further requests wait.
        var maximumConnectionsPerEndpoint = 256
        /// Requests waiting for a connection per upstream per event loop; past that a request
        /// fails at once (`UpstreamError.overloaded`), answered with the API type's 5xx.
        var maximumWaitingPerEndpoint = 1024
        /// Largest upstream response body accepted (AWS's payload quota).
        var maximumResponseBodySize = 10 * 1024 * 1024
        var connectTimeout: TimeAmount = .seconds(10)
    }

    private let eventLoop: any EventLoop
    private let configuration: Configuration
    private let tls: UpstreamTLSContexts
    private var idle: [UpstreamEndpoint: [Connection]] = [:]
    /// Open or opening connections per upstream.
    private var open: [UpstreamEndpoint: Int] = [:]
    /// Exchanges waiting for a connection, oldest first.
    private var waiting: [UpstreamEndpoint: [UpstreamExchange]] = [:]

    init(eventLoop: any EventLoop, configuration: Configuration = Configuration(), tls: UpstreamTLSContexts) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.tls = tls
    }

    /// Sends `request` and calls `completion` on this pool's event loop. The returned handle
    /// cancels the exchange (the client went away): its connection is closed, never reused.
    @discardableResult
    func execute(_ request: UpstreamRequest, completion: @escaping (Result<UpstreamResponse, UpstreamError>) -> Void)
        -> UpstreamCancellation
    {
        eventLoop.assertInEventLoop()
        let exchange = UpstreamExchange(pool: self, request: request, completion: completion)
        exchange.start()
        return UpstreamCancellation(exchange: exchange)
    }

    /// One request's trip to an upstream: its deadline, the connection it is on, whether it has
    /// finished. One object per request instead of a web of closures over shared variables.
    final class UpstreamExchange {
        let pool: UpstreamConnectionPool
        let request: UpstreamRequest
        let completion: (Result<UpstreamResponse, UpstreamError>) -> Void
        var connection: Connection?
        var timeout: Scheduled<Void>?
        var mayRetry = true
        var finished = false

        init(pool: UpstreamConnectionPool, request: UpstreamRequest, completion: @escaping (Result<UpstreamResponse, UpstreamError>) -> Void) {
            self.pool = pool
            self.request = request
            self.completion = completion
        }

        func start() {
            timeout = pool.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(request.timeoutMilliseconds)) { [self] in
                guard !finished else { return }
                if let connection {
                    connection.handler.abandon()
                    connection.channel.close(promise: nil)
                }
                finish(.failure(.timedOut(milliseconds: request.timeoutMilliseconds)))
            }
            attempt()
        }

        func attempt() {
            if let idle = pool.takeIdle(request.endpoint) {
                run(on: idle, reused: true)
                return
            }
            let endpoint = request.endpoint
            guard pool.open[endpoint, default: 0] < pool.configuration.maximumConnectionsPerEndpoint else {
                if pool.waiting[endpoint, default: []].count >= pool.configuration.maximumWaitingPerEndpoint {
                    pool.waiting[endpoint]?.removeAll { $0.finished }  // timed out or cancelled while waiting
                }
                guard pool.waiting[endpoint, default: []].count < pool.configuration.maximumWaitingPerEndpoint else {
                    finish(.failure(.overloaded))
                    return
                }
                pool.waiting[endpoint, default: []].append(self)
                return
            }
            pool.open[endpoint, default: 0] += 1
            pool.connect(endpoint) { [self] result in
                switch result {
                case .failure(let error):
                    pool.connectionGone(endpoint)
                    finish(.failure(error))
                case .success(let fresh):
                    guard !finished else {
                        pool.release(fresh, endpoint: endpoint)
                        return
                    }
                    run(on: fresh, reused: false)
                }
            }
        }

        /// Sends the request on `connection`; a reused one that died before answering is
        /// replaced once for an idempotent request.
        func run(on connection: Connection, reused: Bool) {
            self.connection = connection
            pool.send(request, on: connection) { [self] result in
                if reused, case .failure(.connectionClosed(receivedResponseBytes: false)) = result, mayRetry,
                    request.head.method.isIdempotent, !finished
                {
                    mayRetry = false  // a pooled connection died before answering: once more on a new one
                    self.connection = nil
                    attempt()
                } else {
                    finish(result)
                }
            }
        }

        /// The client is gone: stop waiting, close the connection mid-exchange.
        func cancel() {
            guard !finished else { return }
            if let connection {
                connection.handler.abandon()
                connection.channel.close(promise: nil)
            }
            finish(.failure(.cancelled))
        }

        func finish(_ result: Result<UpstreamResponse, UpstreamError>) {
            guard !finished else { return }
            finished = true
            timeout?.cancel()
            timeout = nil
            completion(result)
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
                sslContext = try endpoint.clientCertificate?.context(skipVerification: endpoint.skipCertificateVerification)
                    ?? tls.context(skipVerification: endpoint.skipCertificateVerification)
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
                    // Header validation is done where values are made (mapped values are checked; forwarded
                    // ones were parsed by llhttp), not again per byte on every write.
                    try sync.addHTTPClientHandlers(leftOverBytesStrategy: .dropBytes, enableOutboundHeaderValidation: false)
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
        // A waiting exchange takes the connection before it goes idle.
        while var queue = waiting[endpoint], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[endpoint] = queue.isEmpty ? nil : queue
            if !next.finished {
                next.run(on: connection, reused: true)
                return
            }
        }
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
        connectionGone(endpoint)
    }

    /// A connection closed (or failed to open): a waiting exchange may open a new one.
    private func connectionGone(_ endpoint: UpstreamEndpoint) {
        let remaining = max(0, open[endpoint, default: 0] - 1)
        open[endpoint] = remaining == 0 ? nil : remaining
        while var queue = waiting[endpoint], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[endpoint] = queue.isEmpty ? nil : queue
            if !next.finished {
                next.attempt()
                return
            }
        }
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
