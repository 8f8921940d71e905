/// How many times a stage's caches were flushed through the management API (`FlushStageCache`,
/// `FlushStageAuthorizersCache`; HTTP APIs' `ResetAuthorizersCache`). Not an AWS resource: the record by which the control plane tells
/// every data-plane node to flush, through the store's change feed like any other change. A node
/// that sees a count go up clears the stage's cache (or its authorizers' decision caches); one
/// that starts afresh has empty caches and only notes the counts.
public struct StageCacheFlush: Codable, Sendable, Hashable {
    /// `FlushStageCache` calls: the stage cache (responses).
    public var data: Int
    /// `FlushStageAuthorizersCache` / `ResetAuthorizersCache` calls: the stage's authorizer result caches.
    public var authorizers: Int

    public init(data: Int = 0, authorizers: Int = 0) {
        self.data = data
        self.authorizers = authorizers
    }
}
