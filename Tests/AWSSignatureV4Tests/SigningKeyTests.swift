import Testing

@testable import AWSSignatureV4

@Suite("Signing keys")
struct SigningKeyTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    @Test("derivation matches the AWS documentation's example")
    func documentationExample() {
        // "Examples of how to derive a signing key for Signature Version 4" (AWS General
        // Reference): 20120215 / us-east-1 / iam.
        let key = SigningKey(
            secretAccessKey: Self.secret,
            scope: CredentialScope(dateStamp: "20120215", region: "us-east-1", service: "iam"))
        #expect(HexEncoding.encode(key.keyBytes) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test("the test suite's key signs its get-vanilla string to sign")
    func testSuiteKey() {
        let scope = CredentialScope(dateStamp: "20150830", region: "us-east-1", service: "service")
        let key = SigningKey(secretAccessKey: Self.secret, scope: scope)
        #expect(HexEncoding.encode(key.keyBytes) == "938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75")
        let stringToSign =
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        #expect(key.signature(of: stringToSign) == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        // The keyed HMAC is copied per signature: signing twice gives the same answer.
        #expect(key.signature(of: stringToSign) == key.signature(of: stringToSign))
    }

    @Test("the cache derives once per scope and stays bounded")
    func cache() {
        let cache = SigningKeyCache(capacity: 2)
        let day1 = CredentialScope(dateStamp: "20150830", region: "us-east-1", service: "service")
        let first = cache.signingKey(secretAccessKey: Self.secret, scope: day1)
        let again = cache.signingKey(secretAccessKey: Self.secret, scope: day1)
        #expect(first.keyBytes == again.keyBytes)
        #expect(cache.count == 1)

        _ = cache.signingKey(secretAccessKey: "other", scope: day1)
        #expect(cache.count == 2)
        // Full: a key of another day evicts the old day's keys first.
        let day2 = CredentialScope(dateStamp: "20150831", region: "us-east-1", service: "service")
        _ = cache.signingKey(secretAccessKey: Self.secret, scope: day2)
        #expect(cache.count == 1)
        _ = cache.signingKey(secretAccessKey: "other", scope: day2)
        _ = cache.signingKey(secretAccessKey: "third", scope: day2)
        #expect(cache.count == 1)
        cache.removeAll()
        #expect(cache.count == 0)
    }

    @Test("constant-time comparison")
    func constantTime() {
        #expect(ConstantTime.equals("abc", "abc"))
        #expect(!ConstantTime.equals("abd", "abc"))
        #expect(!ConstantTime.equals("ab", "abc"))
        #expect(!ConstantTime.equals("abcd", "abc"))
        #expect(!ConstantTime.equals("", "abc"))
        #expect(ConstantTime.equals("", ""))
    }
}
