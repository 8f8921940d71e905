public import DataPlane
public import Foundation
public import NIOSSL
import SwiftASN1
public import X509

/// A custom domain's mutual TLS truststore: the CA certificates (PEM bundle) a client
/// certificate must chain to, and the check API Gateway makes of a presented chain.
///
/// AWS's rules (developer guide "Configuring mutual TLS", knowledge center "mutual TLS 403"):
/// the leaf's issuer must be found in the truststore, possibly through intermediates the client
/// sends, at most four certificates deep; every certificate must be within its validity period;
/// the leaf may not be self-signed nor signed with an insecure algorithm (SHA-1, MD5); a leaf
/// with key usage extensions must allow digital signatures and TLS client authentication. The
/// check is synchronous (signatures and names only, no network), so it runs in the handshake on
/// the connection's event loop.
public struct TLSTruststore: Sendable {
    public let certificates: [Certificate]
    /// Certificates of the bundle that could not be used (AWS's `truststoreWarnings`).
    public let warnings: [String]

    /// AWS's maximum chain depth, leaf included.
    static let maximumDepth = 4

    /// A truststore that cannot be used: the message says why, for the log.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses a PEM bundle; a bundle without one usable certificate is invalid.
    public init(pem: String) throws(Invalid) {
        var certificates: [Certificate] = []
        var warnings: [String] = []
        for (index, block) in Self.pemBlocks(pem).enumerated() {
            do {
                let certificate = try Certificate(pemEncoded: block)
                if let constraints = try? certificate.extensions.basicConstraints, constraints == .notCertificateAuthority {
                    warnings.append("certificate \(index + 1) (\(certificate.subject)) is not a certificate authority")
                }
                certificates.append(certificate)
            } catch {
                warnings.append("certificate \(index + 1) does not parse: \(error)")
            }
        }
        guard !certificates.isEmpty else { throw Invalid(description: "the truststore holds no PEM certificate") }
        self.certificates = certificates
        self.warnings = warnings
    }

