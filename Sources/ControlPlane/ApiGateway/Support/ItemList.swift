/// A page of a v1 list answer. botocore's list shapes name the member `items` but send it as
/// `item` on the wire (`locationName`): `{"item": [...], "position": "..."}`.
struct ItemList<Item: Encodable>: Encodable {
    var items: [Item]
    var position: String?
    var warnings: [String]?

    enum CodingKeys: String, CodingKey {
        case items = "item"
        case position, warnings
    }

    init(_ items: [Item], position: String? = nil) {
        self.items = items
        self.position = position
    }
}

/// `GetStages`' answer, whose list is named `item`.
struct StageList<Item: Encodable>: Encodable {
    var item: [Item]
}
