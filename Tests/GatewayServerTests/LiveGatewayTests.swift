import DataPlane
import Foundation
import GatewayModel
import GatewayTesting
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

/// The real server on an ephemeral port, with a real backend on loopback.
@Suite(.serialized) struct LiveGatewayTests {
    let group = MultiThreadedEventLoopGroup.singleton

    private func withGateway(
        _ served: (Int) -> [ServedApi], limits: RequestLimits = .aws,
        _ body: (LiveGateway, MockBackend) async throws -> Void
    ) async throws {
        let backend = try await MockBackend.start(group: group)
        let gateway = try await LiveGateway.start(served(backend.port), group: group, limits: limits)
        do {
            try await body(gateway, backend)
        } catch {
            try? await gateway.stop()
            try? await backend.stop()
            throw error
        }
        try await gateway.stop()
        try await backend.stop()
    }

    private func rest(_ port: Int) -> [ServedApi] { [Fixtures.served(.rest(Fixtures.restApi()), stage: "dev", backendPort: port)] }

    private func echo(_ response: TestResponse) throws -> (uri: String, method: String, headers: [String: String], body: String) {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
        var headers: [String: String] = [:]
        for pair in json["headers"] as? [[String]] ?? [] where pair.count == 2 { headers[pair[0].lowercased()] = pair[1] }
        return (json["uri"] as? String ?? "", json["method"] as? String ?? "", headers, json["body"] as? String ?? "")
    }

    @Test func mockIntegrationAnswersWithAWSHeaders() async throws {
        try await withGateway(rest) { gateway, _ in
            let response = try await TestHTTPClient.send("GET", "/dev/health", port: gateway.port, group: group)
            #expect(response.status == .ok)
            #expect(response.body == "{\"status\":\"ok\"}")
            #expect(response.headers["X-Mock"] == ["yes"])
            #expect(response.headers["Content-Type"] == ["application/json"])
            let requestId = try #require(response.headers.first(name: "x-amzn-RequestId"))
            #expect(requestId.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
            #expect(response.headers.first(name: "x-amz-apigw-id")?.hasSuffix("=") == true)
            let teapot = try await TestHTTPClient.send("GET", "/dev/teapot", port: gateway.port, group: group)
            #expect(teapot.status.code == 418)
            #expect(teapot.body == "{\"short\":\"stout\"}")
            let root = try await TestHTTPClient.send("GET", "/dev", port: gateway.port, group: group)
            #expect(root.body == "{\"root\":true}")
        }
    }

    @Test func unknownRoutesAnswerMissingAuthenticationToken() async throws {
        try await withGateway(rest) { gateway, _ in
            // `/{proxy+}` takes every other path below the stage; the root resource has only GET.
            for (method, target) in [("GET", "/prod/health"), ("POST", "/dev"), ("DELETE", "/dev/"), ("GET", "/"), ("GET", "/restapis/nope/dev/_user_request_/x")] {
                let response = try await TestHTTPClient.send(method, target, port: gateway.port, group: group)
                #expect(response.status == .forbidden, "\(method) \(target)")
                #expect(response.body == "{\"message\":\"Missing Authentication Token\"}")
                #expect(response.headers.first(name: "x-amzn-ErrorType") == "MissingAuthenticationTokenException")
                #expect(response.headers.first(name: "x-amzn-RequestId") != nil)
            }
        }
    }

