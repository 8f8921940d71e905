import Foundation
import GatewayModel
import GatewayStore

/// Stages: `CreateStage`, `GetStage`, `GetStages`, `UpdateStage`, `DeleteStage`,
/// `DeleteAccessLogSettings`, `DeleteRouteSettings`.
///
/// A stage name is `$default` (served at the root of the invoke URL) or 1–128 letters, digits,
/// hyphens and underscores. New stages answer AWS's defaults: `autoDeploy` false,
/// `defaultRouteSettings` `{"detailedMetricsEnabled": false}`, empty `routeSettings`,
/// `stageVariables` and `tags`. `routeSettings` keys must be route keys of the API (AWS's
/// `NotFoundException` otherwise). `UpdateStage` merges `stageVariables` and `routeSettings` by key
/// (a variable set to `""` is removed, as Terraform relies on) and `defaultRouteSettings` by
/// member; it replaces `accessLogSettings`.
///
/// A stage with `autoDeploy` deploys at once when it is created or switched on (if the API has a
/// route), and after every later change of the API (``HttpApiDeployer``).
extension ApiGatewayV2Handlers {
    struct StageInput: Decodable, Sendable {
        var accessLogSettings: ApiGatewayV2.AccessLogSettings?
        var autoDeploy: Bool?
        var clientCertificateId: String?
        var defaultRouteSettings: ApiGatewayV2.RouteSettings?
        var deploymentId: String?
        var description: String?
        var routeSettings: [String: ApiGatewayV2.RouteSettings]?
        var stageName: String?
        var stageVariables: [String: String]?
        var tags: [String: String]?
    }

