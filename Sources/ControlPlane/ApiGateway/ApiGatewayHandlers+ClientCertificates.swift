import Foundation
import GatewayModel
import GatewayStore
import JSON

/// `GenerateClientCertificate`, `GetClientCertificate`, `GetClientCertificates`,
/// `UpdateClientCertificate`, `DeleteClientCertificate`.
///
/// As AWS does, the gateway makes the key pair itself (RSA 2048, valid 365 days:
/// ``SelfSignedCertificate``) and shows only the public certificate, which backends trust to
/// know a request comes from the gateway. The private key is stored with it in a secret
/// collection (encrypted at rest by persistent stores) and never leaves the store but for the
/// data plane, which presents the certificate on HTTPS integrations of stages whose
/// `clientCertificateId` names it.
extension ApiGatewayHandlers {
    struct GenerateClientCertificateInput: Decodable {
        var description: String?
        var tags: [String: String]?
    }

    static func registerClientCertificates(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "GenerateClientCertificate") { ctx in
            let input = try ctx.decodeBody(GenerateClientCertificateInput.self)
            let id = newId(length: 6)
            let created = now()
            let generated: SelfSignedCertificate.Generated
            do {
                generated = try SelfSignedCertificate.make(commonName: id, purpose: .clientAuthentication, notBefore: created)
            } catch {
                throw ManagementError(code: "InternalFailure", status: 500, message: "The client certificate could not be generated")
            }
            let certificate = ClientCertificate(
                clientCertificateId: id, description: input.description, pemEncodedCertificate: generated.certificatePem,
                createdDate: created, expirationDate: generated.notAfter, tags: input.tags?.isEmpty == false ? input.tags : nil)
            try await ctx.store.write { tx in
                try await tx.put(
                    RestApiCollections.clientCertificates, id: id,
                    ClientCertificateKeyPair(certificate: certificate, privateKeyPem: generated.privateKeyPem), condition: .ifAbsent)
            }
            return try ctx.respond(certificate)
        }

        registry.on(.apigateway, "GetClientCertificate") { ctx in
            let id = try ctx.path("clientcertificate_id")
            let stored = try await ctx.store.read { tx in try await requireClientCertificate(tx, id) }
            return try ctx.respond(stored.certificate)
        }

        registry.on(.apigateway, "GetClientCertificates") { ctx in
            let window = try ListWindow(ctx.request)
            let certificates = try await ctx.store.read { tx in
                try await tx.listAll(RestApiCollections.clientCertificates).map(\.value.certificate)
            }
            let page = window.page(certificates, key: \.clientCertificateId)
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "UpdateClientCertificate") { ctx in
            let id = try ctx.path("clientcertificate_id")
            let operations = try patchOperations(ctx)
            let certificate = try await ctx.store.write { tx in
                var stored = try await requireClientCertificate(tx, id)
                var patched = try PatchApplier.apply(operations, to: stored.certificate, schema: clientCertificatePatchSchema)
                // Only the description may change: the certificate itself is the gateway's.
                patched.clientCertificateId = id
                patched.pemEncodedCertificate = stored.certificate.pemEncodedCertificate
                patched.createdDate = stored.certificate.createdDate
                patched.expirationDate = stored.certificate.expirationDate
                stored.certificate = patched
                try await tx.put(RestApiCollections.clientCertificates, id: id, stored)
                return patched
            }
            return try ctx.respond(certificate)
        }

        registry.on(.apigateway, "DeleteClientCertificate") { ctx in
            let id = try ctx.path("clientcertificate_id")
            try await ctx.store.write { tx in
                _ = try await requireClientCertificate(tx, id)
                try await tx.delete(RestApiCollections.clientCertificates, id: id)
            }
            return ctx.respondEmpty()
        }
    }

    static let clientCertificatePatchSchema = PatchSchema([
        .init("/description", [.replace], .string)
    ])

    static func requireClientCertificate(_ tx: any StoreReadTransaction, _ id: String) async throws -> ClientCertificateKeyPair {
        guard let stored = try await tx.get(RestApiCollections.clientCertificates, id: id) else {
            throw ManagementError.notFound("Invalid Client Certificate identifier specified")
        }
        return stored.value
    }
}
