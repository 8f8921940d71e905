import AWSSignatureV4
import ControlPlane
import GatewayServer
import GatewayStore
import GatewayTesting
import Logging
import NIOCore
import NIOPosix
import Testing

/// The management listener on an ephemeral port: the credential scope is pinned, a request is
/// refused from its head before its body is read, idle connections close, open connections are
/// capped.
@Suite(.serialized) struct ManagementServerTests {
    let group = MultiThreadedEventLoopGroup.singleton
    static let admin = ManagementCredentials(accessKeyId: "AKIDADMIN", secretAccessKey: "admin-secret-0123456789")

    private func withServer(
        _ configure: (inout GatewayConfiguration.ManagementSettings) -> Void = { _ in }, _ body: (Int) async throws -> Void
    ) async throws {
        var settings = GatewayConfiguration.ManagementSettings()
        settings.listen = ListenAddress(host: "127.0.0.1", port: 0)
        settings.credentials = Self.admin
        configure(&settings)
        let quiet = Logger(label: "management-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let (ports, reportPort) = AsyncStream.makeStream(of: Int.self)
        let server = try ManagementServer(
            settings: settings, region: "us-east-1", controlPlane: ControlPlane(store: InMemoryGatewayStore(), logger: quiet),
            logger: quiet, onRunning: { reportPort.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await server.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next(), "the server did not start")
            do {
                try await body(port)
            } catch {
                tasks.cancelAll()
                throw error
            }
            tasks.cancelAll()
        }
    }

    /// A request signed by `credentials` for `region`/`service`, as raw bytes.
    private func signed(
        _ method: String, _ target: String, port: Int, body: String? = nil, region: String = "us-east-1",
        service: String = "apigateway", extraHeaders: [(String, String)] = [], close: Bool = true
    ) -> [UInt8] {
        let host = "127.0.0.1:\(port)"
        var request = SignableRequest(
            method: method, target: target, headers: [.init("Host", host)] + extraHeaders.map { .init($0.0, $0.1) },
            payload: body.map { .string($0) } ?? .empty)
        let credentials = AWSCredentials(accessKeyID: Self.admin.accessKeyId, secretAccessKey: Self.admin.secretAccessKey)
        Signer(credentials: credentials, region: region, service: service).sign(&request)
        let headers = request.headers.filter { $0.name != "Host" }.map { ($0.name, $0.value) }
        return TestHTTPClient.request(method, target, headers: headers, body: body, host: host, close: close)
    }

    private func elapsed(_ work: () async throws -> [TestResponse]) async throws -> ([TestResponse], Duration) {
        let start = ContinuousClock.now
        let responses = try await work()
        return (responses, ContinuousClock.now - start)
    }

    @Test func credentialScopeIsPinnedToApigatewayAndTheRegion() async throws {
        try await withServer { port in
            let good = try await TestHTTPClient.exchange(signed("GET", "/restapis", port: port), expecting: 1, port: port, group: group)
            #expect(good.first?.status == .ok)
            for (region, service, message) in [
                ("eu-west-1", "apigateway", "Credential should be scoped to a valid region, not 'eu-west-1'. "),
                ("us-east-1", "execute-api", "Credential should be scoped to correct service: 'apigateway'. "),
            ] {
                let bytes = signed("GET", "/restapis", port: port, region: region, service: service)
                let refused = try #require(try await TestHTTPClient.exchange(bytes, expecting: 1, port: port, group: group).first)
                #expect(refused.status == .forbidden)
                #expect(refused.headers.first(name: "x-amzn-ErrorType") == "InvalidSignatureException")
                #expect(refused.body == "{\"message\":\"\(message)\"}")
            }
        }
    }

    @Test func anUnsignedSixMegabyteBodyIsRefusedFromItsHead() async throws {
        try await withServer { port in
            // Headers announce 6 MB; only a few bytes follow. The answer cannot wait for the rest.
            let head =
                "POST /restapis HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\nContent-Length: 6000000\r\n\r\n{\"na"
            let (responses, took) = try await elapsed {
                try await TestHTTPClient.exchange(Array(head.utf8), expecting: 1, port: port, group: group, timeout: .seconds(10))
            }
            let refused = try #require(responses.first)
            #expect(refused.status == .forbidden)
            #expect(refused.headers.first(name: "x-amzn-ErrorType") == "MissingAuthenticationTokenException")
            #expect(refused.body == "{\"message\":\"Missing Authentication Token\"}")
            #expect(refused.headers.first(name: "Connection") == "close")
            #expect(took < .milliseconds(1500), "answered in \(took)")
            // A signed head declaring more than the limit is refused as early, with 413.
            let oversized = signed("POST", "/restapis", port: port, extraHeaders: [("Content-Length", "7000000")], close: false)
            let tooLong = try await TestHTTPClient.exchange(
                oversized + Array("{}".utf8), expecting: 1, port: port, group: group, timeout: .seconds(10))
            #expect(tooLong.first?.status == .payloadTooLarge)
            #expect(tooLong.first?.headers.first(name: "x-amzn-ErrorType") == "RequestEntityTooLargeException")
            // The server is still there.
            let after = try await TestHTTPClient.exchange(signed("GET", "/restapis", port: port), expecting: 1, port: port, group: group)
            #expect(after.first?.status == .ok)
        }
    }

    @Test func answersKeepTheirOrderWhenAPipelinedRequestIsRefused() async throws {
        try await withServer { port in
            let bytes =
                signed("GET", "/restapis", port: port, close: false)
                + TestHTTPClient.request("GET", "/restapis", host: "127.0.0.1:\(port)", close: false)
            let responses = try await TestHTTPClient.exchange(bytes, expecting: 2, port: port, group: group, timeout: .seconds(10))
            #expect(responses.map(\.status.code) == [200, 403])
        }
    }

    @Test func idleConnectionsAreClosed() async throws {
        try await withServer({ $0.idleTimeout = .milliseconds(500) }) { port in
            // Headers that never end.
            let partial = Array("GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8)
            let (responses, took) = try await elapsed {
                try await TestHTTPClient.exchange(partial, expecting: 0, port: port, group: group, timeout: .seconds(10))
            }
            #expect(responses.isEmpty)
            #expect(took >= .milliseconds(400) && took < .seconds(3), "closed after \(took)")
        }
    }

    @Test func openConnectionsAreCapped() async throws {
        try await withServer({
            $0.maximumConnections = 1
            $0.idleTimeout = .milliseconds(1500)
        }) { port in
            // The first connection holds the only place until the idle timeout closes it; the
            // second is accepted only then.
            async let holder = TestHTTPClient.exchange(
                Array("GET /restapis HTTP/1.1\r\nHost: x\r\n".utf8), expecting: 0, port: port, group: group, timeout: .seconds(10))
            try await Task.sleep(for: .milliseconds(300))
            let (responses, took) = try await elapsed {
                try await TestHTTPClient.exchange(
                    signed("GET", "/restapis", port: port), expecting: 1, port: port, group: group, timeout: .seconds(10))
            }
            #expect(responses.first?.status == .ok)
            #expect(took >= .milliseconds(800), "served after \(took), while the cap was reached")
            _ = try await holder
        }
    }
}
