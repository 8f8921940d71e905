import ControlPlane
import Crypto
import DataPlane
import Foundation
import GatewayModel
@testable import GatewayServer
import NIOSSL
import NIOTLS
import Testing
import X509

/// The TLS-by-domain pieces without a socket: which certificate a name gets (exact, wildcard,
/// ARN, default), security policies, and the truststore's verdicts on client chains.
@Suite struct TLSByDomainTests {
    // MARK: Certificates by name

    @Test func namesCoverExactAndOneLabelWildcards() {
        #expect(ServerCertificate.covers("api.example.com", "api.example.com"))
        #expect(ServerCertificate.covers("*.example.com", "a.example.com"))
        #expect(!ServerCertificate.covers("*.example.com", "a.b.example.com"))
        #expect(!ServerCertificate.covers("*.example.com", "example.com"))
        #expect(ServerCertificate.covers("*.example.com", "*.example.com"))
        #expect(!ServerCertificate.covers("a.example.com", "*.example.com"))
    }

    @Test func eachDomainGetsItsCertificateAndPolicy() throws {
        let a = try Self.serverCertificate("a.example.com")
        let b = try Self.serverCertificate("b.example.com")
        let wild = try Self.serverCertificate("*.wild.test")
        var builder = TLSContextTableBuilder()
        builder.entries = [(["a.example.com"], a), (["*.wild.test"], wild)]
        builder.byArn = ["arn:aws:acm:us-east-1:000000000000:certificate/b": b]
        builder.domains = [
            DomainTLSSettings(name: "a.example.com", securityPolicy: "TLS_1_0"),
            DomainTLSSettings(name: "B.example.com", certificateArns: ["arn:aws:acm:us-east-1:000000000000:certificate/b"]),
            DomainTLSSettings(name: "*.wild.test"),
            DomainTLSSettings(name: "nocert.example.net"),
        ]
        let built = try builder.build()
        #expect(built.uncovered == ["nocert.example.net"])
        #expect(built.table.choice(for: .hostname("A.EXAMPLE.COM"))?.domain == "a.example.com")
        #expect(built.table.choice(for: .hostname("b.example.com"))?.domain == "b.example.com")
        #expect(built.table.choice(for: .hostname("x.wild.test"))?.domain == "*.wild.test")
        #expect(built.table.choice(for: .hostname("x.y.wild.test")) == nil)
        #expect(built.table.choice(for: .fallback) == nil)
    }

    @Test func theDefaultCertificateServesWhatItsNamesCover() throws {
        var builder = TLSContextTableBuilder()
        builder.defaultCertificate = try Self.serverCertificate("*.example.com")
        builder.domains = [DomainTLSSettings(name: "api.example.com"), DomainTLSSettings(name: "api.example.org")]
        let built = try builder.build()
        #expect(built.uncovered == ["api.example.org"])
        #expect(built.table.choice(for: .hostname("api.example.com"))?.domain == "api.example.com")
        // No custom domain: the default certificate, for no domain.
        let other = built.table.choice(for: .hostname("abc.execute-api.us-east-1.amazonaws.com"))
        #expect(other != nil && other?.domain == nil)
        #expect(built.table.choice(for: .fallback)?.domain == nil)
    }

    @Test func anUnusableTruststoreStillRequiresClientCertificates() throws {
        var builder = TLSContextTableBuilder()
        builder.entries = [(["m.example.com"], try Self.serverCertificate("m.example.com"))]
        builder.domains = [DomainTLSSettings(name: "m.example.com", truststoreUri: "s3://bucket/missing.pem")]
        builder.truststores = ["m.example.com": .failure(TruststoreLoadError("NoSuchKey"))]
        let choice = try #require(try builder.build().table.choice(for: .hostname("m.example.com")))
        #expect(choice.mutualTLS)
        #expect(choice.truststore == nil)
        #expect(choice.truststoreProblem?.contains("NoSuchKey") == true)
    }

    // MARK: Security policies

