/// The client certificate a caller presented on a custom domain with mutual TLS:
/// `$context.identity.clientCert.*` (REST: Lambda proxy and authorizer events' `identity`,
/// mapping templates, access logs) and `requestContext.authentication.clientCert` (HTTP APIs).
///
/// The texts are AWS's formats, made once per connection by the TLS layer: distinguished names
/// `C=US,O=Example,CN=client` in the certificate's order, the serial number in decimal, and
/// validity dates as OpenSSL prints them (`Aug  5 00:28:21 2120 GMT`).
public struct ClientCertificateIdentity: Sendable, Hashable {
    public var clientCertPem: String
    public var subjectDN: String
    public var issuerDN: String
    public var serialNumber: String
    public var notBefore: String
    public var notAfter: String

    public init(clientCertPem: String, subjectDN: String, issuerDN: String, serialNumber: String, notBefore: String, notAfter: String) {
        self.clientCertPem = clientCertPem
        self.subjectDN = subjectDN
        self.issuerDN = issuerDN
        self.serialNumber = serialNumber
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// `$context.identity.clientCert.NAME` for `NAME` after the prefix.
    func value(named name: Substring) -> String? {
        switch name {
        case "clientCertPem": clientCertPem
        case "subjectDN": subjectDN
        case "issuerDN": issuerDN
        case "serialNumber": serialNumber
        case "validity.notBefore": notBefore
        case "validity.notAfter": notAfter
        default: nil
        }
    }
}
