public import NIOSSL

/// A stage's client certificate (`clientCertificateId`), ready to present on HTTPS
/// integrations: the TLS client contexts with the certificate and key, made once when the
/// gateway is compiled (``CompiledClientCertificates``) and shared by every event loop.
///
/// Part of an ``UpstreamEndpoint``'s identity, so that a pooled connection made with one
/// certificate is never reused by a stage presenting another (or none).
public final class UpstreamClientCertificate: Sendable, Hashable {
    public let clientCertificateId: String
    /// The certificate's PEM: equal PEMs are the same certificate (the key goes with it).
    let certificatePem: String
    private let verifying: NIOSSLContext
    private let skipping: NIOSSLContext

    /// Fails when the PEM texts do not parse (a damaged record): the compiler leaves the
    /// certificate out with a diagnostic.
    public init(clientCertificateId: String, certificatePem: String, privateKeyPem: String, trustRoots: NIOSSLTrustRoots = .default) throws {
        self.clientCertificateId = clientCertificateId
        self.certificatePem = certificatePem
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePem.utf8)).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPem.utf8), format: .pem)
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = trustRoots
        configuration.applicationProtocols = ["http/1.1"]
        configuration.certificateChain = chain
        configuration.privateKey = .privateKey(key)
        verifying = try NIOSSLContext(configuration: configuration)
        configuration.certificateVerification = .none
        skipping = try NIOSSLContext(configuration: configuration)
    }

    /// The context for an integration that verifies the backend's certificate, or skips it
    /// (REST `tlsConfig.insecureSkipVerification`).
    func context(skipVerification: Bool) -> NIOSSLContext { skipVerification ? skipping : verifying }

    public static func == (lhs: UpstreamClientCertificate, rhs: UpstreamClientCertificate) -> Bool {
        lhs === rhs || (lhs.clientCertificateId == rhs.clientCertificateId && lhs.certificatePem == rhs.certificatePem)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(clientCertificateId)
    }
}
