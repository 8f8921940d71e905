import GatewayModel
import JSON
import Testing

@testable import DataPlane

/// The endpoint phase's TLS checks (SNI domain against `Host`, mutual TLS) and where a verified
/// client certificate shows: `$context.identity.clientCert.*` and the Lambda events.
@Suite struct ConnectionDomainCheckTests {
    static let certificate = ClientCertificateIdentity(
        clientCertPem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", subjectDN: "O=Example,CN=client",
        issuerDN: "O=Example,CN=CA", serialNumber: "4660", notBefore: "Dec  7 07:00:00 2026 GMT", notAfter: "Jan  6 07:00:00 2027 GMT")

    static var mutualTLS: MutualTLSDomains {
        var domains = DomainSnapshot()
        var strict = DomainName(domainName: "Strict.example.com")
        strict.mutualTlsAuthentication = MutualTlsAuthentication(truststoreUri: "s3://bucket/ca.pem")
        var empty = DomainName(domainName: "open.example.com")
        empty.mutualTlsAuthentication = MutualTlsAuthentication(truststoreUri: "")
        domains.restDomainNames = [strict, empty]
        var http = ApiGatewayV2.DomainName(domainName: "h.example.com")
        http.mutualTlsAuthentication = ApiGatewayV2.MutualTlsAuthentication(truststoreUri: "file:///etc/ca.pem")
        domains.httpDomainNames = [http]
        return MutualTLSDomains(domains)
    }

    @Test func mutualTLSDomainsComeFromBothFamilies() {
        let domains = Self.mutualTLS
        #expect(domains.requires("strict.example.com"))
        #expect(domains.requires("h.example.com"))
        #expect(!domains.requires("open.example.com"))
    }

    @Test func aConnectionServesTheDomainItsSNINamed() throws {
        let session = TLSSession()
        session.negotiated(domain: "a.example.com", mutualTLS: false)
        #expect(try ConnectionDomainCheck.check(customDomain: "a.example.com", session: session, mutualTLS: .none).get() == nil)
        guard case .failure(let error) = ConnectionDomainCheck.check(customDomain: "b.example.com", session: session, mutualTLS: .none) else {
            Issue.record("a request for another domain passed")
            return
        }
        #expect(error.status.code == 421 && error.message == "Misdirected Request")
        // An execute-api host or the short address through a custom domain's connection: the same.
        #expect((try? ConnectionDomainCheck.check(customDomain: nil, session: session, mutualTLS: .none).get()) == nil)
        // Without SNI (or plain HTTP), any name that needs no client certificate.
        #expect(try ConnectionDomainCheck.check(customDomain: "b.example.com", session: TLSSession(), mutualTLS: .none).get() == nil)
        #expect(try ConnectionDomainCheck.check(customDomain: "b.example.com", session: nil, mutualTLS: .none).get() == nil)
    }

    @Test func mutualTLSNeedsAVerifiedCertificateForTheDomain() throws {
        let domains = Self.mutualTLS
        func refusal(_ session: TLSSession?) -> GatewayError? {
            if case .failure(let error) = ConnectionDomainCheck.check(customDomain: "strict.example.com", session: session, mutualTLS: domains) {
                return error
            }
            return nil
        }
        // Plain HTTP, or a TLS connection for another name: AWS's 403 Forbidden.
        #expect(refusal(nil)?.status.code == 403)
        #expect(refusal(nil)?.message == "Forbidden")
        #expect(refusal(TLSSession())?.cause?.contains("no client certificate presented") == true)
        let refused = TLSSession()
        refused.negotiated(domain: "strict.example.com", mutualTLS: true)
        refused.refused(reason: "Could not find issuer for certificate")
        #expect(refusal(refused)?.cause?.contains("Could not find issuer for certificate") == true)
        #expect(refusal(refused)?.errorType == "ForbiddenException")

        let accepted = TLSSession()
        accepted.negotiated(domain: "strict.example.com", mutualTLS: true)
        accepted.accepted(Self.certificate)
        #expect(try ConnectionDomainCheck.check(customDomain: "strict.example.com", session: accepted, mutualTLS: domains).get() == Self.certificate)
    }

    @Test func theCertificateReachesContextAndEvents() throws {
        var context = RequestContext()
        context.clientCert = Self.certificate
        #expect(context.value(named: "identity.clientCert.subjectDN") == "O=Example,CN=client")
        #expect(context.value(named: "identity.clientCert.serialNumber") == "4660")
        #expect(context.value(named: "identity.clientCert.validity.notAfter") == "Jan  6 07:00:00 2027 GMT")
        #expect(context.value(named: "identity.clientCert.unknown") == nil)

        let rest = LambdaProxyEventTests.exchange(kind: .rest, uri: "/testStage/x", stagePath: "/x", headers: [], body: nil) {
            $0.clientCert = Self.certificate
        }
        let identity = try #require(LambdaEvents.restRequest(rest)["requestContext"]?["identity"])
        let expected: JSONValue = [
            "clientCertPem": .string(Self.certificate.clientCertPem), "subjectDN": "O=Example,CN=client", "issuerDN": "O=Example,CN=CA",
            "serialNumber": "4660", "validity": ["notBefore": "Dec  7 07:00:00 2026 GMT", "notAfter": "Jan  6 07:00:00 2027 GMT"],
        ]
        #expect(identity["clientCert"] == expected)

        let http = LambdaProxyEventTests.exchange(kind: .http, uri: "/x", stagePath: "/x", headers: [], body: nil) {
            $0.clientCert = Self.certificate
        }
        #expect(LambdaEvents.httpV2Request(http)["requestContext"]?["authentication"]?["clientCert"] == expected)
        // No certificate: no field (AWS adds it only with mutual TLS).
        let plain = LambdaProxyEventTests.exchange(kind: .rest, uri: "/testStage/x", stagePath: "/x", headers: [], body: nil) { _ in }
        #expect(LambdaEvents.restRequest(plain)["requestContext"]?["identity"]?["clientCert"] == nil)
    }
}
