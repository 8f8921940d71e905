import Foundation
import GatewayModel
import GatewayStore

/// Finding the records an operation names, with AWS's errors when they are missing.
extension ApiGatewayHandlers {
    static func requireApi(_ tx: any StoreReadTransaction, _ ctx: OperationContext, _ apiId: String) async throws -> RestApi {
        guard let entry = try await tx.get(DeployedCollections.restApis, id: apiId) else {
            throw ManagementError.invalidRestApi(apiId, account: ctx.configuration.accountId)
        }
        return entry.value
    }

    /// The resource, or `Invalid Resource identifier specified` (also when the API is missing, as AWS).
    static func requireResource(_ tx: any StoreReadTransaction, apiId: String, resourceId: String) async throws -> Resource {
        guard let entry = try await tx.get(DeployedCollections.restResources, parent: StoreParent(apiId), id: resourceId) else {
            throw ManagementError.invalidResource
        }
        return entry.value
    }

    /// The resource and its method `verb`.
    static func requireMethod(_ tx: any StoreReadTransaction, apiId: String, resourceId: String, verb: String) async throws -> (Resource, Method) {
        let resource = try await requireResource(tx, apiId: apiId, resourceId: resourceId)
        guard let method = resource.resourceMethods?[verb] else { throw ManagementError.invalidMethod }
        return (resource, method)
    }

    static func resources(_ tx: any StoreReadTransaction, apiId: String) async throws -> [Resource] {
        try await tx.listAll(DeployedCollections.restResources, parent: StoreParent(apiId)).map(\.value)
    }

    static func putResource(_ tx: any StoreWriteTransaction, apiId: String, _ resource: Resource) async throws {
        try await tx.put(DeployedCollections.restResources, parent: StoreParent(apiId), id: resource.id, resource)
    }

    /// Now, in whole seconds (what the `apigateway` wire format carries).
    static func now() -> Date {
        Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }

    /// The patch operations of an update request, checked.
    static func patchOperations(_ ctx: OperationContext) throws(ManagementError) -> [PatchOperation] {
        try PatchRequest.parse(try ctx.bodyJSON(), operationName: ctx.operation.name).operations
    }

    /// A boolean query parameter (`true`, case-insensitive).
    static func queryFlag(_ ctx: OperationContext, _ name: String) -> Bool {
        ctx.request.queryValue(name)?.lowercased() == "true"
    }

    /// Whether `code` is a status code AWS accepts (`[1-5]\d\d`).
    static func isValidStatusCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        return bytes.count == 3 && (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(bytes[0])
            && bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// A new id of AWS's shape: 10 characters for APIs, API keys and root resources, 6 for the rest.
    static func newId(length: Int = 6) -> String {
        ResourceIdentifier.random(length: length)
    }
}

extension ApiGatewayHandlers {
    /// Reads the method `verb` of a resource, lets `edit` change it (reading or checking other
    /// records through `tx` as it needs), and stores the resource back: the shape of every write
    /// below the method level (method and integration responses, integrations).
    static func editMethod<Result: Sendable>(
        _ tx: any StoreWriteTransaction, apiId: String, resourceId: String, verb: String,
        _ edit: (inout Method) async throws -> Result
    ) async throws -> Result {
        var (resource, method) = try await requireMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb)
        let result = try await edit(&method)
        resource.resourceMethods?[verb] = method
        try await putResource(tx, apiId: apiId, resource)
        return result
    }
}
