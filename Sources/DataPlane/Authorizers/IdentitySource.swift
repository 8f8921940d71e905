import NIOHTTP1

/// Where an authorizer reads the caller's identity, parsed once per deployment: a header, a query
/// parameter, a stage variable or a `$context` variable (`method.request.header.X` or
/// `$request.header.X`, `…querystring.X`, `stageVariables.X`, `context.X` or `$context.X`).
/// Token authorizers (Cognito, JWT, Lambda `TOKEN`) read a header or a query parameter only.
struct IdentitySource: Sendable {
    enum Place: Sendable {
        case header(String)
        case query(String)
        case stageVariable(String)
        case context(String)
    }

    let place: Place

    /// Whether the value comes from the request itself (a header or a query parameter).
    var isRequestValue: Bool {
        switch place {
        case .header, .query: true
        case .stageVariable, .context: false
        }
    }

    init?(_ text: String) {
        let trimmed = String(text.trimmingWhitespace())
        let forms: [(String, (String) -> Place)] = [
            ("method.request.header.", { .header($0.lowercased()) }), ("$request.header.", { .header($0.lowercased()) }),
            ("method.request.querystring.", { .query($0) }), ("$request.querystring.", { .query($0) }),
            ("stageVariables.", { .stageVariable($0) }), ("$stageVariables.", { .stageVariable($0) }),
            ("context.", { .context($0) }), ("$context.", { .context($0) }),
        ]
        for (prefix, make) in forms where trimmed.hasPrefix(prefix) {
            let name = String(trimmed.dropFirst(prefix.count))
            guard !name.isEmpty else { return nil }
            place = make(name)
            return
        }
        return nil
    }

    func value(in exchange: Exchange) -> String? {
        switch place {
        case .header(let name):
            let values = exchange.head.headers[name]
            return values.isEmpty ? nil : values.joined(separator: ",")
        case .query(let name):
            let values = exchange.queryParameters.filter { $0.name == name }.map(\.value)
            return values.isEmpty ? nil : values.joined(separator: ",")
        case .stageVariable(let name): return exchange.stage.variables[name]
        case .context(let name): return exchange.context.value(named: name)
        }
    }
}
