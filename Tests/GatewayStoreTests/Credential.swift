import GatewayStore

/// A test value of a secret collection.
struct Credential: Codable, Sendable, Equatable {
    var name: String
    var secret: String
}

extension StoreCollection where Value == Credential {
    static let credentials = StoreCollection("credentials", secret: true)
}
