import Crypto
import CryptoExtras
public import Foundation
import SwiftASN1
import X509

/// A self-signed X.509 certificate and its RSA key, made with swift-certificates: the client
/// certificates of `GenerateClientCertificate` (AWS makes RSA 2048 certificates valid for 365
/// days) and, with the development flag only, stand-in server certificates for custom domains.
public enum SelfSignedCertificate {
    /// What a generated certificate may be used for (its extended key usage).
    public enum Purpose: Sendable {
        /// TLS client authentication: what a backend checks on a gateway's connection.
        case clientAuthentication
        /// TLS server authentication for `dnsNames`.
        case serverAuthentication(dnsNames: [String])
    }

    /// The PEM texts of a new certificate and key, and the certificate's last valid instant.
    public struct Generated: Sendable {
        public var certificatePem: String
        /// PKCS#8 PEM. Keep it secret.
        public var privateKeyPem: String
        public var notAfter: Date
    }

    /// One year, as AWS's client certificates.
    public static let defaultValidity: TimeInterval = 365 * 24 * 3600

    /// A new RSA 2048 key and a certificate for it, signed by itself with SHA-256, serial number
    /// random (16 bytes, positive), subject `O=Portcullis, OU=ApiGateway, CN=commonName`.
    public static func make(
        commonName: String, purpose: Purpose, notBefore: Date = Date(), validity: TimeInterval = defaultValidity
    ) throws -> Generated {
        let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let key = Certificate.PrivateKey(rsa)
        let name = try DistinguishedName {
            OrganizationName("Portcullis")
            OrganizationalUnitName("ApiGateway")
            CommonName(commonName)
        }
        // Back-date by a minute: a client whose clock runs a little behind still accepts it.
        let start = notBefore.addingTimeInterval(-60)
        let end = notBefore.addingTimeInterval(validity)
        var serial = (0..<16).map { _ in UInt8.random(in: 0...255) }
        serial[0] &= 0x7F
        serial[0] |= 0x01
        let extensions: Certificate.Extensions
        switch purpose {
        case .clientAuthentication:
            extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.clientAuth])
            }
        case .serverAuthentication(let dnsNames):
            extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(dnsNames.map { GeneralName.dnsName($0) })
            }
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(bytes: serial), publicKey: key.publicKey, notValidBefore: start,
            notValidAfter: end, issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption, extensions: extensions,
            issuerPrivateKey: key)
        return Generated(
            certificatePem: try certificate.serializeAsPEM().pemString, privateKeyPem: rsa.pkcs8PEMRepresentation,
            notAfter: end.roundedDownToSecond)
    }
}

extension Date {
    /// X.509 times have whole seconds.
    fileprivate var roundedDownToSecond: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
