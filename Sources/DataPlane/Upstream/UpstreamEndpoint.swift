/// Where an HTTP integration sends requests: scheme, host and port, resolved at compile time.
public struct UpstreamEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let useTLS: Bool
    public let host: String
    public let port: Int
    /// REST `tlsConfig.insecureSkipVerification`.
    public let skipCertificateVerification: Bool
    /// HTTP APIs' `tlsConfig.serverNameToVerify`, else `host`.
    public let serverName: String?
    /// The certificate to present to the backend (a REST stage's `clientCertificateId`).
    public let clientCertificate: UpstreamClientCertificate?
    /// The `Host` header value: the port is left out when it is the scheme's default. Computed
    /// once, since every request sends it.
    public let authority: String

    public init(
        useTLS: Bool, host: String, port: Int, skipCertificateVerification: Bool = false, serverName: String? = nil,
        clientCertificate: UpstreamClientCertificate? = nil
    ) {
        self.clientCertificate = useTLS ? clientCertificate : nil
        self.useTLS = useTLS
        self.host = host
        self.port = port
        self.skipCertificateVerification = skipCertificateVerification
        self.serverName = serverName
        let hostText = host.contains(":") ? "[\(host)]" : host
        self.authority = port == (useTLS ? 443 : 80) ? hostText : "\(hostText):\(port)"
    }

    public var description: String { (useTLS ? "https://" : "http://") + authority }
}
