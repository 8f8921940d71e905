import ControlPlane
import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// The management listener's first look at every request, on the event loop, before a byte of
/// its body is read: a request whose head fails ``ManagementAuthenticator/checkHead(_:)`` (no
/// signature, a malformed one, a wrong scope, a stale date, an unknown key), or that declares a
/// `Content-Length` above ``ManagementServer/maximumBodyBytes``, is answered here (403 with AWS's
/// exception, or 413) and never reaches the responder, so an unauthenticated client cannot make
/// the server buffer or wait for a 6 MB body.
///
/// After such an answer the connection closes: the answer carries `Connection: close`, the
/// output is shut once it is written, what the client still sends is dropped for at most
/// ``lingerTime`` (so that the client reads the answer instead of a reset), then the connection
/// closes. An answer to an earlier request still in flight is written first, so that answers
/// never change order.
///
/// Sits between Hummingbird's HTTP/1 codec and its request handling
/// (`HTTP1Channel.Configuration.additionalChannelHandlers`); one instance per connection.
final class ManagementAuthenticationHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a refused client may go on sending before the connection is closed.
    static let lingerTime = TimeAmount.seconds(2)

    private enum State {
        /// Requests pass.
        case passing
        /// A request was refused; its answer waits for the answers in flight.
        case refusing(ManagementResponse)
        /// The refusal is written; everything read is dropped until the connection closes.
        case closing
    }

    private let authenticator: ManagementAuthenticator
    private let logger: Logger
    private var state = State.passing
    /// Requests passed on whose answer has not ended yet.
    private var inFlight = 0
    private var lingerTimer: Scheduled<Void>?

    init(authenticator: ManagementAuthenticator, logger: Logger) {
        self.authenticator = authenticator
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .passing = state else { return }  // refused: drop the rest unread by anyone
        let part = unwrapInboundIn(data)
        guard case .head(let head) = part else {
            context.fireChannelRead(data)
            return
        }
        if let refusal = refusal(of: head) {
            logger.debug("refused management request from its head: \(refusal.code)")
            state = .refusing(ControlPlane.render(refusal))
            if inFlight == 0 { writeRefusal(context: context) }
            return
        }
        inFlight += 1
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        guard case .end = unwrapOutboundIn(data) else { return }
        inFlight -= 1
        if inFlight == 0, case .refusing = state { writeRefusal(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        lingerTimer?.cancel()
        lingerTimer = nil
    }

    private func refusal(of head: HTTPRequest) -> ManagementError? {
        if let failure = authenticator.checkHead(head) { return failure }
        if let length = head.headerFields[.contentLength].flatMap(Int.init), length > ManagementServer.maximumBodyBytes {
            return ManagementServer.requestTooLong
        }
        return nil
    }

    private func writeRefusal(context: ChannelHandlerContext) {
        guard case .refusing(let answer) = state else { return }
        state = .closing
        var fields = ManagementResponder.fields(answer.headers)
        fields[.contentLength] = "\(answer.body.count)"
        fields[.connection] = "close"
        let head = HTTPResponse(status: .init(code: answer.status), headerFields: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: answer.body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { result in
            guard case .success = result else {
                context.close(promise: nil)
                return
            }
            let halfClosed = context.eventLoop.makePromise(of: Void.self)
            context.close(mode: .output, promise: halfClosed)
            halfClosed.futureResult.assumeIsolated().whenFailure { _ in context.close(promise: nil) }
            self.lingerTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.lingerTime) {
                context.close(promise: nil)
            }
        }
    }
}

@available(*, unavailable)
extension ManagementAuthenticationHandler: Sendable {}
