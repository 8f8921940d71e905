import Foundation
import GatewayModel
import GatewayStore
import JSON

/// `CreateDeployment`, `GetDeployment`, `GetDeployments`, `UpdateDeployment`, `DeleteDeployment`.
///
/// A deployment freezes the API and its whole resource tree into a `StoredRestDeployment`; with a
/// `stageName` the same transaction creates or repoints that stage, so the data plane serves the
/// new snapshot at once.
extension ApiGatewayHandlers {
    struct CreateDeploymentInput: Decodable {
        var stageName: String?
        var stageDescription: String?
        var description: String?
        var cacheClusterEnabled: Bool?
        var cacheClusterSize: String?
        var variables: [String: String]?
        var canarySettings: DeploymentCanarySettings?
        var tracingEnabled: Bool?
    }

    struct DeploymentCanarySettings: Decodable {
        var percentTraffic: Double?
        var stageVariableOverrides: [String: String]?
        var useStageCache: Bool?
    }

    static func registerDeployments(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateDeployment") { ctx in
            let apiId = try ctx.path("restapi_id")
            let input = try ctx.decodeBody(CreateDeploymentInput.self)
            if let name = input.stageName, !name.isEmpty { try checkStageName(name) }
            if let variables = input.variables { try checkStageVariables(variables) }
            let deployment = try await ctx.store.write { tx in
                let api = try await requireApi(tx, ctx, apiId)
                let parent = StoreParent(apiId)
                let all = try await resources(tx, apiId: apiId)
                let methods = all.flatMap { resource in (resource.resourceMethods ?? [:]).values.map { (resource, $0) } }
                guard !methods.isEmpty else { throw ManagementError.badRequest("The REST API doesn't contain any methods") }
                if methods.contains(where: { $0.1.methodIntegration == nil }) {
                    throw ManagementError.badRequest("No integration defined for method")
                }
                let now = now()
                var summary: [String: [String: MethodSnapshot]] = [:]
                for (resource, method) in methods {
                    summary[resource.path, default: [:]][method.httpMethod] = MethodSnapshot(
                        authorizationType: method.authorizationType ?? "NONE", apiKeyRequired: method.apiKeyRequired ?? false)
                }
                let deployment = Deployment(id: newId(), description: input.description, createdDate: now, apiSummary: summary)
                let snapshot = try await DeploymentFreezer.freeze(tx, restApi: api)
                try await tx.put(
                    DeployedCollections.restDeployments, parent: parent, id: deployment.id,
                    StoredRestDeployment(deployment: deployment, snapshot: snapshot), condition: .ifAbsent)
                if let stageName = input.stageName, !stageName.isEmpty {
                    let existing = try await tx.get(DeployedCollections.restStages, parent: parent, id: stageName)?.value
                    var stage = existing ?? newStage(name: stageName, deploymentId: deployment.id, now: now)
                    if let canary = input.canarySettings {
                        guard existing != nil else {
                            throw ManagementError.badRequest("Invalid deployment content specified.CanarySettings cannot be specified on a stage that does not exist")
                        }
                        stage.canarySettings = CanarySettings(
                            percentTraffic: canary.percentTraffic ?? 0, deploymentId: deployment.id,
                            stageVariableOverrides: canary.stageVariableOverrides)
                        stage.canarySettings?.useStageCache = canary.useStageCache ?? false
                    } else {
                        stage.deploymentId = deployment.id
                    }
                    if existing == nil {
                        stage.description = input.stageDescription
                        stage.cacheClusterEnabled = input.cacheClusterEnabled ?? false
                        stage.cacheClusterSize = input.cacheClusterSize
                        stage.cacheClusterStatus = stage.cacheClusterEnabled == true ? "AVAILABLE" : "NOT_AVAILABLE"
                        stage.tracingEnabled = input.tracingEnabled ?? false
                    }
                    if let variables = input.variables, !variables.isEmpty {
                        stage.variables = (stage.variables ?? [:]).merging(variables) { $1 }
                    }
                    stage.lastUpdatedDate = now
                    try await tx.put(DeployedCollections.restStages, parent: parent, id: stageName, stage)
                }
                return Deployment(id: deployment.id, description: deployment.description, createdDate: now)
            }
            return try ctx.respond(deployment)
        }

        registry.on(.apigateway, "GetDeployment") { ctx in
            let apiId = try ctx.path("restapi_id")
            let deploymentId = try ctx.path("deployment_id")
            let stored = try await ctx.store.read { tx in
                _ = try await requireApi(tx, ctx, apiId)
                guard let entry = try await tx.get(DeployedCollections.restDeployments, parent: StoreParent(apiId), id: deploymentId) else {
                    throw ManagementError.invalidDeployment
                }
                return entry.value
            }
            var deployment = stored.deployment
            let embed = ctx.request.queryValues("embed").flatMap { $0.split(separator: ",") }.map { $0.lowercased() }
            if !embed.contains("apisummary") { deployment.apiSummary = nil }
            return try ctx.respond(deployment)
        }

        registry.on(.apigateway, "GetDeployments") { ctx in
            let apiId = try ctx.path("restapi_id")
            let window = try ListWindow(ctx.request)
            let all = try await ctx.store.read { tx in
                _ = try await requireApi(tx, ctx, apiId)
                return try await tx.listAll(DeployedCollections.restDeployments, parent: StoreParent(apiId)).map(\.value.deployment)
            }
            let page = window.page(all, key: \.id)
            let items = page.items.map { Deployment(id: $0.id, description: $0.description, createdDate: $0.createdDate) }
            return try ctx.respond(ItemList(items, position: page.position))
        }

        registry.on(.apigateway, "UpdateDeployment") { ctx in
            let apiId = try ctx.path("restapi_id")
            let deploymentId = try ctx.path("deployment_id")
            let operations = try patchOperations(ctx)
            let updated = try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                guard var stored = try await tx.get(DeployedCollections.restDeployments, parent: StoreParent(apiId), id: deploymentId)?.value else {
                    throw ManagementError.invalidDeployment
                }
                var patched = try PatchApplier.apply(operations, to: stored.deployment, schema: deploymentPatchSchema)
                patched.id = deploymentId
                patched.createdDate = stored.deployment.createdDate
                patched.apiSummary = stored.deployment.apiSummary
                stored.deployment = patched
                try await tx.put(DeployedCollections.restDeployments, parent: StoreParent(apiId), id: deploymentId, stored)
                return Deployment(id: patched.id, description: patched.description, createdDate: patched.createdDate)
            }
            return try ctx.respond(updated)
        }

        registry.on(.apigateway, "DeleteDeployment") { ctx in
            let apiId = try ctx.path("restapi_id")
            let deploymentId = try ctx.path("deployment_id")
            try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                let parent = StoreParent(apiId)
                guard try await tx.get(DeployedCollections.restDeployments, parent: parent, id: deploymentId) != nil else {
                    throw ManagementError.invalidDeployment
                }
                let stages = try await tx.listAll(DeployedCollections.restStages, parent: parent).map(\.value)
                if stages.contains(where: { $0.deploymentId == deploymentId || $0.canarySettings?.deploymentId == deploymentId }) {
                    throw ManagementError.badRequest("Active stages pointing to this deployment must be moved or deleted")
                }
                try await tx.delete(DeployedCollections.restDeployments, parent: parent, id: deploymentId)
            }
            return ctx.respondEmpty()
        }
    }

    static let deploymentPatchSchema = PatchSchema([.init("/description", [.replace], .string)])
}