    @Test func securityPoliciesMapToVersionsAndSuites() throws {
        let legacy = try #require(TLSSecurityPolicy.named("TLS_1_0"))
        #expect(legacy.minimumTLSVersion == .tlsv1)
        #expect(legacy.cipherSuites.contains("ECDHE-RSA-AES128-SHA:"))
        let modern = try #require(TLSSecurityPolicy.named("TLS_1_2"))
        #expect(modern.minimumTLSVersion == .tlsv12)
        #expect(!modern.cipherSuites.split(separator: ":").contains { $0.hasSuffix("-SHA") })
        #expect(TLSSecurityPolicy.named("SecurityPolicy_TLS13_1_3_2025_09")?.minimumTLSVersion == .tlsv13)
        #expect(TLSSecurityPolicy.named("SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09")?.cipherSuites.contains("CHACHA20") == false)
        #expect(TLSSecurityPolicy.named("TLS_1_1") == nil)
        #expect(TLSSecurityPolicy.default == modern)
        // Every policy the management API accepts makes a context BoringSSL takes.
        let certificate = try Self.serverCertificate("p.example.com")
        for name in TLSSecurityPolicy.names {
            _ = try TLSContextTableBuilder.context(certificate, policy: TLSSecurityPolicy.named(name), requestsClientCertificate: true)
        }
    }

    // MARK: Truststores

    @Test func aChainToTheTruststoreIsAcceptedWithAWSFields() throws {
        let ca = try TestAuthority(name: "Test Root CA")
        let leaf = try ca.issue(commonName: "client-1", serial: [0x01, 0x00])
        let truststore = try TLSTruststore(pem: ca.pem)
        let identity = try truststore.verify([leaf.certificate], now: Date()).get()
        #expect(identity.subjectDN == "O=Portcullis Tests,CN=client-1")
        #expect(identity.issuerDN == "O=Portcullis Tests,CN=Test Root CA")
        #expect(identity.serialNumber == "256")
        #expect(identity.clientCertPem.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(identity.notAfter.hasSuffix(" GMT"))
    }

    @Test func intermediatesTheClientSendsAreFollowed() throws {
        let root = try TestAuthority(name: "Root")
        let intermediate = try root.issueAuthority(name: "Intermediate")
        let leaf = try intermediate.issue(commonName: "client-2", serial: [0x02])
        let truststore = try TLSTruststore(pem: root.pem)
        #expect(throws: Never.self) { try truststore.verify([leaf.certificate, try intermediate.nio], now: Date()).get() }
        #expect(truststore.verify([leaf.certificate], now: Date()) == .failure(.issuerNotFound))
    }

    @Test func refusalsCarryAWSReasons() throws {
        let ca = try TestAuthority(name: "Trusted CA")
        let other = try TestAuthority(name: "Other CA")
        let truststore = try TLSTruststore(pem: ca.pem)
        let stranger = try other.issue(commonName: "stranger", serial: [0x03])
        #expect(truststore.verify([stranger.certificate], now: Date()) == .failure(.issuerNotFound))
        #expect(truststore.verify([try ca.nio], now: Date()) == .failure(.selfSigned))
        let leaf = try ca.issue(commonName: "client", serial: [0x04])
        #expect(truststore.verify([leaf.certificate], now: Date().addingTimeInterval(400 * 86_400)) == .failure(.expired))
        let server = try ca.issue(commonName: "server", serial: [0x05], usage: .serverAuth)
        #expect(truststore.verify([server.certificate], now: Date()) == .failure(.unsupportedPurpose))
        #expect(ClientCertificateRefusal.issuerNotFound.description == "Could not find issuer for certificate")
    }

    @Test func truststoreBundlesMustHoldACertificate() throws {
        #expect(throws: TLSTruststore.Invalid.self) { try TLSTruststore(pem: "not a certificate") }
        let ca = try TestAuthority(name: "CA")
        let bundle = ca.pem + "\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        let truststore = try TLSTruststore(pem: bundle)
        #expect(truststore.certificates.count == 1)
        #expect(truststore.warnings.count == 1)
    }

