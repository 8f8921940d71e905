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
        Self.id(in: settings).flatMap { byId[$0] }
    }

    /// The `clientCertificateId` of a stage record (REST: presented to HTTPS backends).
    static func id(in settings: StageSettings?) -> String? {
        switch settings {
        case .rest(let stage): stage.clientCertificateId.flatMap { $0.isEmpty ? nil : $0 }
        case .http, nil: nil
        }
    }
}
