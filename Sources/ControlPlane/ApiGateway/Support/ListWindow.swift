/// The `position`/`limit` window of a v1 list request. `position` is opaque to clients: it is the
/// sort key of the last item of the previous page. `limit` defaults to 25 and is at most 500, as
/// AWS documents.
struct ListWindow: Sendable {
    var position: String?
    var limit: Int

    static let defaultLimit = 25
    static let maximumLimit = 500

    init(position: String? = nil, limit: Int = ListWindow.defaultLimit) {
        self.position = position
        self.limit = limit
    }

    init(_ request: ManagementRequest) throws(ManagementError) {
        position = request.queryValue("position").flatMap { $0.isEmpty ? nil : $0 }
        if let text = request.queryValue("limit") {
            guard let value = Int(text), value >= 1 else {
                throw .badRequest("Invalid limit specified: must be between 1 and 500")
            }
            limit = min(value, Self.maximumLimit)
        } else {
            limit = Self.defaultLimit
        }
    }

    /// The page of `items` (sorted by `key`) after ``position``, and the position of the next page.
    func page<Item>(_ items: [Item], key: (Item) -> String) -> (items: [Item], position: String?) {
        let sorted = items.sorted { key($0).utf8.lexicographicallyPrecedes(key($1).utf8) }
        let remaining = position.map { start in sorted.filter { key($0).utf8.lexicographicallyPrecedes(start.utf8) == false && key($0) != start } }
            ?? sorted
        let page = Array(remaining.prefix(limit))
        let next = remaining.count > limit ? page.last.map(key) : nil
        return (page, next)
    }
}
