public import Foundation

/// A client certificate API Gateway presents to HTTP backends (`apigateway` `ClientCertificate`):
/// a stage's `clientCertificateId` names one. The management API shows the public certificate
/// only (`pemEncodedCertificate`); the private key lives apart, in ``ClientCertificateKeyPair``.
public struct ClientCertificate: Codable, Sendable, Hashable {
    public var clientCertificateId: String
    public var description: String?
    /// The public certificate (PEM), for backends to trust.
    public var pemEncodedCertificate: String?
    public var createdDate: Date?
    public var expirationDate: Date?
    public var tags: [String: String]?

    public init(
        clientCertificateId: String, description: String? = nil, pemEncodedCertificate: String? = nil, createdDate: Date? = nil,
        expirationDate: Date? = nil, tags: [String: String]? = nil
    ) {
        self.clientCertificateId = clientCertificateId
        self.description = description
        self.pemEncodedCertificate = pemEncodedCertificate
        self.createdDate = createdDate
        self.expirationDate = expirationDate
        self.tags = tags
    }
}

/// A client certificate with its private key: what the store keeps (in a secret collection,
/// encrypted at rest) and what the data plane needs to present the certificate. Never sent by the
/// management API; its descriptions leave the key out, so it cannot reach a log by accident.
public struct ClientCertificateKeyPair: Codable, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var certificate: ClientCertificate
    /// The PKCS#8 PEM of the private key (RSA 2048).
    public var privateKeyPem: String

    public init(certificate: ClientCertificate, privateKeyPem: String) {
        self.certificate = certificate
        self.privateKeyPem = privateKeyPem
    }

    public var description: String { "ClientCertificateKeyPair(\(certificate.clientCertificateId), key redacted)" }
    public var debugDescription: String { description }
}
