import NIOCore
import NIOHTTP1

/// Turns a selected REST integration response into the method response: status, mapped headers,
/// and the body from the response template chosen by `Accept` (passthrough when there is none).
enum IntegrationResponseRenderer {
    static func render(
        _ entry: IntegrationResponses.Entry, exchange: Exchange, upstream: UpstreamResponse?
    ) -> Result<GatewayHTTPResponse, GatewayError> {
        var headers = HTTPHeaders()
        for (name, source) in entry.headers {
            if let value = source.value(for: exchange, response: upstream), HeaderValue.isSafe(value) {
                headers.replaceOrAdd(name: name, value: value)
            }
        }
        var body = upstream?.body
        var contentType = "application/json"
        if !entry.templates.isEmpty {
            let (selectedType, template) = selectTemplate(entry.templates, accept: exchange.head.headers.first(name: "accept"))
            contentType = selectedType
            switch template {
            case .text(let text): body = text
            case .velocity:
                return .failure(.configuration(cause: "the response template for \(selectedType) needs the VTL engine (not yet built)"))
            }
        } else if let upstreamType = upstream?.head.headers.first(name: "content-type") {
            contentType = upstreamType
        }
        if !headers.contains(name: "content-type") { headers.add(name: "Content-Type", value: contentType) }
        var response = GatewayHTTPResponse(status: entry.status, headers: headers, body: body)
        if let error = ContentHandling.response(&response, handling: entry.contentHandling, exchange: exchange) { return .failure(error) }
        return .success(response)
    }

    /// `Accept`'s first media type that has a template, else `application/json`, else the first
    /// template by name.
    static func selectTemplate(_ templates: [String: MappingTemplate], accept: String?) -> (String, MappingTemplate) {
        if let accept {
            for part in accept.split(separator: ",") {
                let type = RequestTemplates.mediaType(String(part))
                if let template = templates[type] { return (type, template) }
            }
        }
        if let json = templates["application/json"] { return ("application/json", json) }
        let first = templates.keys.sorted()[0]
        return (first, templates[first]!)  // safe: called with a non-empty dictionary
    }
}
