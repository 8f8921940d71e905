import ControlPlane
import Foundation
import GatewayModel
import GatewayStore
import JSON
import Testing

/// `GenerateClientCertificate` … `DeleteClientCertificate`: AWS's shapes, the private key kept in
/// the store (a secret collection) and never in an answer.
@Suite struct ApiGatewayClientCertificateTests {
    @Test func generateGetListUpdateDelete() async throws {
        let client = ApiGatewayTestClient()
        let generated = await client.call(
            "POST", "/clientcertificates", body: ["description": "backend", "tags": ["team": "edge"]])
        #expect(generated.status == 201, "\(generated.text)")
        let id = try #require(generated["clientCertificateId"]?.stringValue)
        let pem = try #require(generated["pemEncodedCertificate"]?.stringValue)
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(generated["description"]?.stringValue == "backend")
        #expect(generated["createdDate"] != nil && generated["expirationDate"] != nil)
        // 365 days (the timestamps are epoch seconds on the wire).
        let created = try #require(generated["createdDate"]?.numberValue)
        let expires = try #require(generated["expirationDate"]?.numberValue)
        #expect(abs((expires - created) - 365 * 86_400) < 120)
        #expect(!generated.text.contains("PRIVATE KEY"))

        let stored = try #require(try await client.store.read { tx in try await tx.get(RestApiCollections.clientCertificates, id: id) })
        #expect(stored.value.privateKeyPem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(RestApiCollections.clientCertificates.isSecret)
        #expect(!"\(stored.value)".contains("PRIVATE KEY"))

        let got = await client.call("GET", "/clientcertificates/\(id)")
        #expect(got.status == 200 && got["pemEncodedCertificate"]?.stringValue == pem)
        let listed = await client.call("GET", "/clientcertificates")
        #expect(listed["item"]?.arrayValue?.compactMap { $0["clientCertificateId"]?.stringValue } == [id])
        #expect(!listed.text.contains("PRIVATE KEY"))

        let updated = await client.call(
            "PATCH", "/clientcertificates/\(id)", body: ApiGatewayTestClient.patch([("replace", "/description", "rotated")]))
        #expect(updated.status == 200 && updated["description"]?.stringValue == "rotated")
        #expect(updated["pemEncodedCertificate"]?.stringValue == pem)
        let refused = await client.call(
            "PATCH", "/clientcertificates/\(id)", body: ApiGatewayTestClient.patch([("replace", "/pemEncodedCertificate", "x")]))
        #expect(refused.status == 400)

        #expect(await client.call("DELETE", "/clientcertificates/\(id)").status == 202)
        let missing = await client.call("GET", "/clientcertificates/\(id)")
        #expect(missing.status == 404 && missing.errorType == "NotFoundException")
    }
}
