/// The server certificates of the data-plane listener beside its default `tls:` one: custom
/// domains get theirs by name (SNI) or by the `certificateArn` / `regionalCertificateArn` their
/// domain name record carries.
///
/// ```yaml
/// certificates:                      # by name: exact names and one-label wildcards
///   - domains: [api.example.com, "*.example.org"]
///     certificateChain: api.pem      # PEM, leaf first
///     privateKey: api.key
/// certificateArns:                   # by the domain record's (regional)certificateArn
///   "arn:aws:acm:us-east-1:123456789012:certificate/abc": {certificateChain: abc.pem, privateKey: abc.key}
/// certificateReloadIntervalMs: 5000  # how often the files' modification times are checked
/// selfSignedCertificates: false      # development only: a domain without a certificate gets a self-signed one
/// ```
/// Files are read at start and again whenever one changes; a served custom domain that none of
/// them covers stops the start with an error naming it (unless `selfSignedCertificates`).
public struct TLSCertificateSettings: Sendable, Equatable {
    /// One certificate chain and key, and the names it serves.
    public struct Entry: Sendable, Equatable {
        /// Lowercased; `*.example.com` covers one label below `example.com`.
        public var domains: [String]
        public var files: GatewayConfiguration.TLS

        public init(domains: [String], files: GatewayConfiguration.TLS) {
            self.domains = domains.map { $0.lowercased() }
            self.files = files
        }
    }

    public var entries: [Entry] = []
    /// By ACM certificate ARN, as a domain name record names it.
    public var byArn: [String: GatewayConfiguration.TLS] = [:]
    /// How often the files are checked for changes. Default 5 s.
    public var reloadInterval: Duration = .seconds(5)
    /// Development only: serve a self-signed certificate (made at start, in memory) for a custom
    /// domain no file covers, instead of refusing to start. Default false.
    public var selfSigned = false

    public init() {}

    /// Whether anything beyond the default certificate is configured.
    public var isEmpty: Bool { entries.isEmpty && byArn.isEmpty && !selfSigned }

    /// Every file the settings name, the default certificate's included: what the reload watches.
    func files(default tls: GatewayConfiguration.TLS?) -> [String] {
        var files: [String] = []
        if let tls { files += [tls.certificateChain, tls.privateKey] }
        for entry in entries { files += [entry.files.certificateChain, entry.files.privateKey] }
        for arn in byArn.keys.sorted() { if let pair = byArn[arn] { files += [pair.certificateChain, pair.privateKey] } }
        return files
    }

    /// `certificates:` of the configuration file.
    static func entries(_ value: Any, source: String) throws(GatewayConfiguration.Error) -> [Entry] {
        guard let list = value as? [Any] else { throw GatewayConfiguration.Error("\(source) must be a list") }
        var entries: [Entry] = []
        for (index, item) in list.enumerated() {
            let where_ = "\(source)[\(index)]"
            guard let map = item as? [String: Any], Set(map.keys) == ["domains", "certificateChain", "privateKey"] else {
                throw GatewayConfiguration.Error("\(where_) needs exactly domains, certificateChain and privateKey")
            }
            guard let domains = map["domains"] as? [Any], !domains.isEmpty else {
                throw GatewayConfiguration.Error("\(where_).domains must be a non-empty list of names")
            }
            let names = try domains.map { name throws(GatewayConfiguration.Error) in try Self.domainPattern("\(name)", source: "\(where_).domains") }
            let files = try GatewayConfiguration.tls(["certificateChain": map["certificateChain"] as Any, "privateKey": map["privateKey"] as Any], source: where_)
            entries.append(Entry(domains: names, files: files))
        }
        return entries
    }

    /// `certificateArns:` of the configuration file.
    static func arns(_ value: Any, source: String) throws(GatewayConfiguration.Error) -> [String: GatewayConfiguration.TLS] {
        guard let map = value as? [String: Any] else { throw GatewayConfiguration.Error("\(source) must be a mapping of ARN to files") }
        var byArn: [String: GatewayConfiguration.TLS] = [:]
        for (arn, files) in map {
            guard arn.hasPrefix("arn:") else { throw GatewayConfiguration.Error("\(source): '\(arn)' is not an ARN") }
            byArn[arn] = try GatewayConfiguration.tls(files, source: "\(source).\(arn)")
        }
        return byArn
    }

    /// A DNS name or a one-label wildcard (`*.example.com`), lowercased.
    static func domainPattern(_ text: String, source: String) throws(GatewayConfiguration.Error) -> String {
        let name = text.lowercased()
        let body = name.hasPrefix("*.") ? name.dropFirst(2) : name[...]
        let labels = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, body.utf8.count <= 253,
            labels.allSatisfy({ label in
                !label.isEmpty && label.utf8.count <= 63 && label.utf8.allSatisfy { $0 == UInt8(ascii: "-") || ($0 < 0x80 && Character(Unicode.Scalar($0)).isLetter) || ($0 >= 0x30 && $0 <= 0x39) }
            })
        else {
            throw GatewayConfiguration.Error("\(source): '\(text)' is not a domain name or *.wildcard")
        }
        return name
    }
}
