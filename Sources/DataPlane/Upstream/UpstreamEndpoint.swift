/// Where an HTTP integration sends requests: scheme, host and port, resolved at compile time.
public struct UpstreamEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var useTLS: Bool
    public var host: String
    public var port: Int
    /// REST `tlsConfig.insecureSkipVerification`.
    public var skipCertificateVerification: Bool
    /// HTTP APIs' `tlsConfig.serverNameToVerify`, else `host`.
    public var serverName: String?

    public init(useTLS: Bool, host: String, port: Int, skipCertificateVerification: Bool = false, serverName: String? = nil) {
        self.useTLS = useTLS
        self.host = host
        self.port = port
        self.skipCertificateVerification = skipCertificateVerification
        self.serverName = serverName
    }

    /// The `Host` header value: the port is left out when it is the scheme's default.
    public var authority: String {
        let defaultPort = useTLS ? 443 : 80
        let hostText = host.contains(":") ? "[\(host)]" : host
        return port == defaultPort ? hostText : "\(hostText):\(port)"
    }

    public var description: String { (useTLS ? "https://" : "http://") + authority }
}
