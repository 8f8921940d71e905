import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The key that signs requests of one credential scope, derived from the secret by the
/// HMAC-SHA256 chain AWS documents:
///
/// ```
/// kDate    = HMAC("AWS4" + secret, yyyyMMdd)
/// kRegion  = HMAC(kDate, region)
/// kService = HMAC(kRegion, service)
/// kSigning = HMAC(kService, "aws4_request")
/// ```
///
/// Derivation costs four HMACs; the key is valid for the whole UTC day, so keep it (see
/// ``SigningKeyCache``). The value holds an HMAC already keyed with `kSigning`, so a signature
/// costs one HMAC of the string to sign and no re-keying.
public struct SigningKey: Sendable {
    /// The scope the key signs for.
    public let scope: CredentialScope
    /// `kSigning`, kept for tests against AWS's published derivation examples.
    let keyBytes: [UInt8]
    /// An HMAC-SHA256 keyed with `kSigning`, copied for each signature.
    private let keyedAuthenticator: HMAC<SHA256>

    /// Derives the signing key of `secretAccessKey` for `scope`.
    public init(secretAccessKey: String, scope: CredentialScope) {
        let kDate = Self.hmac(key: Array(("AWS4" + secretAccessKey).utf8), message: scope.dateStamp)
        let kRegion = Self.hmac(key: kDate, message: scope.region)
        let kService = Self.hmac(key: kRegion, message: scope.service)
        let kSigning = Self.hmac(key: kService, message: SignatureV4.scopeTerminator)
        self.scope = scope
        self.keyBytes = kSigning
        self.keyedAuthenticator = HMAC<SHA256>(key: SymmetricKey(data: kSigning))
    }

    /// The signature of `stringToSign`: lower-case hex HMAC-SHA256 under this key.
    public func signature(for stringToSign: StringToSign) -> String {
        signature(of: stringToSign.text)
    }

    /// The lower-case hex HMAC-SHA256 of `message` under this key.
    public func signature(of message: String) -> String {
        var authenticator = keyedAuthenticator
        var message = message
        message.withUTF8 { authenticator.update(data: UnsafeRawBufferPointer($0)) }
        return HexEncoding.encode(authenticator.finalize())
    }

    private static func hmac(key: [UInt8], message: String) -> [UInt8] {
        var authenticator = HMAC<SHA256>(key: SymmetricKey(data: key))
        authenticator.update(data: Array(message.utf8))
        return Array(authenticator.finalize())
    }
}
