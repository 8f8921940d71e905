import NIOSSL

/// Builds a ``TLSContextTable`` from loaded certificates, the stored domain names and their
/// truststores: the pure part of a reload (no I/O), so that it can be tested as it is.
///
/// A domain's certificate is, in order: the file pair of one of its certificate ARNs
/// (`certificateArns:`), a `certificates:` entry one of whose names covers it, the default
/// certificate if its names cover it, a self-signed one (development flag only). A domain none
/// of these covers is reported in ``Built/uncovered`` and served nothing of its own.
struct TLSContextTableBuilder {
    var defaultCertificate: ServerCertificate?
    var entries: [(names: [String], certificate: ServerCertificate)] = []
    var byArn: [String: ServerCertificate] = [:]
    var domains: [DomainTLSSettings] = []
    /// By domain name: the truststore, or why there is none.
    var truststores: [String: Result<TLSTruststore, TruststoreLoadError>] = [:]
    /// By domain name: stand-ins for domains no file covers (development flag).
    var selfSigned: [String: ServerCertificate] = [:]

    struct Built {
        let table: TLSContextTable
        /// Custom domains no certificate covers.
        let uncovered: [String]
        /// Things to log (unknown policies, unusable truststores).
        let problems: [String]
    }

    func build() throws -> Built {
        var uncovered: [String] = []
        var problems: [String] = []
        var domainChoices: [String: TLSContextTable.Choice] = [:]
        let defaultNames = defaultCertificate?.dnsNames ?? []
        for domain in domains {
            guard let certificate = certificate(for: domain, defaultNames: defaultNames) else {
                uncovered.append(domain.name)
                continue
            }
            var policy = TLSSecurityPolicy.default
            if let name = domain.securityPolicy {
                if let named = TLSSecurityPolicy.named(name) {
                    policy = named
                } else {
                    problems.append("domain \(domain.name): unknown security policy \(name); serving TLS_1_2")
                }
            }
            var truststore: TLSTruststore?
            var truststoreProblem: String?
            if domain.truststoreUri != nil {
                switch truststores[domain.name] {
                case .success(let loaded)?:
                    truststore = loaded
                    for warning in loaded.warnings { problems.append("domain \(domain.name) truststore: \(warning)") }
                case .failure(let error)?:
                    truststoreProblem = "truststore unavailable (\(error))"
                    problems.append("domain \(domain.name): \(error); mutual TLS refuses every client until it loads")
                case nil:
                    truststoreProblem = "truststore not loaded"
                }
            }
            domainChoices[domain.name] = TLSContextTable.Choice(
                domain: domain.name,
                context: try Self.context(certificate, policy: policy, requestsClientCertificate: truststore != nil),
                mutualTLS: domain.truststoreUri != nil, truststore: truststore, truststoreProblem: truststoreProblem)
        }
        var certificateNames: [String: TLSContextTable.Choice] = [:]
        for entry in entries {
            let context = try Self.context(entry.certificate, policy: .default, requestsClientCertificate: false)
            for name in entry.names where certificateNames[name] == nil {
                certificateNames[name] = TLSContextTable.Choice(
                    domain: nil, context: context, mutualTLS: false, truststore: nil, truststoreProblem: nil)
            }
        }
        let fallback = try defaultCertificate.map { certificate in
            TLSContextTable.Choice(
                domain: nil, context: try Self.context(certificate, policy: nil, requestsClientCertificate: false), mutualTLS: false,
                truststore: nil, truststoreProblem: nil)
        }
        return Built(
            table: TLSContextTable(domains: domainChoices, certificateNames: certificateNames, fallback: fallback), uncovered: uncovered,
            problems: problems)
    }

    /// The certificate serving `domain`, by the order in the type's description.
    func certificate(for domain: DomainTLSSettings, defaultNames: [String]) -> ServerCertificate? {
        for arn in domain.certificateArns {
            if let found = byArn[arn] { return found }
        }
        if let entry = entries.first(where: { $0.names.contains { ServerCertificate.covers($0, domain.name) } }) {
            return entry.certificate
        }
        if let defaultCertificate, defaultNames.contains(where: { ServerCertificate.covers($0, domain.name) }) {
            return defaultCertificate
        }
        return selfSigned[domain.name]
    }

    /// A server context: HTTP/2 and HTTP/1.1 by ALPN; `policy` nil keeps the listener's defaults
    /// (the default certificate, as before custom domains had their own). With a truststore the
    /// server asks for a client certificate but the handshake never fails over it: the check is
    /// the listener's verification callback, and a refused or missing certificate is answered
    /// 403 by the endpoint phase, as AWS answers.
    static func context(_ certificate: ServerCertificate, policy: TLSSecurityPolicy?, requestsClientCertificate: Bool) throws
        -> NIOSSLContext
    {
        var configuration = certificate.makeServerConfiguration()
        policy?.apply(to: &configuration)
        configuration.applicationProtocols = ["h2", "http/1.1"]
        if requestsClientCertificate { configuration.certificateVerification = .optionalVerification }
        return try NIOSSLContext(configuration: configuration)
    }
}
