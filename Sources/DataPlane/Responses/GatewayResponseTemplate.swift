import Logging
import NIOCore

/// The one place a custom gateway response's template is rendered, with
/// `$context.error.message`, `$context.error.messageString`, `$context.error.responseType` and
/// `$context.error.validationErrorString` besides the rest of `$context`
/// (`Exchange.renderGatewayResponseTemplate`).
///
/// Static text is served as it is; a Velocity template is rendered by the VTL engine. A template
/// that does not parse or fails to render answers the type's default body, and the cause goes to
/// the log: the client still gets the failure's status and headers.
enum GatewayResponseTemplate {
    static func render(_ template: MappingTemplate, error: GatewayError, exchange: Exchange, logger: Logger) -> ByteBuffer {
        switch exchange.renderGatewayResponseTemplate(template, error: error, validationErrorString: error.validationErrorString) {
        case .success(let body):
            return body
        case .failure(let failure):
            logger.warning(
                "gateway response \(error.type): \(failure.cause); the default body is sent",
                metadata: ["requestId": "\(exchange.context.requestId)"])
            return ErrorResponseRenderer.defaultBody(error, allocator: ByteBufferAllocator())
        }
    }
}