    @Test func serialNumbersAreDecimalAndDatesAreOpenSSLs() {
        #expect(TLSTruststore.decimal([0x01]) == "1")
        #expect(TLSTruststore.decimal([0x00, 0xFF, 0xFF]) == "65535")
        #expect(TLSTruststore.decimal([0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]) == "18446744073709551616")
        #expect(TLSTruststore.opensslTime(Date(timeIntervalSince1970: 1_598_660_901)) == "Aug 29 00:28:21 2020 GMT")
        #expect(TLSTruststore.opensslTime(Date(timeIntervalSince1970: 4_752_260_901)) == "Aug  5 00:28:21 2120 GMT")
    }

    // MARK: Configuration

    @Test func certificatesAreReadFromTheConfigurationFile() throws {
        var configuration = GatewayConfiguration()
        try configuration.apply(
            yaml: """
                certificates:
                  - domains: [API.example.com, "*.example.org"]
                    certificateChain: a.pem
                    privateKey: a.key
                certificateArns:
                  "arn:aws:acm:us-east-1:000000000000:certificate/x": {certificateChain: x.pem, privateKey: x.key}
                certificateReloadIntervalMs: 250
                selfSignedCertificates: true
                """, source: "test")
        #expect(configuration.certificates.entries.first?.domains == ["api.example.com", "*.example.org"])
        #expect(configuration.certificates.byArn["arn:aws:acm:us-east-1:000000000000:certificate/x"]?.certificateChain == "x.pem")
        #expect(configuration.certificates.reloadInterval == .milliseconds(250))
        #expect(configuration.certificates.selfSigned)
        #expect(configuration.servesTLS)
        #expect(throws: GatewayConfiguration.Error.self) {
            var bad = GatewayConfiguration()
            try bad.apply(yaml: "certificates: [{domains: [\"bad name\"], certificateChain: a, privateKey: b}]", source: "test")
        }
    }

    // MARK: Helpers

    static func serverCertificate(_ name: String) throws -> ServerCertificate {
        let generated = try SelfSignedCertificate.make(commonName: name, purpose: .serverAuthentication(dnsNames: [name]))
        return try ServerCertificate(certificatePem: generated.certificatePem, privateKeyPem: generated.privateKeyPem)
    }
}

/// A certificate authority for tests (P-256), issuing client certificates.
struct TestAuthority {
    let key: P256.Signing.PrivateKey
    let certificate: Certificate
    let name: DistinguishedName

    var pem: String { (try? certificate.serializeAsPEM().pemString) ?? "" }
    /// The authority's own certificate as a client would send it in a chain.
    var nio: NIOSSLCertificate {
        get throws { try NIOSSLCertificate(bytes: try certificate.serializeAsPEM().derBytes, format: .der) }
    }

    init(name commonName: String, issuer: TestAuthority? = nil) throws {
        key = P256.Signing.PrivateKey()
        name = try DistinguishedName {
            OrganizationName("Portcullis Tests")
            CommonName(commonName)
        }
        let now = Date()
        certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(3650 * 86_400),
            issuer: issuer?.name ?? name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(issuer?.key ?? key))
    }

    func issueAuthority(name: String) throws -> TestAuthority {
        try TestAuthority(name: name, issuer: self)
    }

    struct Issued {
        let certificate: NIOSSLCertificate
    }

    func issue(commonName: String, serial: [UInt8], usage: ExtendedKeyUsage.Usage = .clientAuth) throws -> Issued {
        let leafKey = P256.Signing.PrivateKey()
        let now = Date()
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(bytes: serial), publicKey: .init(leafKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(365 * 86_400), issuer: name,
            subject: try DistinguishedName {
                OrganizationName("Portcullis Tests")
                CommonName(commonName)
            }, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([usage])
            },
            issuerPrivateKey: .init(key))
        return Issued(certificate: try NIOSSLCertificate(bytes: try leaf.serializeAsPEM().derBytes, format: .der))
    }
}

