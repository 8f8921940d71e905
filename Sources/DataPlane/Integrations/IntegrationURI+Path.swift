extension [IntegrationURI.Part] {
    /// The request path of a URI template for this request: `{name}` placeholders filled from
    /// the `integration.request.path` mappings, else the method's path parameter of that name.
    /// Every piece is made safe where it is added (see `UpstreamTarget`): the literals were
    /// checked when compiled, values are escaped and their dot segments resolved within
    /// themselves, so the result is one path under the template's. The failure says which
    /// placeholder has no value.
    func filledPath(
        _ exchange: Exchange, mappings: [String: MappingSource], overrides: [String: String] = [:]
    ) -> Result<String, IntegrationURI.UnfilledPlaceholder> {
        var path = ""
        for part in self {
            switch part {
            case .literal(let text): path += text
            case .parameter(let name):
                if let value = overrides[name] {
                    UpstreamTarget.appendDecoded(value, greedy: false, to: &path)
                } else if case .requestPath(let methodParameter) = mappings[name], let raw = exchange.pathParameter(methodParameter) {
                    UpstreamTarget.appendRaw(raw, to: &path)
                } else if let source = mappings[name] {
                    guard let value = source.value(for: exchange) else { return .failure(.init(description: "no value for the mapped path parameter '\(name)'")) }
                    UpstreamTarget.appendDecoded(value, greedy: false, to: &path)
                } else if let raw = exchange.pathParameter(name) {
                    UpstreamTarget.appendRaw(raw, to: &path)
                } else {
                    return .failure(.init(description: "the URI's '{\(name)}' has no path parameter or mapping"))
                }
            }
        }
        return .success(path)
    }
}

extension IntegrationURI {
    /// A placeholder of the URI's path that this request gives no value.
    struct UnfilledPlaceholder: Error, CustomStringConvertible {
        let description: String
    }
}
