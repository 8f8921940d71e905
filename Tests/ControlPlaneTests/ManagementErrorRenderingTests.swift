import ControlPlane
import Testing

@Suite struct ManagementErrorRenderingTests {
    @Test("the body is {\"message\":…}; control characters other than a line feed become spaces")
    func body() {
        let response = ControlPlane.render(.badRequest("a\"b\\c\nd\te\r\n\u{1}é🐲"))
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"message":"a\"b\\c\nd e \n é🐲"}"#)
        #expect(response.status == 400)
        #expect(response.headers.contains { $0 == ("x-amzn-ErrorType", "BadRequestException") })
    }
}
