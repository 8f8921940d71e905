import Synchronization

/// A fixed set of resources (database connections, or `()` for a plain lock) lent out one at a
/// time per holder, in first-come, first-served order; the async equivalent of a semaphore.
///
/// Backends serialise writers with a pool of one (the writer connection) and share reader
/// connections with a pool of several. Waiting is not cancellable: a waiter gets a resource or,
/// once the pool is closed, ``GatewayStoreError/Code/storeClosed``.
public final class StoreLeasePool<Resource: Sendable>: Sendable {
    private struct State {
        var idle: [Resource]
        var waiters: [CheckedContinuation<Resource, any Error>] = []
        var total: Int
        var closed = false
        var closeWaiter: CheckedContinuation<[Resource], Never>?
    }

    private enum Next {
        case waiter(CheckedContinuation<Resource, any Error>)
        case close(CheckedContinuation<[Resource], Never>, [Resource])
        case none
    }

    private let state: Mutex<State>

    /// A pool lending out `resources`.
    public init(_ resources: [Resource]) {
        self.state = Mutex(State(idle: resources, total: resources.count))
    }

    /// Borrows a resource, waiting for one to be returned if none is idle. Pair with
    /// ``release(_:)``, or use ``withLease(_:)``.
    /// - Throws: ``GatewayStoreError/Code/storeClosed`` once the pool is closed.
    public func lease() async throws -> Resource {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Resource, any Error>) in
            let outcome = self.state.withLock { state -> Result<Resource, GatewayStoreError>? in
                if state.closed { return .failure(.storeClosed) }
                if let resource = state.idle.popLast() { return .success(resource) }
                state.waiters.append(continuation)
                return nil
            }
            if let outcome {
                continuation.resume(with: outcome.mapError { $0 as any Error })
            }
        }
    }

    /// Returns a borrowed resource: to the longest waiter, or to the idle set.
    public func release(_ resource: Resource) {
        let next = self.state.withLock { state -> Next in
            if !state.closed, !state.waiters.isEmpty {
                return .waiter(state.waiters.removeFirst())
            }
            state.idle.append(resource)
            if state.closed, state.idle.count == state.total, let closeWaiter = state.closeWaiter {
                state.closeWaiter = nil
                return .close(closeWaiter, state.idle)
            }
            return .none
        }
        switch next {
        case .waiter(let continuation): continuation.resume(returning: resource)
        case .close(let continuation, let resources): continuation.resume(returning: resources)
        case .none: break
        }
    }

    /// Runs `body` with a borrowed resource and returns the resource afterwards, whether `body`
    /// returns or throws.
    nonisolated(nonsending) public func withLease<Result>(_ body: (Resource) async throws -> Result) async throws -> Result {
        let resource = try await self.lease()
        do {
            let result = try await body(resource)
            self.release(resource)
            return result
        } catch {
            self.release(resource)
            throw error
        }
    }

    /// Closes the pool: waiters and later leases fail with ``GatewayStoreError/Code/storeClosed``;
    /// waits for every lent resource to come back, then returns all of them (for the caller to
    /// release). A second call returns `[]` at once.
    public func close() async -> [Resource] {
        await withCheckedContinuation { (continuation: CheckedContinuation<[Resource], Never>) in
            let (waiters, ready) = self.state.withLock { state -> ([CheckedContinuation<Resource, any Error>], [Resource]?) in
                guard !state.closed else { return ([], []) }
                state.closed = true
                let waiters = state.waiters
                state.waiters = []
                if state.idle.count == state.total {
                    return (waiters, state.idle)
                }
                state.closeWaiter = continuation
                return (waiters, nil)
            }
            for waiter in waiters {
                waiter.resume(throwing: GatewayStoreError.storeClosed)
            }
            if let ready {
                continuation.resume(returning: ready)
            }
        }
    }
}
