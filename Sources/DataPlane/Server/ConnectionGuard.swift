import Atomics
public import NIOCore
import NIOTLS

/// The connection layer's guard: the first handler above the transport (above TLS when there is
/// TLS). It bounds what one client connection can cost, below the pipeline:
///
/// - **a cap on open connections** per listener (`ConnectionCounter`): over it, a new connection
///   is closed at once;
/// - **one timer per connection**, for the deadline of the phase the connection is in: the TLS
///   handshake, waiting for a request (idle), reading its headers, reading its body (which must
///   deliver `minimumBodyBytesPerTimeout` every `bodyTimeout`), or none while a request is being
///   served (the integration's timeout bounds that). A phase change only notes its deadline; the
///   timer is moved (at the end of a read, or when an answer is written) only when it would fire
///   too late, and a timer that fires early re-arms itself for the deadline. A request that
///   arrives in one read and is answered costs no timer operation at all;
/// - **read backpressure** on HTTP/1: once a client sends more while its request is being served
///   (pipelining), no further `read` reaches the socket until the answer is written, so the
///   gateway never holds more than one read's worth of what comes next. A client that waits for
///   its answer never has its read interest toggled (that would cost two `epoll_ctl` per request).
///   (HTTP/2 streams are multiplexed: their bound is the stream limit and the per-connection byte
///   budget, `charge`/`refund`.)
///
/// The request handler (`DataPlaneHandler`) tells the guard where a request stands; the guard
/// only closes. Lives on its channel's event loop; nothing here is shared across loops but the
/// counter.
public final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    enum Phase: Equatable {
        case handshake
        case idle
        case head
        case body
        case busy
    }

    private let limits: ConnectionLimits
    private let counter: ConnectionCounter
    private var context: ChannelHandlerContext?
    private(set) var phase: Phase
    private var timer: Scheduled<Void>?
    /// When `timer` fires.
    private var timerFires = NIODeadline.distantFuture
    /// The current phase's deadline; nil while a request is served.
    private var deadline: NIODeadline?
    /// Bytes that arrived while a request was being served (a pipelining client).
    private var bytesWhileBusy = 0
    private var counted = false
    /// A `read` held back while a request is served.
    private var pendingRead = false
    private var bodyBytesThisPeriod = 0
    /// HTTP/2: streams open on this connection, and their buffered request bytes.
    private var openStreams = 0
    private var bufferedBytes = 0
    private var multiplexed = false

    public init(limits: ConnectionLimits, counter: ConnectionCounter, isTLS: Bool) {
        self.limits = limits
        self.counter = counter
        self.phase = isTLS ? .handshake : .idle
    }

    // MARK: Channel events

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { activate(context) }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        self.context = nil
        release()
    }

    public func channelActive(context: ChannelHandlerContext) {
        activate(context)
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        release()
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data).readableBytes
        switch phase {
        case .idle:
            if !multiplexed { enter(.head, timeout: limits.headerTimeout) }
        case .body:
            bodyBytesThisPeriod += bytes
        case .busy:
            bytesWhileBusy += bytes
        case .handshake, .head:
            break
        }
        context.fireChannelRead(data)
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        armTimer()
        context.fireChannelReadComplete()
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, phase == .handshake {
            enter(.idle, timeout: limits.headerTimeout)  // the first request: headers are due
            armTimer()
        }
        context.fireUserInboundEventTriggered(event)
    }

    public func read(context: ChannelHandlerContext) {
        if phase == .busy, !multiplexed, bytesWhileBusy > 0 {
            pendingRead = true
            return
        }
        context.read()
    }

    // MARK: What the request handler reports (HTTP/1)

    /// A request's headers are complete: its body is due.
    func requestHeadReceived() {
        guard !multiplexed else { return }
        bodyBytesThisPeriod = 0
        enter(.body, timeout: limits.bodyTimeout)
    }

    /// A request is complete and being served: no timer, no reads.
    func requestReceived() {
        guard !multiplexed else { return }
        enter(.busy, timeout: nil)
    }

    /// The answer is written and the connection stays open: the next request may come.
    func responseWritten() {
        guard !multiplexed else { return }
        enter(.idle, timeout: limits.idleTimeout)
        bytesWhileBusy = 0
        armTimer()
        if pendingRead, let context {
            pendingRead = false
            context.read()
        }
    }

    // MARK: What the stream handlers report (HTTP/2)

    func streamOpened() {
        multiplexed = true
        openStreams += 1
        if openStreams == 1 { enter(.busy, timeout: nil) }
    }

    func streamClosed() {
        openStreams -= 1
        if openStreams == 0 {
            enter(.idle, timeout: limits.idleTimeout)
            armTimer()
        }
    }

    /// Reserves `bytes` of the connection's buffer budget; false when it would go over.
    func charge(_ bytes: Int) -> Bool {
        guard bufferedBytes + bytes <= limits.maximumBufferedBytesPerConnection else { return false }
        bufferedBytes += bytes
        return true
    }

    func refund(_ bytes: Int) {
        bufferedBytes = max(0, bufferedBytes - bytes)
    }

    // MARK: Timer

    private func activate(_ context: ChannelHandlerContext) {
        guard !counted else { return }
        counted = true
        guard counter.acquire(limit: limits.maximumConnections) else {
            counted = false
            context.close(promise: nil)
            return
        }
        enter(phase, timeout: phase == .handshake ? limits.handshakeTimeout : limits.headerTimeout)
        armTimer()
    }

    private func release() {
        if counted {
            counted = false
            counter.release()
        }
    }

    /// Notes the phase and its deadline; `armTimer` makes the timer honour it.
    private func enter(_ next: Phase, timeout: TimeAmount?) {
        phase = next
        deadline = timeout.map { .now() + $0 }
    }

    /// Makes sure the timer fires no later than the deadline (it may fire earlier: it then
    /// re-arms itself).
    private func armTimer() {
        guard let deadline, let context, deadline < timerFires else { return }
        timer?.cancel()
        timerFires = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            fired()
        }
    }

    private func fired() {
        timer = nil
        timerFires = .distantFuture
        guard let deadline, context != nil else { return }  // serving a request: re-armed after
        if deadline > .now() {
            armTimer()
            return
        }
        if phase == .body, bodyBytesThisPeriod >= limits.minimumBodyBytesPerTimeout {
            bodyBytesThisPeriod = 0  // the body is still coming at a real rate
            enter(.body, timeout: limits.bodyTimeout)
            armTimer()
            return
        }
        context?.close(promise: nil)
    }
}

/// Open connections of one listener, shared by its event loops (an atomic; touched at accept
/// and close only, never per request).
public final class ConnectionCounter: Sendable {
    private let open = ManagedAtomic<Int>(0)

    public init() {}

    public var current: Int { open.load(ordering: .relaxed) }

    func acquire(limit: Int) -> Bool {
        let now = open.wrappingIncrementThenLoad(ordering: .relaxed)
        if now > limit {
            open.wrappingDecrement(ordering: .relaxed)
            return false
        }
        return true
    }

    func release() {
        open.wrappingDecrement(ordering: .relaxed)
    }
}
