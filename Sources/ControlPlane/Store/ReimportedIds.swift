/// A re-import (`PutRestApi`, `ReimportApi`) keeps the ids of what it replaces: an imported
/// authorizer or request validator takes the id of the API's existing one of the same name, so
/// that stages, deployments and clients that name it keep working.
enum ReimportedIds {
    /// `items` with the ids of `existing` items of the same name, and the ids changed
    /// (imported id → kept id), for the methods or routes that point at them.
    static func adopt<Item, Name: Equatable>(
        _ items: [Item]?, existing: [Item], name: KeyPath<Item, Name>, id: WritableKeyPath<Item, String>
    ) -> (items: [Item]?, renamed: [String: String]) {
        var renamed: [String: String] = [:]
        let adopted = items?.map { item in
            var item = item
            if let match = existing.first(where: { $0[keyPath: name] == item[keyPath: name] }) {
                renamed[item[keyPath: id]] = match[keyPath: id]
                item[keyPath: id] = match[keyPath: id]
            }
            return item
        }
        return (adopted, renamed)
    }
}
