public import GatewayModel

/// Makes deployment snapshots: the one place that decides what a deployment freezes, used by
/// `CreateDeployment`, HTTP API automatic deployments and `portcullis serve FILE` alike.
///
/// As AWS does, a REST deployment freezes the resource tree with its methods and integrations,
/// the authorizers, models, request validators and gateway responses; an HTTP API deployment
/// freezes routes, integrations, authorizers and models. Stages, API keys, usage plans and
/// domain names are not frozen: they take effect without a redeployment.
public enum DeploymentFreezer {
    /// The REST API `api` as it stands in `tx`.
    public static func freeze(_ tx: any StoreReadTransaction, restApi api: RestApi) async throws -> RestApiSnapshot {
        let parent = StoreParent(api.id)
        let resources = try await tx.listAll(DeployedCollections.restResources, parent: parent).map(\.value)
        var snapshot = RestApiSnapshot(api: api, resources: resources.sorted { $0.path < $1.path })
        snapshot.authorizers = nonEmpty(try await tx.listAll(RestApiCollections.authorizers, parent: parent).map(\.value))
        snapshot.models = nonEmpty(try await tx.listAll(RestApiCollections.models, parent: parent).map(\.value))
        snapshot.requestValidators = nonEmpty(try await tx.listAll(RestApiCollections.requestValidators, parent: parent).map(\.value))
        snapshot.gatewayResponses = nonEmpty(try await tx.listAll(RestApiCollections.gatewayResponses, parent: parent).map(\.value))
        return snapshot
    }

    /// The HTTP API `api` as it stands in `tx`.
    public static func freeze(_ tx: any StoreReadTransaction, httpApi api: ApiGatewayV2.Api) async throws -> ApiGatewayV2.ApiSnapshot {
        let parent = StoreParent(api.apiId)
        var snapshot = ApiGatewayV2.ApiSnapshot(
            api: api,
            routes: try await tx.listAll(HttpApiCollections.routes, parent: parent).map(\.value),
            integrations: try await tx.listAll(HttpApiCollections.integrations, parent: parent).map(\.value))
        snapshot.authorizers = nonEmpty(try await tx.listAll(HttpApiCollections.authorizers, parent: parent).map(\.value))
        snapshot.models = nonEmpty(try await tx.listAll(HttpApiCollections.models, parent: parent).map(\.value))
        return snapshot
    }

    private static func nonEmpty<Element>(_ values: [Element]) -> [Element]? { values.isEmpty ? nil : values }
}
