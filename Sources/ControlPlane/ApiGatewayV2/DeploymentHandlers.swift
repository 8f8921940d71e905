import Foundation
import GatewayModel
import GatewayStore

/// Deployments: `CreateDeployment`, `GetDeployment`, `GetDeployments`, `UpdateDeployment`,
/// `DeleteDeployment`.
///
/// `CreateDeployment` freezes the API (``HttpApiDeployer``) and, with `stageName`, moves that stage
/// to the new deployment in the same transaction; an API without routes cannot be deployed
/// (AWS's `BadRequestException`). A deployment a stage points at cannot be deleted.
extension ApiGatewayV2Handlers {
    struct DeploymentInput: Decodable, Sendable {
        var description: String?
        var stageName: String?
    }

    static func registerDeployments(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateDeployment") { ctx in
            let apiId = try ctx.path("apiId")
            let input = try ctx.decodeBody(DeploymentInput.self)
            try checkLength(input.description, 0...1024, "description")
            let now = now()
            let deployment = try await ctx.store.write { tx in
                let api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                var stage: ApiGatewayV2.Stage?
                if let stageName = input.stageName { stage = try await tx.requireStage(stageName, apiId: apiId) }
                let deployment = try await HttpApiDeployer.deploy(tx, api: api, description: input.description, autoDeployed: false, now: now)
                if var stage {
                    stage.deploymentId = deployment.deploymentId
                    stage.lastUpdatedDate = now
                    try await tx.put(HttpApiCollections.stages, parent: StoreParent(apiId), id: stage.stageName, stage)
                }
                return deployment
            }
            return try ctx.respond(deployment)
        }
        registry.on(.apigatewayv2, "GetDeployment") { ctx in
            let (apiId, deploymentId) = (try ctx.path("apiId"), try ctx.path("deploymentId"))
            let stored = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await tx.requireDeployment(deploymentId, apiId: apiId)
            }
            return try ctx.respond(stored.deployment)
        }
        registry.on(.apigatewayv2, "GetDeployments") { ctx in
            let apiId = try ctx.path("apiId")
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await request.page(HttpApiCollections.deployments, parent: StoreParent(apiId), in: tx) { $0.deployment }
            }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateDeployment") { ctx in
            let (apiId, deploymentId) = (try ctx.path("apiId"), try ctx.path("deploymentId"))
            let input = try ctx.decodeBody(DeploymentInput.self)
            try checkLength(input.description, 0...1024, "description")
            let deployment = try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                var stored = try await tx.requireDeployment(deploymentId, apiId: apiId)
                if let description = input.description { stored.deployment.description = description }
                try await tx.put(HttpApiCollections.deployments, parent: StoreParent(apiId), id: deploymentId, stored)
                return stored.deployment
            }
            return try ctx.respond(deployment)
        }
        registry.on(.apigatewayv2, "DeleteDeployment") { ctx in
            let (apiId, deploymentId) = (try ctx.path("apiId"), try ctx.path("deploymentId"))
            try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                _ = try await tx.requireDeployment(deploymentId, apiId: apiId)
                let stages = try await tx.listAll(HttpApiCollections.stages, parent: StoreParent(apiId))
                guard !stages.contains(where: { $0.value.deploymentId == deploymentId }) else {
                    throw ManagementError.badRequest("Active stages pointing to this deployment must be moved or deleted")
                }
                try await tx.delete(HttpApiCollections.deployments, parent: StoreParent(apiId), id: deploymentId)
            }
            return ctx.respondEmpty()
        }
    }
}
