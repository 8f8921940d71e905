import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DataPlane

/// Nothing unchecked reaches a backend: the upstream request builder is driven with random and
/// hostile inputs (CR, LF, NUL, spaces, `%0d%0a`, dot segments, raw high bytes, long values) in
/// every place a request or a mapping can put them, and the bytes it would write are parsed back
/// by NIO's own HTTP/1 parser: always exactly one valid request, under the integration's base path.
@Suite struct UpstreamRequestSafetyTests {
    /// A small deterministic generator (xorshift64*), so that a failure names its seed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    static let fragments = [
        "\r", "\n", "\r\n", "\0", " ", "\t", "%0d%0a", "%0D%0A", "%00", "%ff", "%FF", "%", "%2", "%zz", "..", ".", "%2e%2e", "%2E.",
        "../", "..%2f", "..%2F", "/", "//", "?", "#", "&", "=", "+", ";", "\"", "\\", "{", "}", "<", ">", "|", "^", "`",
        "HTTP/1.1", "Host: evil", "X-Injected: yes", "GET /smuggled", "é", "\u{ff}", "\u{2028}", "a", "b", "pets", "7",
        String(repeating: "x", count: 300), String(repeating: "../", count: 40),
    ]

    static func hostile(_ random: inout Generator) -> String {
        var text = ""
        for _ in 0..<(1 + random.below(8)) { text += fragments[random.below(fragments.count)] }
        return text
    }

    static func withoutLineBreaks(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" }))
    }

    /// The bytes `head` (and `body`) become on the upstream connection.
    static func wireBytes(_ head: HTTPRequestHead, body: ByteBuffer?) throws -> ByteBuffer {
        let channel = EmbeddedChannel(handler: HTTPRequestEncoder())
        try channel.writeOutbound(HTTPClientRequestPart.head(head))
        if let body { try channel.writeOutbound(HTTPClientRequestPart.body(.byteBuffer(body))) }
        try channel.writeOutbound(HTTPClientRequestPart.end(nil))
        var wire = channel.allocator.buffer(capacity: 1024)
        while var part = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(var buffer) = part else { continue }
            wire.writeBuffer(&buffer)
            part = .byteBuffer(buffer)
        }
        _ = try channel.finish()
        return wire
    }

    /// Parses `wire` as a server would: the requests it holds.
    static func parse(_ wire: ByteBuffer) throws -> (heads: [HTTPRequestHead], ends: Int) {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder()))
        try channel.writeInbound(wire)
        var heads: [HTTPRequestHead] = []
        var ends = 0
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(let head): heads.append(head)
            case .end: ends += 1
            case .body: break
            }
        }
        _ = try? channel.finish()
        return (heads, ends)
    }

    static func isRequestLineSafe(_ uri: String) -> Bool {
        uri.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !"\"#<>\\^`{|}".utf8.contains(byte)
        }
    }

    /// Whether the decoded path, with its dot segments resolved as a backend would, stays below `base`.
    static func staysBelow(_ path: Substring, base: String) -> Bool {
        var segments: [String] = []
        for piece in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let decoded = QueryString.decode(piece, plusAsSpace: false)
            if decoded == "." { continue }
            if decoded == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(decoded)
        }
        let baseSegments = base.split(separator: "/").map(String.init)
        return Array(segments.prefix(baseSegments.count)) == baseSegments
    }

    private func withLoop(_ body: (LoopContext) throws -> Void) throws {
        let loop = EmbeddedEventLoop()
        let context = LoopContext(
            eventLoop: loop, gateway: .empty, upstreams: UpstreamConnectionPool(eventLoop: loop, tls: UpstreamTLSContexts()),
            logger: Logger(label: "test"))
        try body(context)
        try loop.syncShutdownGracefully()
    }

    private func exchange(uri: String, headers: HTTPHeaders, parameters: [(String, Substring)], rawQuery: Substring?) -> Exchange {
        let stage = CompiledStage(
            apiId: "a1", kind: .rest, name: "dev", deploymentId: "d", variables: [:], router: PathRouter<MethodTable>.Builder().build(),
            defaultRoute: nil)
        let exchange = Exchange(
            head: HTTPRequestHead(version: .http1_1, method: .GET, uri: uri, headers: headers), body: nil,
            context: RequestContext(), resourcePathRequested: "/r", rawQuery: rawQuery, stage: stage,
            eventLoop: EmbeddedEventLoop(), isSecure: false,
            localPort: 8080)
        exchange.pathParameters = parameters.map { (name: $0.0, value: $0.1) }
        return exchange
    }

    private func checkOneRequest(_ request: UpstreamRequest, base: String, seed: UInt64) throws {
        let wire = try Self.wireBytes(request.head, body: request.body)
        let parsed: (heads: [HTTPRequestHead], ends: Int)
        do {
            parsed = try Self.parse(wire)
        } catch {
            Issue.record("seed \(seed): \(error) parsing \(String(buffer: wire).debugDescription)")
            return
        }
        #expect(parsed.heads.count == 1, "seed \(seed): \(String(buffer: wire).debugDescription)")
        #expect(parsed.ends == 1, "seed \(seed)")
        guard let head = parsed.heads.first else { return }
        #expect(head.uri == request.head.uri, "seed \(seed)")
        #expect(Self.isRequestLineSafe(head.uri), "seed \(seed): \(head.uri.debugDescription)")
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        #expect(Self.staysBelow(path, base: base), "seed \(seed): \(head.uri.debugDescription)")
        for (name, value) in head.headers {
            #expect(!value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }, "seed \(seed): \(name)")
        }
        #expect(head.headers["host"].count == 1, "seed \(seed)")
        #expect(head.headers["transfer-encoding"].isEmpty, "seed \(seed)")
    }

    @Test func restProxyPathsAndQueries() throws {
        let uri = try IntegrationURI(parsing: "http://backend.local:9090/base/{proxy}", stageVariables: [:])
        let integration = HTTPIntegration(
            mode: .restProxy, uri: uri, httpMethod: nil, timeoutMilliseconds: 1000, apiId: "a1", pathMappings: [:], queryMappings: [],
            headerMappings: [("X-Mapped", .requestQuery("q"))], requestTemplates: RequestTemplates(nil, passthrough: nil),
            responses: IntegrationResponses(entries: [], defaultEntry: nil), parameterMapping: nil)
        try withLoop { loop in
            for seed in UInt64(1)...1500 {
                var random = Generator(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
                let proxy = Self.hostile(&random)
                let query = Self.hostile(&random)
                let exchange = exchange(
                    uri: "/dev/x", headers: ["Host": "gw", "Connection": "keep-alive, X-Hop", "X-Hop": "1"],
                    parameters: [("proxy", proxy[...])], rawQuery: "q=" + query[...])
                guard case .success(let request) = integration.buildRequest(exchange, loop: loop) else {
                    Issue.record("seed \(seed): no request built")
                    continue
                }
                #expect(request.head.headers["x-hop"].isEmpty, "headers named by Connection are hop-by-hop")
                try checkOneRequest(request, base: "/base", seed: seed)
            }
        }
    }

    @Test func httpApiOverwritePathAndHeaders() throws {
        var diagnostics: [String] = []
        let mapping = HttpApiParameterMapping(
            [
                "overwrite:path": "/v2/$request.path.p/${request.querystring.q}",
                "overwrite:header.x-from-query": "$request.querystring.q",
                "append:querystring.copy": "$request.header.x-in",
                "overwrite:header.content-length": "5",
                "overwrite:header.transfer-encoding": "chunked",
            ], stageVariables: [:], diagnostics: &diagnostics, location: "test")
        #expect(diagnostics.count == 2, "framing headers are reserved: \(diagnostics)")
        let uri = try IntegrationURI(parsing: "https://backend.local/base", stageVariables: [:])
        let integration = HTTPIntegration(
            mode: .httpApiProxy, uri: uri, httpMethod: nil, timeoutMilliseconds: 1000, apiId: "a1", pathMappings: [:],
            queryMappings: [], headerMappings: [], requestTemplates: RequestTemplates(nil, passthrough: nil),
            responses: IntegrationResponses(entries: [], defaultEntry: nil), parameterMapping: mapping)
        try withLoop { loop in
            for seed in UInt64(1)...1500 {
                var random = Generator(state: seed &* 0xD1B5_4A32_D192_ED03 | 1)
                let parameter = Self.hostile(&random)
                let query = QueryString.encode(Self.hostile(&random))
                let exchange = exchange(
                    // Client header values come through llhttp or HPACK validation: no CR, LF or NUL.
                    uri: "/r/x", headers: ["Host": "gw", "x-in": Self.withoutLineBreaks(Self.hostile(&random))],
                    parameters: [("p", parameter[...])],
                    rawQuery: "q=" + query[...])
                guard case .success(let request) = integration.buildRequest(exchange, loop: loop) else {
                    Issue.record("seed \(seed): no request built")
                    continue
                }
                try checkOneRequest(request, base: "", seed: seed)
            }
        }
    }

    /// The request of the issue: a path parameter that decodes to a second request.
    @Test func theSmugglingRequestIsOneRequest() throws {
        var diagnostics: [String] = []
        let mapping = HttpApiParameterMapping(
            ["overwrite:path": "$request.path.p"], stageVariables: [:], diagnostics: &diagnostics, location: "test")
        let uri = try IntegrationURI(parsing: "http://backend.local/", stageVariables: [:])
        let integration = HTTPIntegration(
            mode: .httpApiProxy, uri: uri, httpMethod: nil, timeoutMilliseconds: 1000, apiId: "a1", pathMappings: [:],
            queryMappings: [], headerMappings: [], requestTemplates: RequestTemplates(nil, passthrough: nil),
            responses: IntegrationResponses(entries: [], defaultEntry: nil), parameterMapping: mapping)
        try withLoop { loop in
            let raw: Substring = "abc%20HTTP%2F1.1%0D%0AX-Injected:%20yes%0D%0A%0D%0AGET%20%2Fsmuggled"
            let exchange = exchange(uri: "/r/" + raw, headers: ["Host": "gw"], parameters: [("p", raw)], rawQuery: nil)
            guard case .success(let request) = integration.buildRequest(exchange, loop: loop) else {
                Issue.record("no request built")
                return
            }
            #expect(request.head.uri == "/abc%20HTTP/1.1%0D%0AX-Injected:%20yes%0D%0A%0D%0AGET%20/smuggled")
            try checkOneRequest(request, base: "", seed: 0)
        }
    }

    @Test func targetsAreEscapedAndDotSegmentsStayInside() {
        var path = "/base/"
        UpstreamTarget.appendRaw("a/../../../etc/passwd", to: &path)
        #expect(path == "/base/etc/passwd")
        path = "/base/"
        UpstreamTarget.appendRaw("%2e%2e/%2E%2e/x%00y%ff/%3B;", to: &path)
        #expect(path == "/base/x%00y%ff/%3B;")
        path = "/base/"
        UpstreamTarget.appendDecoded("../a/b c\r\n", greedy: false, to: &path)
        #expect(path == "/base/..%2Fa%2Fb%20c%0D%0A")
        #expect(UpstreamTarget.path(fromDecoded: "/../../x/./y") == "/x/y")
        #expect(UpstreamTarget.query("a=1 2&b=\"x\"#f&c=%41%zz") == "a=1%202&b=%22x%22%23f&c=%41%25zz")
        #expect(UpstreamTarget.isSafeLiteral("/a/b;c=d:e@f", isQuery: false))
        #expect(!UpstreamTarget.isSafeLiteral("/a b", isQuery: false))
        #expect(!UpstreamTarget.isSafeLiteral("/a%zz", isQuery: false))
    }

    @Test(arguments: [
        "http://h\r\nX: y/", "http://h/a b", "http://h/a\r\nb", "http://h/p?x=a b", "http://h%0d/", "http://[::1\r]/",
        "http://${stageVariables.host}/",
    ])
    func unsafeIntegrationURIsAreRefused(uri: String) {
        #expect(throws: IntegrationURI.ParseError.self) {
            try IntegrationURI(parsing: uri, stageVariables: ["host": "evil.example\r\nX-Injected: 1"])
        }
    }
}
