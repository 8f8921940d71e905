import GatewayTesting
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

@testable import DataPlane

/// The upstream pool bounds what one backend can cost a loop: at most
/// `maximumConnectionsPerEndpoint` connections, then a bounded queue of waiting requests, then an
/// immediate `overloaded` failure; a waiting request takes the next connection freed; a cancelled
/// exchange closes its connection.
@Suite struct UpstreamConnectionPoolTests {
    private func request(_ path: String, port: Int) -> UpstreamRequest {
        UpstreamRequest(
            endpoint: UpstreamEndpoint(useTLS: false, host: "127.0.0.1", port: port, skipCertificateVerification: false, serverName: nil),
            head: HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: ["Host": "127.0.0.1"]), body: nil,
            timeoutMilliseconds: 5_000)
    }

    @Test func connectionsAreCappedAndTheWaitQueueIsBounded() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let backend = try await MockBackend.start(group: group)
        let loop = group.next()
        var configuration = UpstreamConnectionPool.Configuration()
        configuration.maximumConnectionsPerEndpoint = 2
        configuration.maximumWaitingPerEndpoint = 2
        let outcomes = NIOLockedValueBox<[String]>([])
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            loop.execute {
                let pool = UpstreamConnectionPool(eventLoop: loop, configuration: configuration, tls: UpstreamTLSContexts())
                var remaining = 5
                for _ in 0..<5 {
                    pool.execute(request("/delay/200", port: backend.port)) { result in
                        let outcome: String
                        switch result {
                        case .success(let response): outcome = "\(response.head.status.code)"
                        case .failure(.overloaded): outcome = "overloaded"
                        case .failure(let error): outcome = "\(error)"
                        }
                        outcomes.withLockedValue { $0.append(outcome) }
                        remaining -= 1
                        if remaining == 0 {
                            pool.closeAll()
                            continuation.resume()
                        }
                    }
                }
            }
        }
        // Two run at once, two wait and take the freed connections, the fifth is refused at once.
        let seen = outcomes.withLockedValue { $0 }
        #expect(seen.first == "overloaded")
        #expect(seen.filter { $0 == "200" }.count == 4, "\(seen)")
        #expect(backend.connectionCount == 2, "at most two connections to the backend")
        try await backend.stop()
        try await group.shutdownGracefully()
    }

    @Test func aCancelledExchangeClosesItsConnection() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let backend = try await MockBackend.start(group: group)
        let loop = group.next()
        let outcome = NIOLockedValueBox<String?>(nil)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            loop.execute {
                let pool = UpstreamConnectionPool(eventLoop: loop, tls: UpstreamTLSContexts())
                let cancellation = pool.execute(request("/delay/2000", port: backend.port)) { result in
                    if case .failure(let error) = result { outcome.withLockedValue { $0 = "\(error)" } }
                    continuation.resume()
                }
                loop.scheduleTask(in: .milliseconds(100)) { cancellation.cancel() }
            }
        }
        #expect(outcome.withLockedValue { $0 } == UpstreamError.cancelled.description)
        try await backend.stop()
        try await group.shutdownGracefully()
    }
}
