public import NIOSSL
import SwiftASN1
import X509

extension GatewayConfiguration.TLS {
    /// A server TLS configuration from the PEM files: the certificate chain (leaf first) and its
    /// private key. A file that cannot be read or parsed is a configuration error naming it.
    public func makeServerConfiguration(source: String) throws(GatewayConfiguration.Error) -> TLSConfiguration {
        try load(source: source).makeServerConfiguration()
    }

    /// The certificate chain and key of the files.
    public func load(source: String) throws(GatewayConfiguration.Error) -> ServerCertificate {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateChain)
        } catch {
            throw GatewayConfiguration.Error("\(source): cannot load the certificate chain '\(certificateChain)' (\(error))")
        }
        guard !chain.isEmpty else {
            throw GatewayConfiguration.Error("\(source): '\(certificateChain)' holds no PEM certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: privateKey, format: .pem)
        } catch {
            throw GatewayConfiguration.Error("\(source): cannot load the private key '\(privateKey)' (\(error))")
        }
        return ServerCertificate(chain: chain, key: key)
    }
}

/// A server certificate chain (leaf first) and its private key, loaded.
public struct ServerCertificate: Sendable {
    public let chain: [NIOSSLCertificate]
    public let key: NIOSSLPrivateKey

    public init(chain: [NIOSSLCertificate], key: NIOSSLPrivateKey) {
        self.chain = chain
        self.key = key
    }

    /// From PEM texts (a generated certificate).
    public init(certificatePem: String, privateKeyPem: String) throws {
        chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePem.utf8))
        key = try NIOSSLPrivateKey(bytes: Array(privateKeyPem.utf8), format: .pem)
    }

    public func makeServerConfiguration() -> TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }

    /// The DNS names the leaf certifies (subject alternative names, else the common name),
    /// lowercased: which custom domains the default certificate covers.
    public var dnsNames: [String] {
        guard let der = try? chain.first?.toDERBytes(), let leaf = try? Certificate(derEncoded: der) else { return [] }
        var names: [String] = []
        if let alternatives = try? leaf.extensions.subjectAlternativeNames {
            for case .dnsName(let name) in alternatives { names.append(name.lowercased()) }
        }
        if names.isEmpty {
            for rdn in leaf.subject {
                for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                    names.append(String(describing: attribute.value).lowercased())
                }
            }
        }
        return names
    }

    /// Whether a certificate for `pattern` (a name or `*.` wildcard) covers the domain `name`.
    static func covers(_ pattern: String, _ name: String) -> Bool {
        if pattern == name { return true }
        guard pattern.hasPrefix("*."), !name.hasPrefix("*."), let dot = name.firstIndex(of: ".") else { return false }
        return name[dot...] == pattern.dropFirst()
    }
}
