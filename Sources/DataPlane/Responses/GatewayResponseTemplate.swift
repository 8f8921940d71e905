import Logging
import NIOCore

/// The one place a custom gateway response's template is rendered, with
/// `$context.error.message`, `$context.error.messageString`, `$context.error.responseType` and
/// `$context.error.validationErrorString` besides the rest of `$context`.
///
/// Static text is served as it is. AWS's default template, `{"message":$context.error.messageString}`,
/// is the default body. Any other Velocity template needs the VTL engine, which is not merged
/// into this build yet: it answers the type's default body, and says so in the log (and in the
/// compiler's diagnostics). Connecting the engine is a change to this function only.
enum GatewayResponseTemplate {
    static let defaultTemplate = #"{"message":$context.error.messageString}"#

    static func render(_ template: MappingTemplate, error: GatewayError, exchange: Exchange, logger: Logger) -> ByteBuffer {
        switch template {
        case .text(let text):
            return text
        case .velocity(let source):
            if !isDefault(source) {
                logger.debug(
                    "gateway response \(error.type): its template needs the VTL engine (not yet merged); the default body is sent",
                    metadata: ["requestId": "\(exchange.context.requestId)"])
            }
            return ErrorResponseRenderer.defaultBody(error, allocator: ByteBufferAllocator())
        }
    }

    /// Whether `source` is AWS's default template (whitespace aside).
    static func isDefault(_ source: String) -> Bool {
        source.filter { !$0.isWhitespace } == defaultTemplate
    }
}
