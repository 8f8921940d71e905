import Synchronization

/// The one change-feed mechanism backends share: it remembers the latest committed revision and
/// fans every newer one out to the subscribers of ``GatewayStore/changes()``.
///
/// A backend calls ``publish(_:)`` after each commit (the PostgreSQL backend also on each
/// LISTEN/NOTIFY notification), ``subscribe()`` from `changes()`, and ``finish()`` from `close()`.
/// Subscribers buffer only the newest revision, so a slow one never builds a backlog and never
/// slows a writer. No polling, no task per subscriber.
public final class StoreChangeBroadcaster: Sendable {
    private struct State {
        var latest: StoreRevision
        var subscribers: [UInt64: AsyncStream<StoreRevision>.Continuation] = [:]
        var nextSubscriber: UInt64 = 0
        var finished = false
    }

    private let state: Mutex<State>

    /// A broadcaster whose latest revision is `revision` (the store's revision when it opens).
    public init(revision: StoreRevision) {
        self.state = Mutex(State(latest: revision))
    }

    /// The latest revision published (or given at creation).
    public var latest: StoreRevision {
        self.state.withLock { $0.latest }
    }

    /// A new subscription: it yields the latest revision at once, then every newer published
    /// revision in increasing order (buffering the newest one), and finishes on ``finish()``.
    public func subscribe() -> AsyncStream<StoreRevision> {
        let (stream, continuation) = AsyncStream.makeStream(of: StoreRevision.self, bufferingPolicy: .bufferingNewest(1))
        let finishedAlready = self.state.withLock { state -> Bool in
            guard !state.finished else { return true }
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            // Yield under the lock so that no newer revision can be yielded before this one.
            continuation.yield(state.latest)
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
            }
            return false
        }
        if finishedAlready {
            continuation.finish()
        }
        return stream
    }

    /// Announces a committed revision. Revisions not newer than ``latest`` are ignored, so
    /// subscribers only ever see increasing revisions.
    public func publish(_ revision: StoreRevision) {
        self.state.withLock { state in
            guard !state.finished, revision > state.latest else { return }
            state.latest = revision
            for continuation in state.subscribers.values {
                continuation.yield(revision)
            }
        }
    }

    /// Finishes every subscription, present and future.
    public func finish() {
        let continuations = self.state.withLock { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in continuations {
            continuation.finish()
        }
    }
}
