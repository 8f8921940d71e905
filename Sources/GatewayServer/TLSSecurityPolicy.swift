public import NIOSSL

/// A custom domain's `securityPolicy`, as the listener applies it: the lowest TLS version it
/// accepts and the TLS 1.2-and-older cipher suites it offers (AWS's lists, developer guide
/// "Choose a security policy for your custom domain").
///
/// What BoringSSL cannot express is left to it: TLS 1.3 always offers BoringSSL's three suites
/// (AWS's FIPS policies drop ChaCha20), and the key exchange groups are BoringSSL's defaults (the
/// `_PQ_` policies' post-quantum hybrid is offered when the client asks for it). Names of the
/// lists BoringSSL does not implement (SHA-2 CBC suites) are skipped by it.
public struct TLSSecurityPolicy: Sendable, Equatable {
    public let name: String
    public let minimumTLSVersion: TLSVersion
    /// OpenSSL cipher-list syntax, TLS 1.2 and older.
    public let cipherSuites: String

    /// AWS's default for new domain names.
    public static let `default` = TLSSecurityPolicy.named("TLS_1_2")!  // safe: a name of the table below

    /// The policy named `name` (the `SecurityPolicy` enum of the management API), nil for another name.
    public static func named(_ name: String) -> TLSSecurityPolicy? {
        guard let (version, ciphers) = table[name] else { return nil }
        return TLSSecurityPolicy(name: name, minimumTLSVersion: version, cipherSuites: ciphers.joined(separator: ":"))
    }

    /// Every name the management API accepts.
    public static var names: [String] { table.keys.sorted() }

    /// `TLS_1_0`: TLS 1.0 and up, with CBC and RSA key exchange suites for old clients.
    static let legacy = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA", "ECDHE-ECDSA-AES256-SHA",
        "AES128-GCM-SHA256", "AES128-SHA256", "AES128-SHA", "AES256-GCM-SHA384", "AES256-SHA256", "AES256-SHA",
    ]
    /// `TLS_1_2` and `SecurityPolicy_TLS13_1_2_2021_06`: TLS 1.2 and up, no SHA-1 suites.
    static let modern = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384",
        "AES128-GCM-SHA256", "AES128-SHA256", "AES256-GCM-SHA384", "AES256-SHA256",
    ]
    /// The 2025 policies with TLS 1.2: forward secrecy and AEAD only.
    static let forwardSecret = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ]
    /// FIPS: forward-secret AES-GCM only.
    static let fips = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
    ]

    private static let table: [String: (TLSVersion, [String])] = [
        "TLS_1_0": (.tlsv1, legacy),
        "TLS_1_2": (.tlsv12, modern),
        "SecurityPolicy_TLS13_1_2_2021_06": (.tlsv12, modern),
        "SecurityPolicy_TLS13_1_2_PQ_2025_09": (.tlsv12, forwardSecret),
        "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09": (.tlsv12, forwardSecret),
        "SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09": (.tlsv12, fips),
        "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09": (.tlsv12, fips),
        "SecurityPolicy_TLS13_1_3_2025_09": (.tlsv13, forwardSecret),
        "SecurityPolicy_TLS13_1_3_FIPS_2025_09": (.tlsv13, fips),
        "SecurityPolicy_TLS13_2025_EDGE": (.tlsv13, forwardSecret),
        "SecurityPolicy_TLS12_PFS_2025_EDGE": (.tlsv12, forwardSecret),
        "SecurityPolicy_TLS12_2018_EDGE": (.tlsv12, modern),
    ]

    /// Applies the policy to a server configuration.
    func apply(to configuration: inout TLSConfiguration) {
        configuration.minimumTLSVersion = minimumTLSVersion
        configuration.cipherSuites = cipherSuites
    }
}
