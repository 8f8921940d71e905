import GatewayModel

/// The client certificates stages present to HTTPS backends, by `clientCertificateId`, with
/// their TLS contexts made here once (``UpstreamClientCertificate``). A certificate compiled for
/// the previous gateway is taken over unchanged, so a recompile neither rebuilds its contexts nor
/// opens new backend connections for it.
public struct CompiledClientCertificates: Sendable {
    let byId: [String: UpstreamClientCertificate]

    public static let empty = CompiledClientCertificates(byId: [:])

    init(byId: [String: UpstreamClientCertificate]) {
        self.byId = byId
    }

    static func compile(
        _ pairs: [ClientCertificateKeyPair], previous: CompiledClientCertificates?, diagnostics: inout [String]
    ) -> CompiledClientCertificates {
        var byId: [String: UpstreamClientCertificate] = [:]
        for pair in pairs {
            let id = pair.certificate.clientCertificateId
            guard let pem = pair.certificate.pemEncodedCertificate else { continue }
            if let old = previous?.byId[id], old.certificatePem == pem {
                byId[id] = old
                continue
            }
            do {
                byId[id] = try UpstreamClientCertificate(clientCertificateId: id, certificatePem: pem, privateKeyPem: pair.privateKeyPem)
            } catch {
                diagnostics.append("client certificate \(id): cannot be loaded (\(error)); HTTPS integrations of its stages present none")
            }
        }
        return CompiledClientCertificates(byId: byId)
    }

    /// The certificate a stage record names, if it exists.
    func certificate(for settings: StageSettings?) -> UpstreamClientCertificate? {
        let id: String?
        switch settings {
        case .rest(let stage): id = stage.clientCertificateId
        case .http(let stage): id = stage.clientCertificateId
        case nil: id = nil
        }
        return id.flatMap { byId[$0] }
    }
}
