import Foundation

/// The whole content of an ``InMemoryGatewayStore``: a value type, so that a transaction works on
/// a copy-on-write copy and a commit swaps the whole value in at once (a throwing write simply
/// drops its copy, leaving the previous state whole).
struct InMemoryStoreState: Sendable {
    /// A string compared, hashed and ordered as UTF-8 bytes, as SQLite's BINARY collation does.
    struct ByteString: Hashable, Comparable, Sendable {
        let string: String

        static func == (lhs: ByteString, rhs: ByteString) -> Bool {
            lhs.string.utf8.elementsEqual(rhs.string.utf8)
        }

        func hash(into hasher: inout Hasher) {
            for byte in self.string.utf8 { hasher.combine(byte) }
        }

        static func < (lhs: ByteString, rhs: ByteString) -> Bool {
            lhs.string.utf8.lexicographicallyPrecedes(rhs.string.utf8)
        }
    }

    /// The records of one collection directly under one parent.
    struct Scope: Hashable, Sendable {
        let collection: ByteString
        let parent: StoreParent
    }

    var revision: StoreRevision = .zero
    var scopes: [Scope: [ByteString: StoreRecord]] = [:]
    /// Usage counters (``StoreUsageCount``), by plan, key and day.
    var usage: [StoreUsageCount.Identity: Int64] = [:]

    func get(_ key: StoreRecordKey) -> StoreRecord? {
        self.scopes[Scope(collection: ByteString(string: key.collection), parent: key.parent)]?[ByteString(string: key.id)]
    }

    func list(_ collection: String, parent: StoreParent, after: String?, limit: Int?) -> StorePage<StoreRecord> {
        guard let rows = self.scopes[Scope(collection: ByteString(string: collection), parent: parent)] else {
            return StorePage(items: [], nextAfter: nil)
        }
        var ids = Array(rows.keys)
        if let after {
            let start = ByteString(string: after)
            ids.removeAll { !(start < $0) }
        }
        ids.sort()
        if let limit, ids.count > limit {
            let items = ids[..<limit].compactMap { rows[$0] }
            return StorePage(items: items, nextAfter: items.last?.key.id)
        }
        return StorePage(items: ids.compactMap { rows[$0] }, nextAfter: nil)
    }

    func listCollection(_ collection: String) -> [StoreRecord] {
        let name = ByteString(string: collection)
        let scopes = self.scopes.keys.filter { $0.collection == name }
            .sorted { ByteString(string: $0.parent.storageKey) < ByteString(string: $1.parent.storageKey) }
        return scopes.flatMap { scope -> [StoreRecord] in
            let rows = self.scopes[scope] ?? [:]
            return rows.keys.sorted().compactMap { rows[$0] }
        }
    }

    func listDescendants(of parent: StoreParent) -> [StoreRecord] {
        let matching = self.scopes.filter { parent.contains($0.key.parent) }
        let ordered = matching.keys.sorted { lhs, rhs in
            let lhsParent = ByteString(string: lhs.parent.storageKey)
            let rhsParent = ByteString(string: rhs.parent.storageKey)
            return lhsParent == rhsParent ? lhs.collection < rhs.collection : lhsParent < rhsParent
        }
        return ordered.flatMap { scope -> [StoreRecord] in
            let rows = matching[scope] ?? [:]
            return rows.keys.sorted().compactMap { rows[$0] }
        }
    }

    mutating func put(_ record: StoreRecord) {
        let scope = Scope(collection: ByteString(string: record.key.collection), parent: record.key.parent)
        self.scopes[scope, default: [:]][ByteString(string: record.key.id)] = record
    }

    mutating func remove(_ key: StoreRecordKey) -> Bool {
        let scope = Scope(collection: ByteString(string: key.collection), parent: key.parent)
        guard self.scopes[scope]?.removeValue(forKey: ByteString(string: key.id)) != nil else { return false }
        if self.scopes[scope]?.isEmpty == true {
            self.scopes[scope] = nil
        }
        return true
    }

    mutating func removeAll(under parent: StoreParent) -> Int {
        var removed = 0
        for scope in self.scopes.keys where parent.contains(scope.parent) {
            removed += self.scopes.removeValue(forKey: scope)?.count ?? 0
        }
        return removed
    }

    func usageCounts(planId: String?, from firstDay: String, through lastDay: String) -> [StoreUsageCount] {
        self.usage
            .filter { (planId == nil || $0.key.planId == planId) && $0.key.day >= firstDay && $0.key.day <= lastDay }
            .sorted { $0.key < $1.key }
            .map { StoreUsageCount(planId: $0.key.planId, keyId: $0.key.keyId, day: $0.key.day, used: $0.value) }
    }
}