    @Test func httpProxyForwardsPathQueryHeadersAndBody() async throws {
        try await withGateway(rest) { gateway, backend in
            let response = try await TestHTTPClient.send(
                "GET", "/dev/pets/42?x=1&y=a%20b", headers: [("X-Custom", "v"), ("Expect", "nothing"), ("X-Forwarded-For", "10.0.0.9")],
                port: gateway.port, group: group)
            #expect(response.status == .ok)
            let seen = try echo(response)
            #expect(seen.uri == "/backend/pets/42?x=1&y=a%20b")
            #expect(seen.headers["x-custom"] == "v")
            #expect(seen.headers["expect"] == nil)
            #expect(seen.headers["host"] == "127.0.0.1:\(backend.port)")
            #expect(seen.headers["x-amzn-apigateway-api-id"] == "rest123456")
            #expect(seen.headers["x-forwarded-for"] == "10.0.0.9, 127.0.0.1")
            #expect(seen.headers["x-forwarded-proto"] == "http")
            #expect(seen.headers["x-forwarded-port"] == String(gateway.port))
            #expect(seen.headers["x-amzn-trace-id"]?.hasPrefix("Root=1-") == true)
            // AWS's response header rules: remapped and dropped headers.
            #expect(response.headers.first(name: "x-amzn-Remapped-Date") == "Tue, 01 Jan 2030 00:00:00 GMT")
            #expect(response.headers.first(name: "x-amzn-Remapped-x-amzn-RequestId") == "backend-request-id")
            #expect(response.headers.first(name: "x-amzn-Remapped-Content-Length") != nil)
            #expect(response.headers.first(name: "Via") == nil)
            #expect(response.headers.first(name: "X-Backend") == "mock")
            #expect(response.headers.first(name: "x-amzn-RequestId") != "backend-request-id")

            let big = try await TestHTTPClient.send("GET", "/dev/big/100000", port: gateway.port, group: group)
            #expect(big.status == .ok)
            #expect(big.body.utf8.count == 100_000)
            #expect(big.headers.first(name: "Content-Length") == "100000")

            let post = try await TestHTTPClient.send("POST", "/dev/anything/deep/path", body: "{\"a\":1}", port: gateway.port, group: group)
            let posted = try echo(post)
            #expect(posted.method == "POST")
            #expect(posted.uri == "/anything/deep/path")
            #expect(posted.body == "{\"a\":1}")
            // A body over the encoder's inline limit goes out as its own write.
            let large = String(repeating: "z", count: 50_000)
            let bigPost = try echo(try await TestHTTPClient.send("PUT", "/dev/upload", body: large, port: gateway.port, group: group))
            #expect(bigPost.body == large)
            #expect(bigPost.headers["content-length"] == "50000")
            let head = try await TestHTTPClient.send("HEAD", "/dev/pets/1", port: gateway.port, group: group)
            #expect(head.status == .ok)
            #expect(head.body.isEmpty)
        }
    }

    @Test func integrationTimeoutsAndFailures() async throws {
        try await withGateway(rest) { gateway, _ in
            let slow = try await TestHTTPClient.send("GET", "/dev/slow", port: gateway.port, group: group)
            #expect(slow.status == .gatewayTimeout)
            #expect(slow.body == "{\"message\":\"Endpoint request timed out\"}")
            let down = try await TestHTTPClient.send("GET", "/dev/down", port: gateway.port, group: group)
            #expect(down.status == .gatewayTimeout)
            #expect(down.body == "{\"message\":\"Internal server error\"}")
            let garbage = try await TestHTTPClient.send("GET", "/dev/garbage", port: gateway.port, group: group)
            #expect(garbage.status == .badGateway)
            #expect(garbage.body == "{\"message\":\"Internal server error\"}")
        }
    }

    @Test func customHTTPIntegrationSelectsIntegrationResponses() async throws {
        try await withGateway(rest) { gateway, _ in
            let ok = try await TestHTTPClient.send("GET", "/dev/custom?code=200", port: gateway.port, group: group)
            #expect(ok.status == .ok)
            #expect(ok.headers.first(name: "X-Backend") == "mock")
            let seen = try echo(ok)
            #expect(seen.uri == "/status/200")
            #expect(seen.headers["x-mapped"] == "fixed")
            #expect(seen.headers["user-agent"] == "AmazonAPIGateway_rest123456")
            let mapped = try echo(try await TestHTTPClient.send("GET", "/dev/custom?code=200&q=a%20b", port: gateway.port, group: group))
            #expect(mapped.headers["x-from-query"] == "a b")
            // A decoded value with a line break would inject a header: it is left out.
            let injected = try echo(
                try await TestHTTPClient.send("GET", "/dev/custom?code=200&q=a%0d%0aX-Injected:%20yes", port: gateway.port, group: group))
            #expect(injected.headers["x-from-query"] == nil)
            #expect(injected.headers["x-injected"] == nil)
            let notFound = try await TestHTTPClient.send("GET", "/dev/custom?code=404", port: gateway.port, group: group)
            #expect(notFound.status == .badRequest)
            #expect(notFound.body == "{\"error\":\"client\"}")
        }
    }

