import Foundation
import JSON

/// A compact JSON Web Token split into what verification needs, before anything is trusted:
/// `header.payload.signature`, each base64url; header and payload JSON objects.
///
/// Parsed only when the verified-token cache misses; bounded (`maxBytes`) so that a hostile
/// token costs little.
struct JSONWebToken {
    /// Why a token cannot be read, in the words AWS's `www-authenticate` uses where it has them.
    struct Malformed: Error, Equatable {
        let description: String
    }

    /// AWS refuses headers over 10,240 bytes anyway; a token is a part of one.
    static let maxBytes = 10_240

    let header: JSONObject
    let claims: JSONObject
    /// The bytes the signature covers: `header.payload` as sent.
    let signingInput: [UInt8]
    let signature: [UInt8]

    init(_ token: Substring) throws(Malformed) {
        guard token.utf8.count <= Self.maxBytes else { throw Malformed(description: "token is too large") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw Malformed(description: "token contains an invalid number of segments") }
        guard let headerBytes = Self.base64URLDecode(parts[0]), let payloadBytes = Self.base64URLDecode(parts[1]),
            let signature = Self.base64URLDecode(parts[2])
        else { throw Malformed(description: "token is not base64url encoded") }
        let parser = JSONValueParser(maxDepth: 16, rejectsDuplicateKeys: true)
        guard let header = (try? parser.parse(headerBytes))?.objectValue else {
            throw Malformed(description: "token header is not a JSON object")
        }
        guard let claims = (try? parser.parse(payloadBytes))?.objectValue else {
            throw Malformed(description: "token payload is not a JSON object")
        }
        self.header = header
        self.claims = claims
        self.signingInput = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        self.signature = signature
    }

    var algorithm: String? { header["alg"]?.stringValue }
    var keyId: String? { header["kid"]?.stringValue }

    /// A claim that is a number of seconds since the epoch (`exp`, `nbf`, `iat`).
    func time(_ name: String) -> Double? { claims[name]?.numberValue }

    /// RFC 7515 base64url without padding (padding tolerated).
    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while standard.hasSuffix("=") { standard.removeLast() }
        guard standard.utf8.count % 4 != 1 else { return nil }
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        return Data(base64Encoded: standard).map { Array($0) }
    }
}
