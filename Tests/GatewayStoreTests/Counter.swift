import GatewayStore

/// A test value for read-modify-write transactions.
struct Counter: Codable, Sendable, Equatable {
    var value: Int
}

extension StoreCollection where Value == Counter {
    static let counters = StoreCollection("counters")
}
