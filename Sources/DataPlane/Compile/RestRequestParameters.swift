/// A REST integration's `requestParameters` (`integration.request.{path|querystring|header}.NAME`
/// = a `MappingSource` expression), compiled once for the HTTP and AWS integrations that send
/// them; what cannot be compiled is reported and left out.
struct RestRequestParameters: Sendable {
    var path: [String: MappingSource] = [:]
    var query: [(name: String, source: MappingSource)] = []
    var headers: [(name: String, source: MappingSource)] = []

    init(_ parameters: [String: String]?, stageVariables: [String: String], location: String, diagnostics: inout [String]) {
        for (target, expression) in (parameters ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let source = MappingSource.parse(expression, stageVariables: stageVariables) else {
                diagnostics.append("\(location): unsupported mapping expression '\(expression)' for \(target) (ignored)")
                continue
            }
            if let name = target.dropPrefix("integration.request.path.") {
                path[name] = source
            } else if let name = target.dropPrefix("integration.request.querystring.") {
                query.append((name, source))
            } else if let name = target.dropPrefix("integration.request.header.") {
                guard HeaderValue.isValidName(name), source.isSafeForHeaders, !ProxyHeaderRules.framing.contains(name) else {
                    diagnostics.append("\(location): invalid header mapping \(target) (ignored)")
                    continue
                }
                headers.append((name, source))
            } else {
                diagnostics.append("\(location): unsupported mapping target '\(target)' (ignored)")
            }
        }
    }

    /// The mapped header `name` (case-insensitive), if any.
    func header(_ name: String) -> MappingSource? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.source
    }

    /// Whether the query string parameter `name` is mapped.
    func mapsQuery(_ name: String) -> Bool { query.contains { $0.name == name } }
}
