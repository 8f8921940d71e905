public import GatewayModel

/// What the TLS listener needs of one custom domain name record, from either API family: the
/// certificate ARNs it names, its security policy and its mutual TLS truststore.
public struct DomainTLSSettings: Sendable, Hashable {
    /// Lowercased; `*.example.com` for a wildcard domain.
    public var name: String
    /// `regionalCertificateArn` first, then `certificateArn` (REST); the endpoint
    /// configurations' `certificateArn`s (HTTP APIs).
    public var certificateArns: [String]
    public var securityPolicy: String?
    public var truststoreUri: String?
    public var truststoreVersion: String?

    public init(
        name: String, certificateArns: [String] = [], securityPolicy: String? = nil, truststoreUri: String? = nil,
        truststoreVersion: String? = nil
    ) {
        self.name = name.lowercased()
        self.certificateArns = certificateArns
        self.securityPolicy = securityPolicy
        self.truststoreUri = truststoreUri?.isEmpty == true ? nil : truststoreUri
        self.truststoreVersion = truststoreVersion?.isEmpty == true ? nil : truststoreVersion
    }

    /// Every stored domain name, REST and HTTP API records of one name merged (the REST one first).
    public static func all(_ domains: DomainSnapshot) -> [DomainTLSSettings] {
        var byName: [String: DomainTLSSettings] = [:]
        var order: [String] = []
        func add(_ settings: DomainTLSSettings) {
            if byName[settings.name] == nil {
                order.append(settings.name)
                byName[settings.name] = settings
            }
        }
        for domain in domains.restDomainNames {
            add(
                DomainTLSSettings(
                    name: domain.domainName, certificateArns: [domain.regionalCertificateArn, domain.certificateArn].compactMap { $0 },
                    securityPolicy: domain.securityPolicy, truststoreUri: domain.mutualTlsAuthentication?.truststoreUri,
                    truststoreVersion: domain.mutualTlsAuthentication?.truststoreVersion))
        }
        for domain in domains.httpDomainNames {
            let configurations = domain.domainNameConfigurations ?? []
            add(
                DomainTLSSettings(
                    name: domain.domainName, certificateArns: configurations.compactMap(\.certificateArn),
                    securityPolicy: configurations.first?.securityPolicy, truststoreUri: domain.mutualTlsAuthentication?.truststoreUri,
                    truststoreVersion: domain.mutualTlsAuthentication?.truststoreVersion))
        }
        return order.compactMap { byName[$0] }
    }
}
