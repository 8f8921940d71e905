import Foundation
import GatewayModel
import GatewayStore
import JSON

/// `CreateStage`, `GetStage`, `GetStages`, `UpdateStage`, `DeleteStage`. Stages are what the data
/// plane serves: pointing one at a deployment (here or in `CreateDeployment`) changes what is live.
extension ApiGatewayHandlers {
    struct CreateStageInput: Decodable {
        var stageName: String?
        var deploymentId: String?
        var description: String?
        var cacheClusterEnabled: Bool?
        var cacheClusterSize: String?
        var variables: [String: String]?
        var documentationVersion: String?
        var canarySettings: CanarySettings?
        var tracingEnabled: Bool?
        var tags: [String: String]?
    }

    static func registerStages(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateStage") { ctx in
            let apiId = try ctx.path("restapi_id")
            let input = try ctx.decodeBody(CreateStageInput.self)
            guard let stageName = input.stageName, !stageName.isEmpty else { throw ManagementError.requiredMember("createStageInput.stageName") }
            guard let deploymentId = input.deploymentId, !deploymentId.isEmpty else {
                throw ManagementError.requiredMember("createStageInput.deploymentId")
            }
            try checkStageName(stageName)
            if let variables = input.variables { try checkStageVariables(variables) }
            let stage = try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                let parent = StoreParent(apiId)
                guard try await tx.get(DeployedCollections.restDeployments, parent: parent, id: deploymentId) != nil else {
                    throw ManagementError.invalidDeployment
                }
                if try await tx.get(DeployedCollections.restStages, parent: parent, id: stageName) != nil {
                    throw ManagementError.conflict("Stage already exists")
                }
                var stage = newStage(name: stageName, deploymentId: deploymentId, now: now())
                stage.description = input.description
                stage.cacheClusterEnabled = input.cacheClusterEnabled ?? false
                stage.cacheClusterSize = input.cacheClusterSize ?? (stage.cacheClusterEnabled == true ? "0.5" : nil)
                stage.cacheClusterStatus = stage.cacheClusterEnabled == true ? "AVAILABLE" : "NOT_AVAILABLE"
                stage.variables = input.variables?.isEmpty == false ? input.variables : nil
                stage.documentationVersion = input.documentationVersion
                stage.tracingEnabled = input.tracingEnabled ?? false
                stage.tags = input.tags?.isEmpty == false ? input.tags : nil
                if var canary = input.canarySettings {
                    canary.deploymentId = canary.deploymentId ?? deploymentId
                    canary.percentTraffic = canary.percentTraffic ?? 0
                    canary.useStageCache = canary.useStageCache ?? false
                    try await checkCanary(tx, apiId: apiId, canary)
                    stage.canarySettings = canary
                }
                try await tx.put(DeployedCollections.restStages, parent: parent, id: stageName, stage, condition: .ifAbsent)
                return stage
            }
            return try ctx.respond(stage)
        }

        registry.on(.apigateway, "GetStage") { ctx in
            let apiId = try ctx.path("restapi_id")
            let stageName = try ctx.path("stage_name")
            let stage = try await ctx.store.read { tx in
                _ = try await requireApi(tx, ctx, apiId)
                guard let stage = try await tx.get(DeployedCollections.restStages, parent: StoreParent(apiId), id: stageName) else {
                    throw ManagementError.invalidStage
                }
                return stage.value
            }
            return try ctx.respond(stage)
        }

        registry.on(.apigateway, "GetStages") { ctx in
            let apiId = try ctx.path("restapi_id")
            let deploymentId = ctx.request.queryValue("deploymentId")
            let stages = try await ctx.store.read { tx in
                _ = try await requireApi(tx, ctx, apiId)
                return try await tx.listAll(DeployedCollections.restStages, parent: StoreParent(apiId)).map(\.value)
            }
            let filtered = stages.filter { deploymentId == nil || $0.deploymentId == deploymentId }
            return try ctx.respond(StageList(item: filtered))
        }

        registry.on(.apigateway, "UpdateStage") { ctx in
            let apiId = try ctx.path("restapi_id")
            let stageName = try ctx.path("stage_name")
            let operations = try patchOperations(ctx)
            let stage = try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                let parent = StoreParent(apiId)
                guard let stage = try await tx.get(DeployedCollections.restStages, parent: parent, id: stageName)?.value else {
                    throw ManagementError.invalidStage
                }
                var patched = try patchStage(stage, operations)
                if let deploymentId = patched.deploymentId, deploymentId != stage.deploymentId,
                    try await tx.get(DeployedCollections.restDeployments, parent: parent, id: deploymentId) == nil
                {
                    throw ManagementError.badRequest("Deployment id does not exist")
                }
                if let canary = patched.canarySettings { try await checkCanary(tx, apiId: apiId, canary) }
                if let variables = patched.variables { try checkStageVariables(variables) }
                patched.lastUpdatedDate = now()
                try await tx.put(DeployedCollections.restStages, parent: parent, id: stageName, patched)
                return patched
            }
            return try ctx.respond(stage)
        }

        registry.on(.apigateway, "DeleteStage") { ctx in
            let apiId = try ctx.path("restapi_id")
            let stageName = try ctx.path("stage_name")
            try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                guard try await tx.delete(DeployedCollections.restStages, parent: StoreParent(apiId), id: stageName) else {
                    throw ManagementError.invalidStage
                }
            }
            return ctx.respondEmpty()
        }
    }

    /// A stage as AWS creates it: no cache, no tracing, empty method settings.
    static func newStage(name: String, deploymentId: String, now: Date) -> Stage {
        var stage = Stage(stageName: name, deploymentId: deploymentId, methodSettings: [:], tracingEnabled: false, createdDate: now, lastUpdatedDate: now)
        stage.cacheClusterEnabled = false
        stage.cacheClusterStatus = "NOT_AVAILABLE"
        return stage
    }

    /// Stage names: `[a-zA-Z0-9_-]`, at most 128 characters.
    static func checkStageName(_ name: String) throws(ManagementError) {
        guard name.count <= 128, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw .badRequest("Stage name only allows a-zA-Z0-9_")
        }
    }

    /// Stage variables: names `[A-Za-z0-9_]+` (at most 64), values at most 512 characters of
    /// `[A-Za-z0-9-._~:/?#&=,]` (AWS's documented limits).
    static func checkStageVariables(_ variables: [String: String]) throws(ManagementError) {
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw .badRequest("Stage variable name \(name) is invalid: only alphanumeric characters and underscores are allowed")
            }
            guard value.count <= 512, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._~:/?#&=,".contains($0)) }) else {
                throw .badRequest("Stage variable value \(value) is invalid: values may only contain alphanumeric characters and -._~:/?#&=,")
            }
        }
    }

    static func checkCanary(_ tx: any StoreReadTransaction, apiId: String, _ canary: CanarySettings) async throws {
        if let deploymentId = canary.deploymentId,
            try await tx.get(DeployedCollections.restDeployments, parent: StoreParent(apiId), id: deploymentId) == nil
        {
            throw ManagementError.badRequest("Deployment id does not exist")
        }
        if let percent = canary.percentTraffic, !(0...100).contains(percent) {
            throw ManagementError.badRequest("Canary traffic percentage must be between 0.0 and 100.0")
        }
        if let overrides = canary.stageVariableOverrides { try checkStageVariables(overrides) }
    }

    // MARK: - UpdateStage patch paths

    /// The stage paths AWS accepts, in the order its error message lists them.
    static let stagePatchPaths = [
        "/deploymentId", "/description", "/cacheClusterEnabled", "/cacheClusterSize", "/clientCertificateId",
        "/accessLogSettings", "/accessLogSettings/destinationArn", "/accessLogSettings/format",
        "/{resourcePath}/{httpMethod}/metrics/enabled", "/{resourcePath}/{httpMethod}/logging/dataTrace",
        "/{resourcePath}/{httpMethod}/logging/loglevel", "/{resourcePath}/{httpMethod}/throttling/burstLimit",
        "/{resourcePath}/{httpMethod}/throttling/rateLimit", "/{resourcePath}/{httpMethod}/caching/ttlInSeconds",
        "/{resourcePath}/{httpMethod}/caching/enabled", "/{resourcePath}/{httpMethod}/caching/dataEncrypted",
        "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl",
        "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy", "/*/*/metrics/enabled",
        "/*/*/logging/dataTrace", "/*/*/logging/loglevel", "/*/*/throttling/burstLimit", "/*/*/throttling/rateLimit",
        "/*/*/caching/ttlInSeconds", "/*/*/caching/enabled", "/*/*/caching/dataEncrypted",
        "/*/*/caching/requireAuthorizationForCacheControl", "/*/*/caching/unauthorizedCacheControlHeaderStrategy",
        "/variables/{variable_name}", "/tracingEnabled",
    ]

    /// AWS's refusal of an unknown stage path, with AWS's own (irregular) list formatting.
    static func invalidStagePath(_ path: String) -> ManagementError {
        var listing = "[\(stagePatchPaths.joined(separator: ", "))]"
        listing = listing.replacingOccurrences(
            of: "/{resourcePath}/{httpMethod}/throttling/burstLimit, /{resourcePath}/{httpMethod}/throttling/rateLimit, /{resourcePath}/{httpMethod}/caching/ttlInSeconds",
            with: "/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds")
        listing = listing.replacingOccurrences(of: "/burstLimit, /", with: "/burstLimit /")
        listing = listing.replacingOccurrences(of: "/rateLimit, /", with: "/rateLimit /")
        return .badRequest("Invalid method setting path: \(path). Must be one of: \(listing)")
    }

    /// `{group}/{name}` of a method setting path → the `MethodSetting` field and its type.
    static let methodSettingFields: [String: (field: String, kind: PatchSchema.Kind)] = [
        "metrics/enabled": ("metricsEnabled", .bool),
        "logging/dataTrace": ("dataTraceEnabled", .bool),
        "logging/loglevel": ("loggingLevel", .string),
        "throttling/burstLimit": ("throttlingBurstLimit", .integer),
        "throttling/rateLimit": ("throttlingRateLimit", .number),
        "caching/ttlInSeconds": ("cacheTtlInSeconds", .integer),
        "caching/enabled": ("cachingEnabled", .bool),
        "caching/dataEncrypted": ("cacheDataEncrypted", .bool),
        "caching/requireAuthorizationForCacheControl": ("requireAuthorizationForCacheControl", .bool),
        "caching/unauthorizedCacheControlHeaderStrategy": ("unauthorizedCacheControlHeaderStrategy", .string),
    ]

    /// A method setting as AWS creates it on first use.
    static let defaultMethodSetting: JSONValue = [
        "metricsEnabled": false, "loggingLevel": "OFF", "dataTraceEnabled": false, "throttlingBurstLimit": 5000,
        "throttlingRateLimit": 10000.0, "cachingEnabled": false, "cacheTtlInSeconds": 300, "cacheDataEncrypted": false,
        "requireAuthorizationForCacheControl": true, "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
    ]

    static let stagePatchSchema = PatchSchema([
        .init("/deploymentId", [.replace], .string),
        .init("/description", [.replace], .string),
        .init("/cacheClusterEnabled", [.replace], .bool),
        .init("/cacheClusterSize", [.replace], .string),
        .init("/clientCertificateId", [.replace], .string),
        .init("/documentationVersion", [.replace], .string),
        .init("/webAclArn", [.replace], .string),
        .init("/accessLogSettings", [.remove], .object),
        .init("/accessLogSettings/destinationArn", [.replace], .string),
        .init("/accessLogSettings/format", [.replace], .string),
        .init("/variables/*", [.add, .replace, .remove], .string),
        .init("/tracingEnabled", [.replace], .bool),
        .init("/canarySettings", [.remove], .object),
        .init("/canarySettings/percentTraffic", [.replace], .number),
        .init("/canarySettings/deploymentId", [.replace], .string),
        .init("/canarySettings/stageVariableOverrides/*", [.replace, .remove], .string),
        .init("/canarySettings/useStageCache", [.replace], .bool),
    ])

    /// `stage` with AWS's stage patch operations applied: plain fields, stage variables, method
    /// settings (`/{resourcePath}/{httpMethod}/{group}/{name}`, `*/*` for all methods), access log
    /// settings and canary settings, including the canary promotion copies.
    static func patchStage(_ stage: Stage, _ operations: [PatchOperation]) throws(ManagementError) -> Stage {
        var json = try JSONBridge.json(from: stage)
        for operation in operations {
            let tokens = operation.tokens
            if operation.op == .copy {
                try promoteCanary(operation, json: &json)
                continue
            }
            if tokens.first == "canarySettings", tokens.count > 1 || operation.op != .remove {
                if ![.replace, .remove].contains(operation.op)
                    || (operation.op == .remove && !(tokens.count == 3 && tokens[1] == "stageVariableOverrides"))
                {
                    throw .badRequest("Invalid \(operation.op.rawValue) operation with path: \(operation.path)")
                }
                if json.value(at: ["canarySettings"]) == nil || json.value(at: ["canarySettings"]) == .null {
                    json.set(
                        ["deploymentId": json.value(at: ["deploymentId"]) ?? .null, "percentTraffic": 0.0, "useStageCache": false],
                        at: ["canarySettings"])
                }
            }
            if let setting = methodSettingTarget(tokens) {
                try applyMethodSetting(operation, key: setting.key, field: setting.field, json: &json)
                continue
            }
            if operation.op == .remove, tokens.count >= 2, let key = methodSettingKey(tokens) {
                var settings = json.value(at: ["methodSettings"])?.objectValue ?? JSONObject()
                guard settings[key] != nil else {
                    throw .badRequest("Cannot remove method setting \(key) because there is no method setting for this method ")
                }
                settings[key] = nil
                json.set(.object(settings), at: ["methodSettings"])
                continue
            }
            guard stagePatchSchema.rules.contains(where: { $0.matches(tokens) }) else { throw invalidStagePath(operation.path) }
            try PatchApplier.apply(operation, to: &json, schema: stagePatchSchema)
        }
        var patched = try JSONBridge.decode(Stage.self, from: json)
        patched.stageName = stage.stageName
        patched.createdDate = stage.createdDate
        if patched.variables?.isEmpty == true { patched.variables = nil }
        if patched.canarySettings?.stageVariableOverrides?.isEmpty == true { patched.canarySettings?.stageVariableOverrides = nil }
        if patched.cacheClusterEnabled == true {
            patched.cacheClusterStatus = "AVAILABLE"
            patched.cacheClusterSize = patched.cacheClusterSize ?? "0.5"
        } else {
            patched.cacheClusterStatus = "NOT_AVAILABLE"
        }
        return patched
    }

    /// The `methodSettings` key and field a method setting path names, if it is one.
    static func methodSettingTarget(_ tokens: [String]) -> (key: String, field: (field: String, kind: PatchSchema.Kind))? {
        guard tokens.count >= 4, let field = methodSettingFields["\(tokens[tokens.count - 2])/\(tokens[tokens.count - 1])"],
            let key = methodSettingKey(Array(tokens.dropLast(2)))
        else { return nil }
        return (key, field)
    }

    /// `{resourcePath}/{httpMethod}` from the tokens before a setting name (`["~1pets", "GET"]`,
    /// Terraform's `["pets", "GET"]`, or `["*", "*"]`), without the resource path's leading `/`.
    static func methodSettingKey(_ tokens: [String]) -> String? {
        guard tokens.count >= 2, let verb = tokens.last, verb == "*" || RestApiDefaults.httpMethods.contains(verb) else { return nil }
        var resourcePath = tokens.dropLast().joined(separator: "/")
        while resourcePath.hasPrefix("/") { resourcePath.removeFirst() }
        guard !resourcePath.isEmpty || tokens.count == 2 else { return nil }
        return "\(resourcePath)/\(verb)"
    }

    static func applyMethodSetting(
        _ operation: PatchOperation, key: String, field: (field: String, kind: PatchSchema.Kind), json: inout JSONValue
    ) throws(ManagementError) {
        guard operation.op == .replace || operation.op == .add || operation.op == .remove else {
            throw .badRequest("Invalid \(operation.op.rawValue) operation with path: \(operation.path)")
        }
        var settings = json.value(at: ["methodSettings"])?.objectValue ?? JSONObject()
        var setting = settings[key] ?? defaultMethodSetting
        if operation.op == .remove {
            setting.set(defaultMethodSetting[field.field] ?? .null, at: [field.field])
        } else if let value = try PatchApplier.coerce(operation.value, kind: field.kind, path: operation.path) {
            if field.field == "loggingLevel", !["OFF", "ERROR", "INFO"].contains(value.stringValue ?? "") {
                throw .badRequest("Invalid logging level specified. Valid options are OFF,ERROR,INFO")
            }
            setting.set(value, at: [field.field])
        }
        settings[key] = setting
        json.set(.object(settings), at: ["methodSettings"])
    }

    /// `copy` from the canary to the stage: AWS's canary promotion.
    static func promoteCanary(_ operation: PatchOperation, json: inout JSONValue) throws(ManagementError) {
        let valid = ["/deploymentId": "/canarySettings/deploymentId", "/variables": "/canarySettings/stageVariableOverrides"]
        guard valid[operation.path] != nil, let from = operation.from, valid.values.contains(from) else {
            throw .badRequest(
                "Invalid copy operation with path: \(operation.path) and from \(operation.from ?? "null"). Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]")
        }
        guard let canary = json.value(at: ["canarySettings"])?.objectValue else {
            throw .badRequest("Promotion not available. Canary does not exist.")
        }
        if operation.path == "/deploymentId" {
            json.set(canary["deploymentId"] ?? .null, at: ["deploymentId"])
        } else {
            var variables = json.value(at: ["variables"])?.objectValue ?? JSONObject()
            for (name, value) in canary["stageVariableOverrides"]?.objectValue ?? JSONObject() { variables[name] = value }
            json.set(.object(variables), at: ["variables"])
        }
    }
}
