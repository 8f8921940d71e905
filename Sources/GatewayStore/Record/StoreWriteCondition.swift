/// A precondition on a `put` or `delete`, checked inside the write transaction.
public enum StoreWriteCondition: Hashable, Sendable {
    /// No precondition: `put` inserts or replaces, `delete` removes the record if there is one.
    case always
    /// The record must not exist (create). Otherwise ``GatewayStoreError/Code/alreadyExists``.
    /// Not allowed for `delete` (``GatewayStoreError/Code/invalidArgument``).
    case ifAbsent
    /// The record must exist (update). Otherwise ``GatewayStoreError/Code/notFound``.
    case ifPresent
    /// The record must exist at exactly this version (optimistic concurrency). Otherwise
    /// ``GatewayStoreError/Code/notFound`` when it is missing, or
    /// ``GatewayStoreError/Code/versionConflict`` when it has another version.
    case ifVersion(Int64)

    /// Checks the condition against the version currently stored at `key` (`nil` when absent).
    /// Backends call this so that every backend reports the same errors.
    /// - Throws: ``GatewayStoreError`` as documented on each case.
    public func check(currentVersion: Int64?, key: StoreRecordKey) throws {
        switch (self, currentVersion) {
        case (.always, _), (.ifAbsent, nil), (.ifPresent, .some):
            return
        case (.ifAbsent, .some):
            throw GatewayStoreError.alreadyExists(key)
        case (.ifPresent, nil), (.ifVersion, nil):
            throw GatewayStoreError.notFound(key)
        case (.ifVersion(let expected), .some(let actual)):
            guard expected == actual else {
                throw GatewayStoreError.versionConflict(key, expected: expected, actual: actual)
            }
        }
    }
}
