import GatewayStore

/// A plain test value.
struct Widget: Codable, Sendable, Equatable {
    var name: String
    var size: Int = 1
}

extension StoreCollection where Value == Widget {
    static let widgets = StoreCollection("widgets")
    static let gadgets = StoreCollection("gadgets")
}
