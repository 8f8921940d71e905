import NIOCore
import NIOHTTP1

/// The last handler of an upstream connection: collects one response at a time and hands it to
/// the waiting exchange. Lives on one event loop, like the pool that owns it.
final class UpstreamConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    typealias Completion = (Result<UpstreamResponse, UpstreamError>) -> Void

    private var completion: Completion?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private var receivedBytes = false
    private var isHeadRequest = false
    private let maximumBodySize: Int
    /// Called when the connection may take another request (`true`) or is gone (`false`).
    var onIdle: ((Bool) -> Void)?
    private(set) var isActive = true

    init(maximumBodySize: Int) {
        self.maximumBodySize = maximumBodySize
    }

    var isBusy: Bool { completion != nil }

    func begin(isHeadRequest: Bool, completion: @escaping Completion) {
        self.completion = completion
        self.isHeadRequest = isHeadRequest
        head = nil
        body = nil
        receivedBytes = false
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receivedBytes = true
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            // 1xx interim answers (100 Continue) are not the response.
            if responseHead.status.code >= 100, responseHead.status.code < 200 { return }
            head = responseHead
        case .body(var part):
            guard completion != nil else { return }
            if (body?.readableBytes ?? 0) + part.readableBytes > maximumBodySize {
                finish(.failure(.responseTooLarge(limit: maximumBodySize)))
                context.close(promise: nil)
                return
            }
            if var collected = body.take() {
                collected.writeBuffer(&part)
                body = collected
            } else {
                body = part
            }
        case .end:
            guard let responseHead = head else { return }
            let keepAlive = responseHead.isKeepAlive
            let response = UpstreamResponse(head: responseHead, body: body)
            head = nil
            body = nil
            finish(.success(response))
            if keepAlive, isActive {
                onIdle?(true)
            } else {
                context.close(promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        finish(.failure(.connectionClosed(receivedResponseBytes: receivedBytes)))
        onIdle?(false)
        onIdle = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(.invalidResponse(String(describing: error))))
        context.close(promise: nil)
    }

    /// Gives up on the current response (timeout); the connection is closed by the caller.
    func abandon() {
        completion = nil
    }

    private func finish(_ result: Result<UpstreamResponse, UpstreamError>) {
        guard let completion else { return }
        self.completion = nil
        completion(result)
    }
}
