public import Logging
public import NIOCore
import NIOConcurrencyHelpers

/// Serves a `CompiledGateway` on every event loop of a group and swaps it atomically.
///
/// Each loop keeps its own reference in its `LoopContext`; `update` hands the new gateway to
/// every loop as a task on that loop, so a request reads the gateway with no lock and no atomic,
/// and a request in flight finishes on the gateway it started with.
public final class GatewayRuntime: Sendable {
    private let contexts: [NIOLoopBoundBox<LoopContext>]
    private let latest: NIOLockedValueBox<CompiledGateway>
    private let tls = UpstreamTLSContexts()

    public init(group: any EventLoopGroup, gateway: CompiledGateway = .empty, logger: Logger) {
        latest = NIOLockedValueBox(gateway)
        let tls = self.tls
        contexts = group.makeIterator().map { loop in
            NIOLoopBoundBox.makeBoxSendingValue(
                LoopContext(
                    eventLoop: loop, gateway: gateway, upstreams: UpstreamConnectionPool(eventLoop: loop, tls: tls),
                    logger: logger),
                eventLoop: loop)
        }
    }

    /// The gateway most recently installed.
    public var gateway: CompiledGateway { latest.withLockedValue { $0 } }

    /// Installs `gateway` on every loop; the future completes when all loops serve it.
    @discardableResult
    public func update(_ gateway: CompiledGateway) -> EventLoopFuture<Void> {
        latest.withLockedValue { $0 = gateway }
        let futures = contexts.map { bound in
            bound.eventLoop.submit { bound.value.gateway = gateway }
        }
        guard let first = futures.first else {
            preconditionFailure("a runtime has at least one event loop")  // safe: groups are never empty
        }
        return EventLoopFuture.andAllSucceed(futures, on: first.eventLoop)
    }

    /// The context of `loop` (called once per connection, never per request).
    func context(for loop: any EventLoop) -> LoopContext? {
        for bound in contexts where bound.eventLoop === loop { return bound.value }
        return nil
    }

    /// Closes idle upstream connections on every loop.
    public func closeUpstreams() -> EventLoopFuture<Void> {
        let futures = contexts.map { bound in bound.eventLoop.submit { bound.value.upstreams.closeAll() } }
        guard let first = futures.first else {
            preconditionFailure("a runtime has at least one event loop")  // safe: groups are never empty
        }
        return EventLoopFuture.andAllSucceed(futures, on: first.eventLoop)
    }
}
