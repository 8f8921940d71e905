public import Foundation
public import GatewayModel
public import GatewayStore

/// Writes a whole imported API into the store and deploys it to a stage, in one transaction:
/// what `portcullis serve FILE` does at start. The same file gives the same ids (the importer
/// derives them from the document), so a restart replaces the API rather than adding one.
public struct StoredApiWriter: Sendable {
    public let store: any GatewayStore

    public init(store: any GatewayStore) {
        self.store = store
    }

    /// Replaces the API `definition.apiId` (its resources, routes, integrations, authorizers, and a
    /// REST API's request validators, models and gateway responses) and points
    /// `stageName` at a deployment of it. Returns the deployment id.
    @discardableResult
    public func replaceAndDeploy(_ definition: ApiDefinition, stageName: String, variables: [String: String], description: String) async throws -> String {
        let now = Date()
        return try await store.write { tx in
            let apiId = definition.apiId
            let parent = StoreParent(apiId)
            switch definition {
            case .rest(let snapshot):
                let existing = try await tx.get(DeployedCollections.restApis, id: apiId)
                try await tx.deleteAll(under: parent)
                var api = snapshot.api
                api.createdDate = existing?.value.createdDate ?? api.createdDate ?? now
                api.rootResourceId = api.rootResourceId ?? snapshot.resources.first { $0.path == "/" }?.id
                try await tx.put(DeployedCollections.restApis, id: apiId, api)
                for resource in snapshot.resources {
                    try await tx.put(DeployedCollections.restResources, parent: parent, id: resource.id, resource)
                }
                for model in RestApiDefaults.models() {
                    try await tx.put(RestApiCollections.models, parent: parent, id: model.name, model)
                }
                try await ApiGatewayHandlers.storeDefinitions(tx, apiId: apiId, ApiGatewayHandlers.checkedDefinitions(snapshot))
                let deploymentId = ResourceIdentifier.random(length: 6)
                var summary: [String: [String: MethodSnapshot]] = [:]
                for resource in snapshot.resources {
                    for (verb, method) in resource.resourceMethods ?? [:] {
                        summary[resource.path, default: [:]][verb] = MethodSnapshot(
                            authorizationType: method.authorizationType, apiKeyRequired: method.apiKeyRequired)
                    }
                }
                let deployment = Deployment(id: deploymentId, description: description, createdDate: now, apiSummary: summary)
                try await tx.put(
                    DeployedCollections.restDeployments, parent: parent, id: deploymentId,
                    StoredRestDeployment(deployment: deployment, snapshot: try await DeploymentFreezer.freeze(tx, restApi: api)))
                let stage = Stage(
                    stageName: stageName, deploymentId: deploymentId, variables: variables.isEmpty ? nil : variables, createdDate: now,
                    lastUpdatedDate: now)
                try await tx.put(DeployedCollections.restStages, parent: parent, id: stageName, stage)
                return deploymentId
            case .http(let snapshot):
                let existing = try await tx.get(DeployedCollections.httpApis, id: apiId)
                try await tx.deleteAll(under: parent)
                var api = snapshot.api
                api.createdDate = existing?.value.createdDate ?? api.createdDate ?? now
                try await tx.put(DeployedCollections.httpApis, id: apiId, api)
                for route in snapshot.routes {
                    try await tx.put(DeployedCollections.httpRoutes, parent: parent, id: route.routeId, route)
                }
                for integration in snapshot.integrations {
                    try await tx.put(DeployedCollections.httpIntegrations, parent: parent, id: integration.integrationId, integration)
                }
                for authorizer in snapshot.authorizers ?? [] {
                    try await tx.put(HttpApiCollections.authorizers, parent: parent, id: authorizer.authorizerId, authorizer)
                }
                let deploymentId = ResourceIdentifier.random(length: 6)
                let deployment = ApiGatewayV2.Deployment(deploymentId: deploymentId, createdDate: now, description: description)
                try await tx.put(
                    DeployedCollections.httpDeployments, parent: parent, id: deploymentId,
                    StoredHttpDeployment(deployment: deployment, snapshot: try await DeploymentFreezer.freeze(tx, httpApi: api)))
                let stage = ApiGatewayV2.Stage(
                    stageName: stageName, deploymentId: deploymentId, stageVariables: variables.isEmpty ? nil : variables,
                    createdDate: now, lastUpdatedDate: now)
                try await tx.put(DeployedCollections.httpStages, parent: parent, id: stageName, stage)
                return deploymentId
            }
        }
    }
}
