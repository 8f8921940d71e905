import Foundation
import NIOCore
import NIOHTTP1

/// An integration's or integration response's `contentHandling` (REST non-proxy integrations):
/// how a payload crosses between text and binary, by AWS's conversion tables ("Content type
/// conversions in API Gateway"). Whether a payload is binary is decided by the API's
/// `binaryMediaTypes` against its `Content-Type`; on the way back, against the `Accept` type too.
///
/// Integration request (`Content-Type` binary or not):
///
/// | payload | unset | CONVERT_TO_BINARY | CONVERT_TO_TEXT |
/// |---|---|---|---|
/// | text | as is | base64-decoded | as is |
/// | binary | as is | as is | base64-encoded |
///
/// Integration response (the payload's `Content-Type`; the first `Accept` type):
///
/// | payload | `Accept` | unset | CONVERT_TO_BINARY | CONVERT_TO_TEXT |
/// |---|---|---|---|---|
/// | text | text | as is | base64-decoded | as is |
/// | text | binary | base64-decoded | base64-decoded | as is |
/// | binary | text | base64-encoded | as is | base64-encoded |
/// | binary | binary | as is | as is | base64-encoded |
///
/// (With no `binaryMediaTypes` nothing is binary, which gives AWS's rows for "Undefined".) Text
/// that is not valid base64 where the table decodes answers 500 (`API_CONFIGURATION_ERROR`).
public enum ContentHandling: String, Sendable {
    case convertToBinary = "CONVERT_TO_BINARY"
    case convertToText = "CONVERT_TO_TEXT"

    /// The integration request's payload.
    static func request(_ body: ByteBuffer?, handling: ContentHandling?, exchange: Exchange) -> Result<ByteBuffer?, GatewayError> {
        guard let handling, let body, body.readableBytes > 0 else { return .success(body) }
        let isBinary = exchange.stage.binaryMediaTypes.matches(exchange.head.headers.first(name: "content-type"))
        switch (isBinary, handling) {
        case (false, .convertToBinary): return decode(body, exchange).map { Optional($0) }
        case (true, .convertToText): return .success(encode(body))
        default: return .success(body)
        }
    }

    /// The method response's payload, converted in place.
    static func response(_ response: inout GatewayHTTPResponse, handling: ContentHandling?, exchange: Exchange) -> GatewayError? {
        let binaryTypes = exchange.stage.binaryMediaTypes
        guard handling != nil || !binaryTypes.isEmpty, let body = response.body, body.readableBytes > 0 else { return nil }
        let isBinary = binaryTypes.matches(response.headers.first(name: "content-type"))
        let acceptsBinary = binaryTypes.matches(exchange.head.headers.first(name: "accept"))
        let encodes: Bool
        let decodes: Bool
        if isBinary {
            encodes = handling == .convertToText || (handling == nil && !acceptsBinary)
            decodes = false
        } else {
            encodes = false
            decodes = handling == .convertToBinary || (handling == nil && acceptsBinary)
        }
        if encodes { response.body = encode(body) }
        if decodes {
            switch decode(body, exchange) {
            case .success(let decoded): response.body = decoded
            case .failure(let error): return error
            }
        }
        return nil
    }

    private static func encode(_ body: ByteBuffer) -> ByteBuffer {
        ByteBuffer(string: Data(body.readableBytesView).base64EncodedString())
    }

    private static func decode(_ body: ByteBuffer, _ exchange: Exchange) -> Result<ByteBuffer, GatewayError> {
        // Surrounding whitespace (a trailing newline) is tolerated; anything else must be base64.
        guard let bytes = Data(base64Encoded: String(String(buffer: body).trimmingWhitespace())) else {
            return .failure(exchange.stage.dialect.internalError(cause: "contentHandling CONVERT_TO_BINARY: the payload is not base64"))
        }
        return .success(ByteBuffer(bytes: bytes))
    }
}