    @Test func sizeLimits() async throws {
        try await withGateway(rest, limits: RequestLimits(maximumHeaderBytes: 10_240, maximumBodyBytes: 1000)) { gateway, _ in
            let big = String(repeating: "a", count: 11_000)
            let headers = try await TestHTTPClient.send("GET", "/dev/health", headers: [("X-Big", big)], port: gateway.port, group: group)
            #expect(headers.status == .requestHeaderFieldsTooLarge)
            #expect(headers.body == "{\"message\":\"Request Header Fields Too Large\"}")
            let body = try await TestHTTPClient.send("POST", "/dev/x", body: String(repeating: "b", count: 2000), port: gateway.port, group: group)
            #expect(body.status == .payloadTooLarge)
            #expect(body.body == "{\"message\":\"Request Too Long\"}")
            // Chunked bodies are counted as they arrive.
            var chunked = Array("POST /dev/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            for _ in 0..<3 { chunked += Array("1f4\r\n\(String(repeating: "c", count: 500))\r\n".utf8) }
            chunked += Array("0\r\n\r\n".utf8)
            let chunkedResponse = try await TestHTTPClient.exchange(chunked, expecting: 1, port: gateway.port, group: group)
            #expect(chunkedResponse.first?.status == .payloadTooLarge)
            let malformed = try await TestHTTPClient.exchange(Array("NOT HTTP AT ALL\r\n\r\n".utf8), expecting: 1, port: gateway.port, group: group)
            #expect(malformed.first?.status == .badRequest)
        }
    }

    @Test func keepAliveAndPipelining() async throws {
        try await withGateway(rest) { gateway, backend in
            var bytes = TestHTTPClient.request("GET", "/dev/health", close: false)
            bytes += TestHTTPClient.request("GET", "/dev/pets/1", close: false)
            bytes += TestHTTPClient.request("GET", "/dev/teapot", close: true)
            let responses = try await TestHTTPClient.exchange(bytes, expecting: 3, port: gateway.port, group: group)
            #expect(responses.map(\.status.code) == [200, 200, 418])
            #expect(responses[0].headers.first(name: "Connection") == "keep-alive")
            for index in 0..<5 {
                _ = try await TestHTTPClient.send("GET", "/dev/pets/\(index)", port: gateway.port, group: group)
            }
            #expect(backend.connectionCount <= 2, "upstream connections are pooled and reused")
        }
    }

    @Test func executeApiHostAndPathStyle() async throws {
        try await withGateway({ port in
            [
                Fixtures.served(.rest(Fixtures.restApi(id: "aaaaaaaaaa")), stage: "prod", backendPort: port),
                Fixtures.served(.rest(Fixtures.restApi(id: "bbbbbbbbbb")), stage: "dev", backendPort: port),
            ]
        }) { gateway, _ in
            let byHost = try await TestHTTPClient.send(
                "GET", "/prod/health", host: "aaaaaaaaaa.execute-api.us-east-1.amazonaws.com", port: gateway.port, group: group)
            #expect(byHost.status == .ok)
            let byPath = try await TestHTTPClient.send("GET", "/restapis/bbbbbbbbbb/dev/_user_request_/health", port: gateway.port, group: group)
            #expect(byPath.status == .ok)
            let ambiguous = try await TestHTTPClient.send("GET", "/prod/health", port: gateway.port, group: group)
            #expect(ambiguous.status == .forbidden)
        }
    }

    @Test func httpApiRoutesDefaultAndErrors() async throws {
        try await withGateway({ [Fixtures.served(.http(Fixtures.httpApi()), stage: "$default", backendPort: $0)] }) { gateway, _ in
            let item = try await TestHTTPClient.send("GET", "/items/9?q=1", port: gateway.port, group: group)
            #expect(item.status == .ok)
            #expect(try echo(item).uri == "/items/9?q=1")
            #expect(item.headers.first(name: "apigw-requestid")?.hasSuffix("=") == true)
            // HTTP APIs add no x-amzn-RequestId of their own; the backend's passes through.
            #expect(item.headers.first(name: "x-amzn-RequestId") == "backend-request-id")
            let fallback = try await TestHTTPClient.send("DELETE", "/whatever/else", port: gateway.port, group: group)
            #expect(try echo(fallback).uri == "/fallback")
            let mapped = try echo(
                try await TestHTTPClient.send(
                    "GET", "/mapped/7?drop=1&keep=2", headers: [("x-in", "v"), ("X-Remove-Me", "y"), ("X-List", "a")],
                    port: gateway.port, group: group))
            // Rules apply in key order: `append:querystring.added`, then `overwrite:querystring.keep`.
            #expect(mapped.uri == "/rewritten/7?added=7&keep=GET%20%2Fmapped%2F%7Bid%7D")
            #expect(mapped.headers["x-api"] == "static-v-mock")
            #expect(mapped.headers["x-list"] == "a,b")
            #expect(mapped.headers["x-remove-me"] == nil)
            let slow = try await TestHTTPClient.send("GET", "/slow", port: gateway.port, group: group)
            #expect(slow.status == .serviceUnavailable)
            #expect(slow.body == "{\"message\":\"Service Unavailable\"}")
        }
        try await withGateway({ [Fixtures.served(.http(Fixtures.httpApi()), stage: "beta", backendPort: $0)] }) { gateway, _ in
            let missing = try await TestHTTPClient.send("GET", "/gamma/items/1", port: gateway.port, group: group)
            // A named stage: `gamma` is no stage, so the path does not resolve.
            #expect(missing.status == .notFound)
            #expect(missing.body == "{\"message\":\"Not Found\"}")
            let found = try await TestHTTPClient.send("GET", "/beta/items/1", port: gateway.port, group: group)
            #expect(found.status == .ok)
        }
    }

    @Test func httpApiCorsPreflightAndHeaders() async throws {
        var snapshot = Fixtures.httpApi()
        snapshot.routes.removeAll { $0.routeKey == "$default" }  // so that a path no route takes answers 404
        snapshot.api.corsConfiguration = ApiGatewayV2.Cors(
            allowCredentials: true, allowHeaders: ["Content-Type", "Authorization"], allowMethods: ["GET", "post"],
            allowOrigins: ["https://app.example"], exposeHeaders: ["X-Backend"], maxAge: 600)
        try await withGateway({ [Fixtures.served(.http(snapshot), stage: "$default", backendPort: $0)] }) { gateway, backend in
            let before = backend.requestCount
            let preflight = try await TestHTTPClient.send(
                "OPTIONS", "/items/1", headers: [("Origin", "https://app.example"), ("Access-Control-Request-Method", "POST")],
                port: gateway.port, group: group)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers.first(name: "Access-Control-Allow-Origin") == "https://app.example")
            #expect(preflight.headers.first(name: "Access-Control-Allow-Methods") == "GET,POST")
            #expect(preflight.headers.first(name: "Access-Control-Allow-Headers") == "content-type,authorization")
            #expect(preflight.headers.first(name: "Access-Control-Max-Age") == "600")
            #expect(preflight.headers.first(name: "Access-Control-Allow-Credentials") == "true")
            #expect(backend.requestCount == before, "a preflight never reaches the integration")

            let stranger = try await TestHTTPClient.send(
                "OPTIONS", "/items/1", headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET")],
                port: gateway.port, group: group)
            #expect(stranger.status == .noContent)
            #expect(stranger.headers.first(name: "Access-Control-Allow-Origin") == nil)

            let simple = try await TestHTTPClient.send("GET", "/items/1", headers: [("Origin", "https://app.example")], port: gateway.port, group: group)
            #expect(simple.status == .ok)
            #expect(simple.headers.first(name: "Access-Control-Allow-Origin") == "https://app.example")
            #expect(simple.headers.first(name: "Access-Control-Expose-Headers") == "x-backend")
            let noOrigin = try await TestHTTPClient.send("GET", "/items/1", port: gateway.port, group: group)
            #expect(noOrigin.headers.first(name: "Access-Control-Allow-Origin") == nil)
            // The gateway's own answers carry them too: a route that does not exist.
            let missing = try await TestHTTPClient.send(
                "GET", "/no/such/route", headers: [("Origin", "https://app.example")], port: gateway.port, group: group)
            #expect(missing.status == .notFound)
            #expect(missing.headers.first(name: "Access-Control-Allow-Origin") == "https://app.example")
        }
    }

