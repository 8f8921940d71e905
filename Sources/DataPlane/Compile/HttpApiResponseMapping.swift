import NIOHTTP1

/// HTTP APIs' response parameter mapping (`responseParameters` of an integration), compiled
/// once: for each backend status code, `append:`, `overwrite:` or `remove:` a `header.NAME`, and
/// `overwrite:statuscode`. Values are those of request mappings (`ValueTemplate`) plus
/// `$response.header.NAME` and `$response.body.JSONPath`. Reserved headers cannot be mapped; a
/// status value that is not a code from 100 to 599 leaves the status as it is.
struct HttpApiResponseMapping: Sendable {
    struct Rules: Sendable {
        var headers: [HttpApiParameterMapping.Rule] = []
        var statusCode: ValueTemplate?
    }

    /// Backend status code → what to do with its answers.
    let byStatus: [Int: Rules]

    var isEmpty: Bool { byStatus.isEmpty }

    /// Compiles `parameters`; what cannot be compiled is reported and left out.
    init(_ parameters: [String: [String: String]], stageVariables: [String: String], diagnostics: inout [String], location: String) {
        var byStatus: [Int: Rules] = [:]
        for (status, mappings) in parameters.sorted(by: { $0.key < $1.key }) {
            guard let code = Int(status), (200...599).contains(code) else {
                diagnostics.append("\(location): response mapping for an invalid status code '\(status)' (ignored)")
                continue
            }
            var rules = Rules()
            for (key, expression) in mappings.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, let action = HttpApiParameterMapping.Action(rawValue: String(parts[0]).lowercased()) else {
                    diagnostics.append("\(location): invalid response mapping key '\(key)' (ignored)")
                    continue
                }
                let target = String(parts[1])
                if target.lowercased() == "statuscode" {
                    guard action == .overwrite, let value = ValueTemplate(expression, stageVariables: stageVariables) else {
                        diagnostics.append("\(location): invalid status code mapping '\(key)': '\(expression)' (ignored)")
                        continue
                    }
                    rules.statusCode = value
                    continue
                }
                guard let name = target.dropPrefix("header."), HeaderValue.isValidName(name),
                    !ProxyHeaderRules.isReservedForHttpApiMappings(name)
                else {
                    diagnostics.append("\(location): invalid or reserved response mapping target '\(target)' (ignored)")
                    continue
                }
                if action == .remove {
                    rules.headers.append(HttpApiParameterMapping.Rule(action: action, target: .header(name), value: nil))
                    continue
                }
                guard let value = ValueTemplate(expression, stageVariables: stageVariables), value.isSafeForHeaders else {
                    diagnostics.append("\(location): unsupported response mapping value '\(expression)' for \(key) (ignored)")
                    continue
                }
                rules.headers.append(HttpApiParameterMapping.Rule(action: action, target: .header(name), value: value))
            }
            byStatus[code] = rules
        }
        self.byStatus = byStatus
    }

    /// Applies the rules for the backend's status to the answer the client gets.
    func apply(to response: inout GatewayHTTPResponse, upstream: UpstreamResponse, exchange: Exchange) {
        guard let rules = byStatus[Int(upstream.head.status.code)] else { return }
        var editor = HTTPHeadersEditor(headers: response.headers)
        HttpApiParameterMapping.applyHeaderRules(rules.headers, to: &editor, exchange: exchange, response: upstream)
        response.headers = editor.headers
        if let text = rules.statusCode?.render(exchange, response: upstream), let code = Int(text), (100...599).contains(code) {
            response.status = HTTPResponseStatus(statusCode: code)
        }
    }
}
