import AWSSignatureV4
import Testing

/// Canonical URI, query string, header values and payload hash, beyond the AWS test suite.
@Suite("Canonicalization")
struct CanonicalizationTests {
    @Test(
        "standard paths are normalised and encoded a second time",
        arguments: [
            ("", "/"),
            ("/", "/"),
            ("/prod/my%20pets", "/prod/my%2520pets"),
            ("/functions/arn%3Aaws%3Alambda/invocations", "/functions/arn%253Aaws%253Alambda/invocations"),
            ("/a/./b/../c/", "/a/c/"),
            ("/a//b///", "/a/b/"),
            ("/../..", "/"),
            ("/a/.", "/a"),
            ("/a b/ü*", "/a%20b/%C3%BC%2A"),
            ("/-._~", "/-._~"),
        ])
    func standardPath(_ path: String, _ expected: String) {
        #expect(PathEncoding.standard.canonicalURI(path) == expected)
    }

    @Test(
        "S3 paths are used as sent, encoded once",
        arguments: [
            ("", "/"),
            ("/photos//2024/./my%20photo.jpg", "/photos//2024/./my%20photo.jpg"),
            ("/a b/%zz/%4", "/a%20b/%25zz/%254"),
            ("/k=v&x+y", "/k%3Dv%26x%2By"),
        ])
    func s3Path(_ path: String, _ expected: String) {
        #expect(PathEncoding.s3.canonicalURI(path) == expected)
    }

    @Test(
        "query strings are decoded, re-encoded and sorted",
        arguments: [
            ("", ""),
            ("b=2&a=1&a=0", "a=0&a=1&b=2"),
            ("flag", "flag="),
            ("&&a=1&", "a=1"),
            ("%7e=%7E&x=%2b&y=+", "x=%2B&y=%2B&~=~"),
            ("a=b=c", "a=b%3Dc"),
            ("q=%E1%88%B4&r=ሴ", "q=%E1%88%B4&r=%E1%88%B4"),
            ("Z=1&a=1&_=1", "Z=1&_=1&a=1"),
            ("bad=%zz&x=%4", "bad=%25zz&x=%254"),
            ("p=a%20b&p=a+b", "p=a%20b&p=a%2Bb"),
        ])
    func query(_ raw: String, _ expected: String) {
        #expect(CanonicalRequest.canonicalQueryString(raw) == expected)
    }

    @Test("a presigned request's own signature is left out")
    func excludedParameter() {
        #expect(
            CanonicalRequest.canonicalQueryString(
                "a=1&X-Amz-Signature=abc&X%2DAmz%2DSignature=def", excluding: "X-Amz-Signature")
                == "a=1"
        )
    }

    @Test(
        "header values are trimmed and runs of whitespace folded",
        arguments: [
            ("  a   b  ", "a b"),
            ("\ta\t\tb\r\n", "a b"),
            ("\"a   b   c\"", "\"a b c\""),
            ("", ""),
            ("   ", ""),
        ])
    func headerValue(_ raw: String, _ expected: String) {
        #expect(CanonicalRequest.canonicalHeaderValue(raw) == expected)
    }

    @Test("repeated headers join by comma in order; host falls back to :authority")
    func headers() {
        let request = SignableRequest(
            method: "GET",
            path: "/",
            headers: [.init(":authority", "example.com"), .init("X-A", " 2 "), .init("x-a", "1"), .init("X-B", "b")]
        )
        let canonical = CanonicalRequest(
            request: request, signedHeaders: ["host", "x-a", "x-missing"], payloadHash: "UNSIGNED-PAYLOAD")
        #expect(
            canonical.text == "GET\n/\n\nhost:example.com\nx-a:2,1\nx-missing:\n\nhost;x-a;x-missing\nUNSIGNED-PAYLOAD")
    }

    @Test("payload hashes")
    func payloads() {
        #expect(Payload.empty.canonicalValue == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Payload.bytes([UInt8]()) == Payload.empty)
        #expect(
            Payload.string("Param1=value1").canonicalValue
                == "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
        #expect(Payload.bytes(Array("Param1=value1".utf8)) == Payload.string("Param1=value1"))
        #expect(Payload.bytes(AnySequence("Param1=value1".utf8)) == Payload.string("Param1=value1"))
        #expect(Payload.sha256(hex: "ABCDEF").canonicalValue == "abcdef")
        #expect(Payload.unsigned.canonicalValue == "UNSIGNED-PAYLOAD")
        #expect(Payload.unsigned.isUnsigned)
    }

    @Test("a request-target splits into path and query")
    func target() {
        let request = SignableRequest(method: "GET", target: "/a/b?x=1&y=2")
        #expect(request.path == "/a/b")
        #expect(request.query == "x=1&y=2")
        #expect(request.target == "/a/b?x=1&y=2")
        #expect(SignableRequest(method: "GET", target: "/only").query == "")
    }
}
