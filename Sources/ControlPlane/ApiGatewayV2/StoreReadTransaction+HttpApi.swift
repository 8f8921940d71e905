import GatewayModel
import GatewayStore

/// Lookups of `apigatewayv2` resources that answer AWS's `NotFoundException` when the resource
/// is missing.
extension StoreReadTransaction {
    func requireHttpApi(_ apiId: String, accountId: String) async throws -> ApiGatewayV2.Api {
        guard let entry = try await get(HttpApiCollections.apis, id: apiId) else { throw ManagementError.apiNotFound(accountId, apiId) }
        return entry.value
    }

    func requireRoute(_ routeId: String, apiId: String) async throws -> ApiGatewayV2.Route {
        guard let entry = try await get(HttpApiCollections.routes, parent: StoreParent(apiId), id: routeId) else {
            throw ManagementError.identifierNotFound("Route", routeId)
        }
        return entry.value
    }

    func requireIntegration(_ integrationId: String, apiId: String) async throws -> ApiGatewayV2.Integration {
        guard let entry = try await get(HttpApiCollections.integrations, parent: StoreParent(apiId), id: integrationId) else {
            throw ManagementError.identifierNotFound("Integration", integrationId)
        }
        return entry.value
    }

    func requireStage(_ stageName: String, apiId: String) async throws -> ApiGatewayV2.Stage {
        guard let entry = try await get(HttpApiCollections.stages, parent: StoreParent(apiId), id: stageName) else {
            throw ManagementError.stageNotFound
        }
        return entry.value
    }

    func requireDeployment(_ deploymentId: String, apiId: String) async throws -> StoredHttpDeployment {
        guard let entry = try await get(HttpApiCollections.deployments, parent: StoreParent(apiId), id: deploymentId) else {
            throw ManagementError.identifierNotFound("Deployment", deploymentId)
        }
        return entry.value
    }

    func requireAuthorizer(_ authorizerId: String, apiId: String) async throws -> ApiGatewayV2.Authorizer {
        guard let entry = try await get(HttpApiCollections.authorizers, parent: StoreParent(apiId), id: authorizerId) else {
            throw ManagementError.identifierNotFound("Authorizer", authorizerId)
        }
        return entry.value
    }

    func requireModel(_ modelId: String, apiId: String) async throws -> ApiGatewayV2.Model {
        guard let entry = try await get(HttpApiCollections.models, parent: StoreParent(apiId), id: modelId) else {
            throw ManagementError.identifierNotFound("Model", modelId)
        }
        return entry.value
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
