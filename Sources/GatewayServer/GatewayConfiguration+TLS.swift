public import NIOSSL

extension GatewayConfiguration.TLS {
    /// A server TLS configuration from the PEM files: the certificate chain (leaf first) and its
    /// private key. A file that cannot be read or parsed is a configuration error naming it.
    public func makeServerConfiguration(source: String) throws(GatewayConfiguration.Error) -> TLSConfiguration {
        let chain: [NIOSSLCertificateSource]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateChain).map { .certificate($0) }
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
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
    }
}
