/// A usage counter: how many requests API key `keyId` made under usage plan `planId` on the UTC
/// day `day` (`yyyy-MM-dd`). What `GetUsage` reports and the quota phase counts against.
///
/// Counters are not records of a collection: they are plain integers the data plane adds to in
/// batches (``StoreWriteTransaction/addUsage(_:)``), several nodes at once, without a
/// read-modify-write of a document and without raising the store revision (a flush is not a
/// change of the API model, and must not make every node recompile). A management change of a
/// counter (``StoreWriteTransaction/setUsage(_:)``, `UpdateUsage`) does raise it, so that the data
/// plane reloads the counters at once.
public struct StoreUsageCount: Sendable, Hashable {
    public var planId: String
    public var keyId: String
    /// `yyyy-MM-dd`, UTC.
    public var day: String
    public var used: Int64

    public init(planId: String, keyId: String, day: String, used: Int64) {
        self.planId = planId
        self.keyId = keyId
        self.day = day
        self.used = used
    }
}

extension StoreUsageCount {
    /// Which counter a count is of: plan, key and day.
    public struct Identity: Hashable, Comparable, Sendable {
        public let planId: String
        public let keyId: String
        public let day: String

        public init(planId: String, keyId: String, day: String) {
            self.planId = planId
            self.keyId = keyId
            self.day = day
        }

        public static func < (lhs: Identity, rhs: Identity) -> Bool {
            (lhs.planId, lhs.keyId, lhs.day) < (rhs.planId, rhs.keyId, rhs.day)
        }
    }

    var key: Identity { Identity(planId: planId, keyId: keyId, day: day) }

    /// Checks what every backend refuses: empty ids or day, a negative count.
    package func validate() throws {
        guard !planId.isEmpty, !keyId.isEmpty, !day.isEmpty else {
            throw GatewayStoreError.invalidArgument("A usage counter needs a plan id, a key id and a day.")
        }
        guard used >= 0 else { throw GatewayStoreError.invalidArgument("A usage count cannot be negative.") }
    }
}
