/// The store's revision: a counter raised by one on every committed write transaction that changed
/// at least one record, and stored in the same transaction as the data (so a restart resumes from
/// the same revision). A fresh store is at ``zero``.
///
/// The data plane compares revisions to decide whether to recompile deployments
/// (see ``GatewayStore/changes()``).
public struct StoreRevision: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The counter.
    public var rawValue: Int64

    /// A revision with the given counter.
    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// A revision with the given counter.
    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// The revision of an empty store that was never written.
    public static let zero = StoreRevision(0)

    /// The revision after this one.
    public var next: StoreRevision { StoreRevision(self.rawValue + 1) }

    public static func < (lhs: StoreRevision, rhs: StoreRevision) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var description: String { String(self.rawValue) }
}
