public import Foundation

/// A custom domain name for REST APIs (`apigateway` `DomainName`).
public struct DomainName: Codable, Sendable, Hashable {
    public var domainName: String
    public var domainNameId: String?
    public var domainNameArn: String?
    public var certificateName: String?
    public var certificateArn: String?
    public var certificateUploadDate: Date?
    public var regionalDomainName: String?
    public var regionalHostedZoneId: String?
    public var regionalCertificateName: String?
    public var regionalCertificateArn: String?
    public var distributionDomainName: String?
    public var distributionHostedZoneId: String?
    public var endpointConfiguration: EndpointConfiguration?
    /// `AVAILABLE`, `UPDATING`, `PENDING`, …
    public var domainNameStatus: String?
    public var domainNameStatusMessage: String?
    /// `TLS_1_0` or `TLS_1_2`.
    public var securityPolicy: String?
    public var tags: [String: String]?
    public var mutualTlsAuthentication: MutualTlsAuthentication?
    public var ownershipVerificationCertificateArn: String?
    public var policy: String?
    /// `API_MAPPING_ONLY` (the default), `ROUTING_RULE_ONLY` or `ROUTING_RULE_THEN_API_MAPPING`:
    /// whether requests are routed by base path mappings, by routing rules, or by rules first.
    public var routingMode: String?

    public init(domainName: String) {
        self.domainName = domainName
    }
}

/// Mutual TLS settings of a custom domain (`apigateway` `MutualTlsAuthentication`).
public struct MutualTlsAuthentication: Codable, Sendable, Hashable {
    public var truststoreUri: String?
    public var truststoreVersion: String?
    public var truststoreWarnings: [String]?

    public init(truststoreUri: String? = nil, truststoreVersion: String? = nil, truststoreWarnings: [String]? = nil) {
        self.truststoreUri = truststoreUri
        self.truststoreVersion = truststoreVersion
        self.truststoreWarnings = truststoreWarnings
    }
}
