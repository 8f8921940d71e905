public import GatewayModel

/// The custom domain names that require mutual TLS (`mutualTlsAuthentication.truststoreUri`
/// set, in either API family), lowercased: a request for one of them is served only on a
/// connection whose handshake verified a client certificate for that domain.
///
/// Kept from the stored domains themselves, whatever the listener does: on a plain HTTP listener,
/// or on a TLS connection negotiated for another name, such a domain answers 403 — a guard that
/// cannot be enforced refuses, it never lets the request through.
public struct MutualTLSDomains: Sendable {
    let names: Set<String>

    public static let none = MutualTLSDomains(names: [])

    init(names: Set<String>) {
        self.names = names
    }

    public init(_ domains: DomainSnapshot) {
        var names: Set<String> = []
        for domain in domains.restDomainNames where !(domain.mutualTlsAuthentication?.truststoreUri ?? "").isEmpty {
            names.insert(domain.domainName.lowercased())
        }
        for domain in domains.httpDomainNames where !(domain.mutualTlsAuthentication?.truststoreUri ?? "").isEmpty {
            names.insert(domain.domainName.lowercased())
        }
        self.names = names
    }

    public func requires(_ domain: String) -> Bool { names.contains(domain) }
}
