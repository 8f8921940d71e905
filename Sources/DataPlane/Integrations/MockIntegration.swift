import NIOCore
import NIOHTTP1

/// REST `MOCK`: the request template's output `{"statusCode": N}` picks the integration response,
/// whose template and header mappings make the answer. A Velocity request template is rendered
/// per request, so `#if` can choose the status; static ones are read once, when compiled.
/// Nothing leaves the gateway.
struct MockIntegration: IntegrationHandler {
    let requestTemplates: RequestTemplates
    /// Status codes of static request templates, parsed at compile time by media type.
    let staticStatusCodes: [String: Int]
    let responses: IntegrationResponses

    func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError> {
        requestTemplates.render(exchange).flatMap { rendered in
            let code: Int?
            switch rendered {
            case .body(let text, let contentType): code = staticStatusCodes[contentType] ?? Self.statusCode(in: String(buffer: text))
            case .passthrough: code = exchange.body.flatMap { Self.statusCode(in: String(buffer: $0)) }
            }
            guard let code else { return .failure(.configuration(cause: "the MOCK request template gives no statusCode")) }
            return .success(.local(.mock(statusCode: code)))
        }
    }

    func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError> {
        guard case .mock(let statusCode) = outcome else {
            return .failure(.configuration(cause: "a MOCK integration got a backend response"))
        }
        guard let entry = responses.select(String(statusCode)) else {
            return .failure(.configuration(cause: "no integration response matches status \(statusCode) and there is no default"))
        }
        return IntegrationResponseRenderer.render(entry, exchange: exchange, upstream: nil)
    }

    func failure(for error: UpstreamError) -> GatewayError {
        .configuration(cause: "a MOCK integration made a call: \(error)")
    }

    /// Reads `"statusCode": N` from a template's JSON text.
    static func statusCode(in text: String) -> Int? {
        guard let key = text.range(of: "\"statusCode\"") else { return nil }
        var rest = text[key.upperBound...].drop { $0.isWhitespace }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop { $0.isWhitespace }
        if rest.first == "\"" { rest = rest.dropFirst() }
        let digits = rest.prefix { $0.isNumber }
        guard let code = Int(digits), (100...599).contains(code) else { return nil }
        return code
    }
}
