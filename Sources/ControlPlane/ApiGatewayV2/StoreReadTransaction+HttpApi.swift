import GatewayModel
import GatewayStore

/// Lookups of `apigatewayv2` resources that answer AWS's `NotFoundException` when the resource
/// is missing.
extension StoreReadTransaction {
    /// The record `id` under the API `apiId`, or `error` when there is none.
    func require<Value>(
        _ collection: StoreCollection<Value>, apiId: String, id: String, otherwise error: @autoclosure () -> ManagementError
    ) async throws -> Value {
        guard let entry = try await get(collection, parent: StoreParent(apiId), id: id) else { throw error() }
        return entry.value
    }

    func requireHttpApi(_ apiId: String, accountId: String) async throws -> ApiGatewayV2.Api {
        guard let entry = try await get(HttpApiCollections.apis, id: apiId) else { throw ManagementError.apiNotFound(accountId, apiId) }
        return entry.value
    }

    func requireRoute(_ routeId: String, apiId: String) async throws -> ApiGatewayV2.Route {
        try await require(HttpApiCollections.routes, apiId: apiId, id: routeId, otherwise: .identifierNotFound("Route", routeId))
    }

    func requireIntegration(_ integrationId: String, apiId: String) async throws -> ApiGatewayV2.Integration {
        try await require(HttpApiCollections.integrations, apiId: apiId, id: integrationId, otherwise: .identifierNotFound("Integration", integrationId))
    }

    func requireStage(_ stageName: String, apiId: String) async throws -> ApiGatewayV2.Stage {
        try await require(HttpApiCollections.stages, apiId: apiId, id: stageName, otherwise: .stageNotFound)
    }

    func requireDeployment(_ deploymentId: String, apiId: String) async throws -> StoredHttpDeployment {
        try await require(HttpApiCollections.deployments, apiId: apiId, id: deploymentId, otherwise: .identifierNotFound("Deployment", deploymentId))
    }

    func requireAuthorizer(_ authorizerId: String, apiId: String) async throws -> ApiGatewayV2.Authorizer {
        try await require(HttpApiCollections.authorizers, apiId: apiId, id: authorizerId, otherwise: .identifierNotFound("Authorizer", authorizerId))
    }

    func requireModel(_ modelId: String, apiId: String) async throws -> ApiGatewayV2.Model {
        try await require(HttpApiCollections.models, apiId: apiId, id: modelId, otherwise: .identifierNotFound("Model", modelId))
    }

    func requireDomainName(_ domainName: String) async throws -> ApiGatewayV2.DomainName {
        guard let entry = try await get(HttpApiCollections.domainNames, id: domainName) else {
            throw ManagementError.domainNameNotFound
        }
        return entry.value
    }

    /// A fresh id of `length` characters that no record of `collection` under `parent` has.
    func newIdentifier<Value>(_ collection: StoreCollection<Value>, parent: StoreParent = .root, length: Int) async throws -> String {
        while true {
            let id = ResourceIdentifier.random(length: length)
            if try await get(collection.key(parent: parent, id: id)) == nil { return id }
        }
    }
}