    @Test func redeployIsAtomicAndImmediate() async throws {
        try await withGateway(rest) { gateway, backend in
            let before = try await TestHTTPClient.send("GET", "/dev/health", port: gateway.port, group: group)
            #expect(before.body == "{\"status\":\"ok\"}")
            var snapshot = Fixtures.restApi()
            snapshot.resources[1].resourceMethods?["GET"]?.methodIntegration = Fixtures.mock(200, body: "{\"status\":\"v2\"}")
            try await gateway.runtime.update(
                DeploymentCompiler().compile([Fixtures.served(.rest(snapshot), stage: "dev", backendPort: backend.port)])
            ).get()
            let after = try await TestHTTPClient.send("GET", "/dev/health", port: gateway.port, group: group)
            #expect(after.body == "{\"status\":\"v2\"}")
        }
    }

    @Test func gracefulShutdownFinishesInFlightRequests() async throws {
        let backend = try await MockBackend.start(group: group)
        let snapshot = RestApiSnapshot(
            api: RestApi(id: "drain12345", name: "drain"),
            resources: [
                Resource(
                    id: "r", path: "/", resourceMethods: ["GET": Method(httpMethod: "GET", methodIntegration: Fixtures.proxy("http://127.0.0.1:\(backend.port)/delay/600"))])
            ])
        let gateway = try await LiveGateway.start([Fixtures.served(.rest(snapshot), stage: "dev", backendPort: backend.port)], group: group)
        async let inFlight = TestHTTPClient.send("GET", "/dev", port: gateway.port, group: group)
        try await Task.sleep(for: .milliseconds(200))
        try await gateway.stop()
        let response = try await inFlight
        #expect(response.status == .ok)
        await #expect(throws: (any Error).self) {
            _ = try await TestHTTPClient.send("GET", "/dev", port: gateway.port, group: group)
        }
        try await backend.stop()
    }
}
