public import Foundation

extension ApiGatewayV2 {
    /// A custom domain name as the `apigatewayv2` API shows it (`DomainName`): one domain serves
    /// HTTP, WebSocket and REST APIs through its API mappings.
    public struct DomainName: Codable, Sendable, Hashable {
        public var domainName: String
        /// `$request.basepath`.
        public var apiMappingSelectionExpression: String?
        public var domainNameArn: String?
        public var domainNameConfigurations: [DomainNameConfiguration]?
        public var mutualTlsAuthentication: MutualTlsAuthentication?
        /// `API_MAPPING_ONLY` (the default), `ROUTING_RULE_ONLY` or `ROUTING_RULE_THEN_API_MAPPING`.
        public var routingMode: String?
        public var tags: [String: String]?

        public init(domainName: String) {
            self.domainName = domainName
        }
    }

    /// One endpoint configuration of a custom domain (`apigatewayv2` `DomainNameConfiguration`).
    public struct DomainNameConfiguration: Codable, Sendable, Hashable {
        /// The target host for DNS (`d-xxxxxxxxxx.execute-api.{region}.amazonaws.com`).
        public var apiGatewayDomainName: String?
        public var certificateArn: String?
        public var certificateName: String?
        public var certificateUploadDate: Date?
        /// `AVAILABLE`, `UPDATING`, `PENDING_CERTIFICATE_REIMPORT` or `PENDING_OWNERSHIP_VERIFICATION`.
        public var domainNameStatus: String?
        public var domainNameStatusMessage: String?
        /// `REGIONAL` (the default) or `EDGE`.
        public var endpointType: String?
        public var hostedZoneId: String?
        /// `ipv4` (the default) or `dualstack`.
        public var ipAddressType: String?
        /// `TLS_1_0` or `TLS_1_2` (the default).
        public var securityPolicy: String?
        public var ownershipVerificationCertificateArn: String?

        public init(certificateArn: String? = nil, endpointType: String? = nil, securityPolicy: String? = nil) {
            self.certificateArn = certificateArn
            self.endpointType = endpointType
            self.securityPolicy = securityPolicy
        }
    }

    /// Mutual TLS settings of a custom domain (`apigatewayv2` `MutualTlsAuthentication`).
    public struct MutualTlsAuthentication: Codable, Sendable, Hashable {
        /// `s3://bucket/key` of the truststore.
        public var truststoreUri: String?
        public var truststoreVersion: String?
        public var truststoreWarnings: [String]?

        public init(truststoreUri: String? = nil, truststoreVersion: String? = nil) {
            self.truststoreUri = truststoreUri
            self.truststoreVersion = truststoreVersion
        }
    }
}
