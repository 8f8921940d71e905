import NIOCore
import Testing

@testable import DataPlane

@Suite struct ErrorResponseRendererTests {
    @Test("the body is {\"message\":…} with the message escaped as JSON")
    func body() {
        let error = GatewayError(
            type: .default4XX, status: .badRequest, message: "a\"b\\c\nd\te\r\u{1}é🐲", errorType: "BadRequestException",
            source: .client)
        let response = ErrorResponseRenderer.render(error, allocator: ByteBufferAllocator())
        #expect(response.body.map { String(buffer: $0) } == #"{"message":"a\"b\\c\nd\te\r\u0001é🐲"}"#)
        #expect(response.headers["Content-Type"] == ["application/json"])
        #expect(response.headers["x-amzn-ErrorType"] == ["BadRequestException"])
    }
}
