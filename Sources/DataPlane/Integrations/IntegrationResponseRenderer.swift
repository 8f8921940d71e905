import MappingTemplates
import NIOCore
import NIOHTTP1

/// Turns a selected REST integration response into the method response: status, mapped headers,
/// and the body from the response template chosen by `Accept` (passthrough when there is none),
/// rendered with `$input` the integration response's body. Then the overrides: what the request
/// template set in `$context.responseOverride`, and over it what the response template set
/// (status and headers replace the mapped ones, as AWS applies overrides last).
enum IntegrationResponseRenderer {
    static func render(
        _ entry: IntegrationResponses.Entry, exchange: Exchange, upstream: UpstreamResponse?
    ) -> Result<GatewayHTTPResponse, GatewayError> {
        var status = entry.status
        var headers = HTTPHeaders()
        for (name, source) in entry.headers {
            if let value = source.value(for: exchange, response: upstream), HeaderValue.isSafe(value) {
                headers.replaceOrAdd(name: name, value: value)
            }
        }
        var body = upstream?.body
        var contentType = "application/json"
        var overrides = exchange.templateOverrides
        if !entry.templates.isEmpty {
            let (selectedType, template) = selectTemplate(entry.templates, accept: exchange.head.headers.first(name: "accept"))
            contentType = selectedType
            let input = exchange.templateInput(body: upstream?.body, context: template.usesContext)
            switch template.render(input, what: "response template for \(selectedType)") {
            case .success((let text, let rendered)):
                body = text
                if let rendered, rendered.hasOverrides {
                    if var merged = overrides {
                        if let code = rendered.responseStatus { merged.responseStatus = code }
                        merged.responseHeaders += rendered.responseHeaders
                        overrides = merged
                    } else {
                        overrides = TemplateOverrides(rendered)
                    }
                }
            case .failure(let failure):
                return .failure(.configuration(cause: failure.cause))
            }
        } else if let upstreamType = upstream?.head.headers.first(name: "content-type") {
            contentType = upstreamType
        }
        if let overrides {
            if let code = overrides.responseStatus {
                guard (100...599).contains(code) else {
                    return .failure(.configuration(cause: "$context.responseOverride.status \(code) is not an HTTP status"))
                }
                status = HTTPResponseStatus(statusCode: code)
            }
            for (name, value) in overrides.responseHeaders where HeaderValue.isValidName(name) && HeaderValue.isSafe(value) {
                headers.replaceOrAdd(name: name, value: value)
            }
        }
        if !headers.contains(name: "content-type") { headers.add(name: "Content-Type", value: contentType) }
        var response = GatewayHTTPResponse(status: status, headers: headers, body: body)
        if let error = ContentHandling.response(&response, handling: entry.contentHandling, exchange: exchange) { return .failure(error) }
        return .success(response)
    }

    /// `Accept`'s first media type that has a template, else `application/json`, else the first
    /// template by name. `templates` is not empty.
    static func selectTemplate(_ templates: [String: MappingTemplate], accept: String?) -> (String, MappingTemplate) {
        if let accept {
            for part in accept.split(separator: ",") {
                let type = RequestTemplates.mediaType(String(part))
                if let template = templates[type] { return (type, template) }
            }
        }
        if let json = templates["application/json"] { return ("application/json", json) }
        let first = templates.min { $0.key < $1.key }
        return (first?.key ?? "application/json", first?.value ?? .text(ByteBuffer()))
    }
}
