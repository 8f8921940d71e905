import NIOCore
import NIOHTTP1
import Testing

@testable import DataPlane

/// AWS's rules for what a Lambda proxy function answers (reference §2.3 from LocalStack's
/// AWS-validated `test_aws_proxy_response_payload_format_validation`, §2.4 from the HTTP API
/// developer guide), and hostile outputs.
@Suite struct LambdaProxyResponseTests {
    static func v1(_ output: String, binary: Bool = false) -> GatewayHTTPResponse? {
        try? LambdaProxyResponse.payloadV1(ByteBuffer(string: output)) { _ in binary }.get()
    }

    static func v2(_ output: String) -> GatewayHTTPResponse? {
        try? LambdaProxyResponse.payloadV2(ByteBuffer(string: output)).get()
    }

    static func body(_ response: GatewayHTTPResponse?) -> String? {
        response?.body.map { String(buffer: $0) }
    }

    @Test func v1AcceptsAwsShapes() throws {
        let full = try #require(Self.v1(#"{"statusCode": 201, "headers": {"X-A": "a"}, "body": "hi", "isBase64Encoded": false}"#))
        #expect(full.status == .created && full.headers["X-A"] == ["a"] && Self.body(full) == "hi")
        #expect(Self.v1(#"{"statusCode": "202"}"#)?.status == .accepted, "a numeric string status")
        let headersOnly = try #require(Self.v1(#"{"headers": {"X-A": "a"}}"#))
        #expect(headersOnly.status == .ok && headersOnly.body == nil)
        let empty = try #require(Self.v1("{}"))
        #expect(empty.status == .ok && empty.body == nil && empty.headers.isEmpty)
        let typed = try #require(Self.v1(#"{"headers": {"X-Bool": true, "X-Num": 12, "X-Null": null}}"#))
        #expect(typed.headers["X-Bool"] == ["true"] && typed.headers["X-Num"] == ["12"] && !typed.headers.contains(name: "X-Null"))
    }

    @Test func v1MergesMultiValueHeadersFirst() throws {
        let response = try #require(
            Self.v1(#"{"headers": {"x-shared": "value-solo", "X-Only": "o"}, "multiValueHeaders": {"X-Shared": ["value-multi"], "Set-Cookie": ["a=1", "b=2"]}}"#))
        #expect(response.headers.map { "\($0.name): \($0.value)" } == ["X-Shared: value-multi", "X-Shared: value-solo", "Set-Cookie: a=1", "Set-Cookie: b=2", "X-Only: o"])
    }

    @Test func v1RefusesMalformedOutput() {
        for output in [
            #""hello""#, "not json", "[1]", "42", #"{"statusCode": "abc"}"#, #"{"statusCode": 99}"#, #"{"statusCode": 600}"#,
            #"{"statusCode": 200.5}"#, #"{"wrongValue": 1}"#, #"{"multiValueHeaders": {"X-A": "not-a-list"}}"#,
            #"{"body": {"a": 1}}"#, #"{"body": 12}"#, #"{"isBase64Encoded": "yes"}"#, #"{"headers": {"X-A": {"b": 1}}}"#,
            #"{"headers": "x"}"#, #"{"headers": {"bad name": "x"}}"#, #"{"headers": {"X-A": "a\r\nInjected: 1"}}"#,
            String(repeating: "[", count: 100_000),
        ] {
            #expect(Self.v1(output) == nil, "\(output.prefix(60))")
        }
    }

    @Test func v1DecodesBase64OnlyForBinaryTypes() {
        let output = #"{"body": "aGk=", "isBase64Encoded": true}"#
        #expect(Self.body(Self.v1(output, binary: true)) == "hi")
        #expect(Self.body(Self.v1(output, binary: false)) == "aGk=", "not a binary media type: the base64 text as it is")
        #expect(Self.v1(#"{"body": "@@@", "isBase64Encoded": true}"#, binary: true) == nil)
    }

    @Test func v1BoundsHeaders() {
        let many = (0..<5000).map { "\"X-H\($0)\": \"\(String(repeating: "v", count: 20))\"" }.joined(separator: ",")
        #expect(Self.v1("{\"headers\": {\(many)}}") == nil, "over 64 KiB of headers")
    }

    @Test func v2InfersABareAnswer() throws {
        let object = try #require(Self.v2(#"{"message": "Hello from Lambda!"}"#))
        #expect(object.status == .ok && object.headers["content-type"] == ["application/json"])
        #expect(Self.body(object) == #"{"message": "Hello from Lambda!"}"#, "the output as it is")
        #expect(Self.body(Self.v2(#""Hello from Lambda!""#)) == "Hello from Lambda!")
        #expect(Self.body(Self.v2("[1, 2]")) == "[1, 2]")
        #expect(Self.body(Self.v2("42")) == "42")
        #expect(Self.v2("not json") == nil)
        #expect(Self.v2("") == nil)
    }

    @Test func v2ReadsStructuredAnswers() throws {
        let response = try #require(
            Self.v2(#"{"statusCode": 404, "headers": {"x-a": "a", "x-n": 1}, "cookies": ["a=1; Path=/", "b=2"], "body": "aGk=", "isBase64Encoded": true}"#))
        #expect(response.status == .notFound)
        #expect(response.headers["set-cookie"] == ["a=1; Path=/", "b=2"])
        #expect(response.headers["x-n"] == ["1"] && !response.headers.contains(name: "content-type"))
        #expect(Self.body(response) == "hi")
        for output in [#"{"statusCode": "x"}"#, #"{"statusCode": 200, "cookies": "a=1"}"#, #"{"statusCode": 200, "cookies": [1]}"#,
            #"{"statusCode": 200, "body": []}"#, #"{"statusCode": 200, "body": "%%", "isBase64Encoded": true}"#]
        {
            #expect(Self.v2(output) == nil, "\(output)")
        }
    }
}
