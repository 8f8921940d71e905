import JSON
import NIOCore
import NIOHTTP1

/// Renders a `GatewayError` as AWS does by default: `{"message":"…"}`, `Content-Type:
/// application/json`, `x-amzn-ErrorType` when the error has one. Custom gateway responses
/// (`CompiledGatewayResponses`) start from the same headers.
enum ErrorResponseRenderer {
    static func render(_ error: GatewayError, allocator: ByteBufferAllocator) -> GatewayHTTPResponse {
        GatewayHTTPResponse(status: error.status, headers: headers(error), body: defaultBody(error, allocator: allocator))
    }

    /// `Content-Type: application/json`, `x-amzn-ErrorType`, and the error's own headers.
    static func headers(_ error: GatewayError) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        if let errorType = error.errorType {
            headers.add(name: "x-amzn-ErrorType", value: errorType)
        }
        for (name, value) in error.headers { headers.add(name: name, value: value) }
        return headers
    }

    /// The default template's output, `{"message":$context.error.messageString}`.
    static func defaultBody(_ error: GatewayError, allocator: ByteBufferAllocator) -> ByteBuffer {
        var body = allocator.buffer(capacity: error.message.utf8.count + 16)
        // IAM's authorization refusals spell it `Message`, as AWS does.
        if error.capitalizedMessageKey { body.writeStaticString("{\"Message\":") } else { body.writeStaticString("{\"message\":") }
        body.writeString(error.nullMessage ? "null" : JSONWriter.compact(.string(error.message)))
        body.writeStaticString("}")
        return body
    }
}
