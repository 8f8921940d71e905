/// The read side of a transaction, handed to the closure of ``GatewayStore/read(_:)`` (and, as part
/// of ``StoreWriteTransaction``, of ``GatewayStore/write(_:)``).
///
/// Every read sees one consistent snapshot: the state as of ``revision`` (plus, in a write
/// transaction, the transaction's own changes). A transaction may only be used inside its closure;
/// afterwards every call throws ``GatewayStoreError/Code/transactionClosed``.
///
/// This is the raw, byte-level layer. Most callers use the typed helpers that take a
/// ``StoreCollection`` (`get(_:parent:id:)`, `list(_:parent:after:limit:)`, `listAll(_:parent:)`).
public protocol StoreReadTransaction: Sendable {
    /// The store revision of the snapshot this transaction reads (in a write transaction: the
    /// revision before it; it commits as `revision.next` if it changes anything).
    var revision: StoreRevision { get }

    /// The record at `key`, or `nil` when there is none.
    func get(_ key: StoreRecordKey) async throws -> StoreRecord?

    /// The records of `collection` directly under `parent`, ordered by id (UTF-8 byte order),
    /// starting after the id `after` (`nil`: from the start), at most `limit` of them (`nil`: all).
    /// - Throws: ``GatewayStoreError/Code/invalidArgument`` for an empty collection name or a
    ///   limit below 1.
    func list(_ collection: String, parent: StoreParent, after: String?, limit: Int?) async throws -> StorePage<StoreRecord>

    /// Every record of every collection under `parent`, at any depth (not the record that *is*
    /// the parent, which lives one level up), ordered by parent storage key, then collection, then
    /// id. For snapshots (freezing an API into a deployment) and exports. ``StoreParent/root``
    /// gives the whole store.
    func listDescendants(of parent: StoreParent) async throws -> [StoreRecord]

    /// Every record of `collection` under any parent, ordered by parent storage key, then id: one
    /// query for what would otherwise be one list per parent (every stage of every API, for the
    /// gateway snapshot).
    /// - Throws: ``GatewayStoreError/Code/invalidArgument`` for an empty collection name.
    func listCollection(_ collection: String) async throws -> [StoreRecord]

    /// The usage counters of plan `planId` (every plan when nil) for the days `firstDay` through
    /// `lastDay` (`yyyy-MM-dd`, inclusive), ordered by plan, key, then day. Days without requests
    /// have no counter.
    func usageCounts(planId: String?, from firstDay: String, through lastDay: String) async throws -> [StoreUsageCount]
}