    static func registerStages(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateStage") { ctx in try await createStage(ctx) }
        registry.on(.apigatewayv2, "GetStage") { ctx in
            let (apiId, stageName) = (try ctx.path("apiId"), try ctx.path("stageName"))
            let stage = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await tx.requireStage(stageName, apiId: apiId)
            }
            return try ctx.respond(stage)
        }
        registry.on(.apigatewayv2, "GetStages") { ctx in
            let apiId = try ctx.path("apiId")
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                return try await request.page(HttpApiCollections.stages, parent: StoreParent(apiId), in: tx) { $0 }
            }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateStage") { ctx in try await updateStage(ctx) }
        registry.on(.apigatewayv2, "DeleteStage") { ctx in
            let (apiId, stageName) = (try ctx.path("apiId"), try ctx.path("stageName"))
            try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                _ = try await tx.requireStage(stageName, apiId: apiId)
                try await tx.delete(HttpApiCollections.stages, parent: StoreParent(apiId), id: stageName)
            }
            return ctx.respondEmpty()
        }
        registry.on(.apigatewayv2, "DeleteAccessLogSettings") { ctx in
            let (apiId, stageName) = (try ctx.path("apiId"), try ctx.path("stageName"))
            try await changeStage(ctx, apiId: apiId, stageName: stageName) { stage in stage.accessLogSettings = nil }
            return ctx.respondEmpty()
        }
        registry.on(.apigatewayv2, "DeleteRouteSettings") { ctx in
            let (apiId, stageName, routeKey) = (try ctx.path("apiId"), try ctx.path("stageName"), try ctx.path("routeKey"))
            try await changeStage(ctx, apiId: apiId, stageName: stageName) { stage throws(ManagementError) in
                guard stage.routeSettings?.removeValue(forKey: routeKey) != nil else { throw .routeSettingsKeyNotFound(routeKey) }
            }
            return ctx.respondEmpty()
        }
    }

    /// A stage with AWS's defaults.
    static func newStage(name: String, now: Date) -> ApiGatewayV2.Stage {
        var defaults = ApiGatewayV2.RouteSettings()
        defaults.detailedMetricsEnabled = false
        return ApiGatewayV2.Stage(
            stageName: name, autoDeploy: false, stageVariables: [:], defaultRouteSettings: defaults, routeSettings: [:], tags: [:],
            createdDate: now, lastUpdatedDate: now)
    }

    static func createStage(_ ctx: OperationContext) async throws -> ManagementResponse {
        let apiId = try ctx.path("apiId")
        let input = try ctx.decodeBody(StageInput.self)
        guard let stageName = input.stageName, !stageName.isEmpty else { throw ManagementError.missing("stageName") }
        try checkStageName(stageName)
        try checkLength(input.description, 0...1024, "description")
        try checkStageVariables(input.stageVariables)
        try checkTags(input.tags)
        let now = now()
        let stage = try await ctx.store.write { tx in
            let api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
            let parent = StoreParent(apiId)
            guard try await tx.get(HttpApiCollections.stages, parent: parent, id: stageName) == nil else {
                throw ManagementError.conflict("Stage already exists")
            }
            var stage = newStage(name: stageName, now: now)
            if let deploymentId = input.deploymentId {
                _ = try await tx.requireDeployment(deploymentId, apiId: apiId)
                stage.deploymentId = deploymentId
            }
            try await checkRouteSettingsKeys(input.routeSettings, apiId: apiId, tx: tx)
            stage.autoDeploy = input.autoDeploy ?? false
            stage.accessLogSettings = input.accessLogSettings
            stage.clientCertificateId = input.clientCertificateId
            stage.description = input.description
            if let value = input.defaultRouteSettings { stage.defaultRouteSettings = merged(stage.defaultRouteSettings, value) }
            stage.routeSettings = input.routeSettings ?? [:]
            stage.stageVariables = input.stageVariables ?? [:]
            stage.tags = input.tags ?? [:]
            try await tx.put(HttpApiCollections.stages, parent: parent, id: stageName, stage, condition: .ifAbsent)
            if stage.autoDeploy == true, input.deploymentId == nil,
                try await tx.list(HttpApiCollections.routes, parent: parent, limit: 1).items.isEmpty == false
            {
                stage = try await HttpApiDeployer.autoDeploy(tx, api: api, stage: stage, now: now)
            }
            return stage
        }
        return try ctx.respond(stage)
    }

    static func updateStage(_ ctx: OperationContext) async throws -> ManagementResponse {
        let (apiId, stageName) = (try ctx.path("apiId"), try ctx.path("stageName"))
        let input = try ctx.decodeBody(StageInput.self)
        try checkLength(input.description, 0...1024, "description")
        try checkStageVariables(input.stageVariables?.filter { !$0.value.isEmpty })
        let now = now()
        let stage = try await ctx.store.write { tx in
            let api = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
            var stage = try await tx.requireStage(stageName, apiId: apiId)
            let wasAutoDeployed = stage.autoDeploy == true
            if let deploymentId = input.deploymentId {
                _ = try await tx.requireDeployment(deploymentId, apiId: apiId)
                stage.deploymentId = deploymentId
            }
            try await checkRouteSettingsKeys(input.routeSettings, apiId: apiId, tx: tx)
            if let value = input.autoDeploy { stage.autoDeploy = value }
            if let value = input.accessLogSettings { stage.accessLogSettings = value }
            if let value = input.clientCertificateId { stage.clientCertificateId = value.isEmpty ? nil : value }
            if let value = input.description { stage.description = value }
            if let value = input.defaultRouteSettings { stage.defaultRouteSettings = merged(stage.defaultRouteSettings, value) }
            var routeSettings = stage.routeSettings ?? [:]
            for (key, value) in input.routeSettings ?? [:] { routeSettings[key] = merged(routeSettings[key], value) }
            stage.routeSettings = routeSettings
            var variables = stage.stageVariables ?? [:]
            for (key, value) in input.stageVariables ?? [:] { variables[key] = value.isEmpty ? nil : value }
            stage.stageVariables = variables
            try checkStageVariables(stage.stageVariables)
            stage.lastUpdatedDate = now
            try await tx.put(HttpApiCollections.stages, parent: StoreParent(apiId), id: stageName, stage)
            if !wasAutoDeployed, stage.autoDeploy == true,
                try await tx.list(HttpApiCollections.routes, parent: StoreParent(apiId), limit: 1).items.isEmpty == false
            {
                stage = try await HttpApiDeployer.autoDeploy(tx, api: api, stage: stage, now: now)
            }
            return stage
        }
        return try ctx.respond(stage)
    }

    /// Reads, changes and stores one stage in one transaction.
    static func changeStage(
        _ ctx: OperationContext, apiId: String, stageName: String, _ change: @escaping @Sendable (inout ApiGatewayV2.Stage) throws(ManagementError) -> Void
    ) async throws {
        try await ctx.store.write { tx in
            _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
            var stage = try await tx.requireStage(stageName, apiId: apiId)
            try change(&stage)
            stage.lastUpdatedDate = now()
            try await tx.put(HttpApiCollections.stages, parent: StoreParent(apiId), id: stageName, stage)
        }
    }

    /// `base` with the members `update` sets.
    static func merged(_ base: ApiGatewayV2.RouteSettings?, _ update: ApiGatewayV2.RouteSettings) -> ApiGatewayV2.RouteSettings {
        var result = base ?? ApiGatewayV2.RouteSettings()
        if let value = update.dataTraceEnabled { result.dataTraceEnabled = value }
        if let value = update.detailedMetricsEnabled { result.detailedMetricsEnabled = value }
        if let value = update.loggingLevel { result.loggingLevel = value }
        if let value = update.throttlingBurstLimit { result.throttlingBurstLimit = value }
        if let value = update.throttlingRateLimit { result.throttlingRateLimit = value }
        return result
    }

    static func checkStageName(_ name: String) throws(ManagementError) {
        guard name == ApiGatewayV2.Stage.defaultStageName
            || ((1...128).contains(name.count) && name.unicodeScalars.allSatisfy { scalar in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "-", "_": true
                default: false
                }
            })
        else {
            throw .badRequest("Stage name can contain only alphanumeric characters, hyphens and underscores, or be $default: \(name)")
        }
    }

    /// AWS's limits: at most 100 variables, names of letters, digits and underscores up to 64
    /// characters, values up to 512 characters.
    static func checkStageVariables(_ variables: [String: String]?) throws(ManagementError) {
        guard let variables else { return }
        guard variables.count <= 100 else { throw .badRequest("A stage takes at most 100 stage variables") }
        for (name, value) in variables {
            guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy({ scalar in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "_": true
                default: false
                }
            }) else {
                throw .badRequest("Stage variable names can contain only alphanumeric characters and underscores, up to 64 characters: \(name)")
            }
            guard value.count <= 512 else { throw .badRequest("The value of the stage variable \(name) is longer than 512 characters") }
            // As for REST APIs: the values reach integration URIs, hosts and headers.
            guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._~:/?#&=,".contains($0)) }) else {
                throw .badRequest("Stage variable value \(value) is invalid: values may only contain alphanumeric characters and -._~:/?#&=,")
            }
        }
    }

    /// Every `routeSettings` key must be a route key of the API.
    static func checkRouteSettingsKeys(_ settings: [String: ApiGatewayV2.RouteSettings]?, apiId: String, tx: any StoreReadTransaction) async throws {
        guard let settings, !settings.isEmpty else { return }
        let keys = Set(try await tx.listAll(HttpApiCollections.routes, parent: StoreParent(apiId)).map(\.value.routeKey))
        for key in settings.keys.sorted() where !keys.contains(key) {
            throw ManagementError.routeSettingsKeyNotFound(key)
        }
    }
}