    /// Each `-----BEGIN CERTIFICATE-----` … `-----END CERTIFICATE-----` block of `text`.
    static func pemBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var rest = text[...]
        let begin = "-----BEGIN CERTIFICATE-----"
        let end = "-----END CERTIFICATE-----"
        while let start = rest.range(of: begin), let stop = rest.range(of: end, range: start.upperBound..<rest.endIndex) {
            blocks.append(String(rest[start.lowerBound..<stop.upperBound]))
            rest = rest[stop.upperBound...]
        }
        return blocks
    }

    /// The verdict on a presented chain (leaf first) at `now`: the leaf's `$context` fields, or
    /// AWS's execution-log reason for the refusal.
    public func verify(_ chain: [NIOSSLCertificate], now: Date = Date()) -> Result<ClientCertificateIdentity, ClientCertificateRefusal> {
        var presented: [Certificate] = []
        for certificate in chain.prefix(Self.maximumDepth + 4) {
            guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else {
                return .failure(.unparseable)
            }
            presented.append(parsed)
        }
        return verify(presented, now: now)
    }

    func verify(_ presented: [Certificate], now: Date) -> Result<ClientCertificateIdentity, ClientCertificateRefusal> {
        guard let leaf = presented.first else { return .failure(.missing) }
        guard Self.secureAlgorithms.contains(leaf.signatureAlgorithm) else { return .failure(.insecureSignatureAlgorithm) }
        if leaf.subject == leaf.issuer, leaf.publicKey.isValidSignature(leaf.signature, for: leaf) {
            return .failure(.selfSigned)
        }
        if let refusal = Self.purposeRefusal(leaf) { return .failure(refusal) }
        var current = leaf
        var depth = 1
        while true {
            if let refusal = Self.validityRefusal(current, now: now) { return .failure(refusal) }
            if certificates.contains(where: { Self.issued(current, by: $0) }) {
                return .success(Self.identity(of: leaf))
            }
            guard depth < Self.maximumDepth,
                let issuer = presented.dropFirst().first(where: { Self.issued(current, by: $0) && Self.isAuthority($0) })
            else {
                return .failure(depth >= Self.maximumDepth ? .chainTooLong : .issuerNotFound)
            }
            current = issuer
            depth += 1
        }
    }

    /// Whether `issuer` names and signed `certificate`.
    static func issued(_ certificate: Certificate, by issuer: Certificate) -> Bool {
        certificate.issuer == issuer.subject && issuer.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// A CA: basic constraints say so (a v1 certificate without extensions is taken as one).
    static func isAuthority(_ certificate: Certificate) -> Bool {
        guard let constraints = try? certificate.extensions.basicConstraints else { return certificate.version == .v1 }
        if case .isCertificateAuthority = constraints { return true }
        return false
    }

    static let secureAlgorithms: Set<Certificate.SignatureAlgorithm> = [
        .sha256WithRSAEncryption, .sha384WithRSAEncryption, .sha512WithRSAEncryption, .ecdsaWithSHA256, .ecdsaWithSHA384,
        .ecdsaWithSHA512, .ed25519,
    ]

    static func validityRefusal(_ certificate: Certificate, now: Date) -> ClientCertificateRefusal? {
        if now < certificate.notValidBefore { return .notYetValid }
        if now > certificate.notValidAfter { return .expired }
        return nil
    }

    /// A leaf whose key usage extensions forbid TLS client authentication.
    static func purposeRefusal(_ leaf: Certificate) -> ClientCertificateRefusal? {
        if let usage = try? leaf.extensions.keyUsage, !usage.digitalSignature { return .unsupportedPurpose }
        if let extended = try? leaf.extensions.extendedKeyUsage,
            !extended.contains(.clientAuth), !extended.contains(.any)
        {
            return .unsupportedPurpose
        }
        return nil
    }

    /// `$context.identity.clientCert` of a verified leaf, in AWS's formats.
    static func identity(of leaf: Certificate) -> ClientCertificateIdentity {
        ClientCertificateIdentity(
            clientCertPem: (try? leaf.serializeAsPEM().pemString) ?? "", subjectDN: distinguishedName(leaf.subject),
            issuerDN: distinguishedName(leaf.issuer), serialNumber: decimal(Array(leaf.serialNumber.bytes)),
            notBefore: opensslTime(leaf.notValidBefore), notAfter: opensslTime(leaf.notValidAfter))
    }

    /// `C=US,O=Example,CN=client`: the attributes in the certificate's order, as AWS shows them.
    static func distinguishedName(_ name: DistinguishedName) -> String {
        name.map { String(describing: $0) }.joined(separator: ",")
    }

    /// An unsigned big-endian integer in decimal (serial numbers run to 20 bytes).
    static func decimal(_ bytes: [UInt8]) -> String {
        var number = Array(bytes.drop { $0 == 0 })
        if number.isEmpty { return "0" }
        var digits: [UInt8] = []
        while !number.isEmpty {
            var remainder = 0
            var quotient: [UInt8] = []
            for byte in number {
                let value = remainder * 256 + Int(byte)
                let digit = UInt8(value / 10)
                remainder = value % 10
                if !quotient.isEmpty || digit != 0 { quotient.append(digit) }
            }
            digits.append(UInt8(remainder))
            number = quotient
        }
        return String(digits.reversed().map { Character(Unicode.Scalar($0 + 48)) })
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// OpenSSL's `ASN1_TIME_print`: `Aug  5 00:28:21 2120 GMT` (day padded with a space).
    static func opensslTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let day = parts.day ?? 1
        return "\(months[(parts.month ?? 1) - 1]) \(day < 10 ? " " : "")\(day) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) \(parts.year ?? 1970) GMT"
    }
}

/// Why a client certificate was refused: AWS's execution-log reasons.
public enum ClientCertificateRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case missing, unparseable, selfSigned, insecureSignatureAlgorithm, issuerNotFound, chainTooLong, expired, notYetValid
    case unsupportedPurpose

    public var description: String {
        switch self {
        case .missing: "No client certificate presented"
        case .unparseable: "Could not parse client certificate"
        case .selfSigned: "self signed certificate"
        case .insecureSignatureAlgorithm: "Client cert using an insecure Signature Algorithm"
        case .issuerNotFound: "Could not find issuer for certificate"
        case .chainTooLong: "certificate chain too long"
        case .expired: "certificate has expired"
        case .notYetValid: "certificate is not yet valid"
        case .unsupportedPurpose: "unsupported certificate purpose"
        }
    }
}
