import NIOCore
import NIOHTTP1

/// Renders a `GatewayError` as AWS does: `{"message":"…"}`, `Content-Type: application/json`,
/// `x-amzn-ErrorType` when the error has one.
enum ErrorResponseRenderer {
    static func render(_ error: GatewayError, allocator: ByteBufferAllocator) -> GatewayHTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        if let errorType = error.errorType {
            headers.add(name: "x-amzn-ErrorType", value: errorType)
        }
        var body = allocator.buffer(capacity: error.message.utf8.count + 16)
        body.writeStaticString("{\"message\":")
        JSONStringEscaper.write(error.message, to: &body)
        body.writeStaticString("}")
        return GatewayHTTPResponse(status: error.status, headers: headers, body: body)
    }
}

/// Writes a Swift string as a JSON string literal.
enum JSONStringEscaper {
    static func write(_ string: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case 0..<0x20:
                buffer.writeStaticString("\\u00")
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 0xF)])
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
