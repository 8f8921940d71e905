import Foundation
import GatewayStore

/// One page of an `apigatewayv2` listing, as AWS answers it: `{"items": [...], "nextToken": ...}`
/// (`nextToken` only when there is more).
struct HttpApiPage<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var nextToken: String?
}

/// The `maxResults` and `nextToken` query parameters of an `apigatewayv2` listing.
///
/// The token is opaque to clients: it is the base64url encoding of the last id of the previous
/// page, so that a page never repeats or skips a record even when records are added meanwhile.
/// `maxResults` is a string on the wire (botocore sends it as a query string); AWS documents no
/// bound, Portcullis takes 1…500 and answers 100 records when it is absent.
struct HttpApiPageRequest: Sendable {
    static let defaultSize = 100
    static let maximumSize = 500

    var limit: Int
    var after: String?

    init(_ request: ManagementRequest) throws(ManagementError) {
        if let text = request.queryValue("maxResults") {
            guard let value = Int(text), (1...Self.maximumSize).contains(value) else {
                throw .badRequest("maxResults must be a number between 1 and \(Self.maximumSize)")
            }
            limit = value
        } else {
            limit = Self.defaultSize
        }
        if let token = request.queryValue("nextToken"), !token.isEmpty {
            guard let id = Self.decode(token) else { throw .badRequest("Invalid nextToken: \(token)") }
            after = id
        }
    }

    /// The page of `collection` under `parent`, with the values transformed by `transform`.
    func page<Value, Item: Encodable & Sendable>(
        _ collection: StoreCollection<Value>, parent: StoreParent = .root, in tx: any StoreReadTransaction,
        _ transform: (Value) -> Item
    ) async throws -> HttpApiPage<Item> {
        let page = try await tx.list(collection, parent: parent, after: after, limit: limit)
        return HttpApiPage(items: page.items.map { transform($0.value) }, nextToken: page.nextAfter.map(Self.encode))
    }

    static func encode(_ id: String) -> String {
        Data(id.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String) -> String? {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let id = String(data: data, encoding: .utf8), !id.isEmpty else { return nil }
        return id
    }
}
