public import DataPlane

/// What `portcullis serve` says at start: every API and stage it serves, with the addresses that
/// reach it on the data-plane listener — the short address `/{stage}/` (only for the APIs that
/// hold it, see ``CompiledGateway/shortAddressApis``), the path-style
/// `/restapis/{apiId}/{stage}/_user_request_/` and the `{apiId}.execute-api.{region}.amazonaws.com`
/// Host. Each address is checked against ``EndpointResolver``, so what is listed is what answers.
public struct ServedAddresses: Sendable, Equatable {
    /// One stage of one API and where it answers.
    public struct Entry: Sendable, Equatable, CustomStringConvertible {
        public var apiId: String
        public var name: String
        public var kind: ApiKind
        public var stage: String
        /// Absolute URLs, the short one first when the stage has it.
        public var urls: [String]
        /// The `Host` header that addresses the stage as AWS does, when the endpoint is enabled.
        public var executeApiHost: String?

        public var description: String {
            let kind = self.kind == .rest ? "REST API" : "HTTP API"
            let host = executeApiHost.map { ["Host: \($0)"] } ?? []
            return "\(kind) \"\(name)\" (\(apiId)) stage \(stage): \((urls + host).joined(separator: " · "))"
        }
    }

    /// The short-address APIs first, in order of preference, then the others by id.
    public var entries: [Entry]

    public init(gateway: CompiledGateway, listen: ListenAddress, secure: Bool, region: String) {
        let base = "\(secure ? "https" : "http")://\(listen.localAuthority)"
        let preferred = gateway.shortAddressApis.map(\.apiId)
        let others = gateway.apis.keys.filter { !preferred.contains($0) }.sorted()
        entries = (preferred + others).compactMap { gateway.apis[$0] }.flatMap { api in
            api.stages.keys.sorted().map { stage in
                let below = stage == "$default" ? "/" : "/\(stage)/"
                func answers(host: Substring?, _ path: String) -> Bool {
                    guard case .success(let found) = EndpointResolver.resolve(host: host, path: path[...], in: gateway) else {
                        return false
                    }
                    return found.api.apiId == api.apiId && found.stage.name == stage
                }
                var urls: [String] = []
                if answers(host: nil, below) { urls.append(base + below) }
                let pathStyle = "/restapis/\(api.apiId)/\(stage)/_user_request_/"
                if answers(host: nil, pathStyle) { urls.append(base + pathStyle) }
                let host = "\(api.apiId).execute-api.\(region).amazonaws.com"
                return Entry(
                    apiId: api.apiId, name: api.name, kind: api.kind, stage: stage, urls: urls,
                    executeApiHost: answers(host: host[...], below) ? host : nil)
            }
        }
    }
}
