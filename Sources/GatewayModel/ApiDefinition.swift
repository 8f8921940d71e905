/// One API of either kind, as imported from a document or read from the store.
public enum ApiDefinition: Sendable, Hashable {
    case rest(RestApiSnapshot)
    case http(ApiGatewayV2.ApiSnapshot)

    public var apiId: String {
        switch self {
        case .rest(let snapshot): snapshot.api.id
        case .http(let snapshot): snapshot.api.apiId
        }
    }

    public var name: String {
        switch self {
        case .rest(let snapshot): snapshot.api.name
        case .http(let snapshot): snapshot.api.name
        }
    }
}

/// The two API families of API Gateway.
public enum ApiType: String, Sendable, Hashable, CaseIterable, Codable {
    case rest
    case http
}
