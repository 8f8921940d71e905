import Foundation
import GatewayModel
import GatewayStore
import IAMPolicy
import JSON

/// `CreateRestApi`, `GetRestApi`, `GetRestApis`, `UpdateRestApi`, `DeleteRestApi`.
extension ApiGatewayHandlers {
    struct CreateRestApiInput: Decodable {
        var name: String?
        var description: String?
        var version: String?
        var cloneFrom: String?
        var binaryMediaTypes: [String]?
        var minimumCompressionSize: Int?
        var apiKeySource: String?
        var endpointConfiguration: EndpointConfiguration?
        var policy: String?
        var tags: [String: String]?
        var disableExecuteApiEndpoint: Bool?
    }

    static let maximumCompressionSize = 10_485_760
    static let endpointTypes = ["PRIVATE", "EDGE", "REGIONAL"]

    static func registerRestApis(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateRestApi") { ctx in
            let input = try ctx.decodeBody(CreateRestApiInput.self)
            guard let name = input.name, !name.isEmpty else { throw ManagementError.requiredMember("createRestApiInput.name") }
            if input.description == "" { throw ManagementError.badRequest("Description cannot be an empty string") }
            if let size = input.minimumCompressionSize, !(0...maximumCompressionSize).contains(size) {
                throw ManagementError.badRequest("Invalid minimum compression size, must be between 0 and 10485760")
            }
            if let source = input.apiKeySource, !["HEADER", "AUTHORIZER"].contains(source) {
                throw ManagementError.enumeration(source, at: "createRestApiInput.apiKeySource", allowed: ["HEADER", "AUTHORIZER"])
            }
            let endpoint = try checkedEndpointConfiguration(input.endpointConfiguration, input: "createRestApiInput")
            try checkResourcePolicy(input.policy)
            let now = now()
            var api = RestApi(
                id: newId(length: 10), name: name, description: input.description, createdDate: now, version: input.version,
                binaryMediaTypes: input.binaryMediaTypes?.isEmpty == false ? input.binaryMediaTypes : nil,
                minimumCompressionSize: input.minimumCompressionSize, apiKeySource: input.apiKeySource ?? "HEADER",
                endpointConfiguration: endpoint, policy: input.policy, tags: input.tags?.isEmpty == false ? input.tags : nil,
                disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false)
            let created = try await ctx.store.write { tx in
                let parent = StoreParent(api.id)
                if let source = input.cloneFrom {
                    let original = try await requireApi(tx, ctx, source)
                    api.binaryMediaTypes = api.binaryMediaTypes ?? original.binaryMediaTypes
                    api.minimumCompressionSize = api.minimumCompressionSize ?? original.minimumCompressionSize
                    api.policy = api.policy ?? original.policy
                    api.rootResourceId = try await cloneDefinition(tx, from: source, to: api.id)
                } else {
                    let root = Resource(id: newId(length: 10), path: "/")
                    api.rootResourceId = root.id
                    try await putResource(tx, apiId: api.id, root)
                    for model in RestApiDefaults.models() {
                        try await tx.put(RestApiCollections.models, parent: parent, id: model.name, model)
                    }
                }
                try await tx.put(DeployedCollections.restApis, id: api.id, api, condition: .ifAbsent)
                return api
            }
            return try ctx.respond(created)
        }

        registry.on(.apigateway, "GetRestApi") { ctx in
            let apiId = try ctx.path("restapi_id")
            let api = try await ctx.store.read { tx in try await requireApi(tx, ctx, apiId) }
            return try ctx.respond(api)
        }

        registry.on(.apigateway, "GetRestApis") { ctx in
            let window = try ListWindow(ctx.request)
            let apis = try await ctx.store.read { tx in try await tx.listAll(DeployedCollections.restApis).map(\.value) }
            let page = window.page(apis, key: \.id)
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "UpdateRestApi") { ctx in
            let apiId = try ctx.path("restapi_id")
            let operations = try patchOperations(ctx)
            let updated = try await ctx.store.write { tx in
                let api = try await requireApi(tx, ctx, apiId)
                let patched = try patchRestApi(api, operations)
                try await tx.put(DeployedCollections.restApis, id: apiId, patched)
                return patched
            }
            return try ctx.respond(updated)
        }

        registry.on(.apigateway, "DeleteRestApi") { ctx in
            let apiId = try ctx.path("restapi_id")
            try await ctx.store.write { tx in
                _ = try await requireApi(tx, ctx, apiId)
                try await tx.deleteAll(under: StoreParent(apiId))
                try await tx.delete(DeployedCollections.restApis, id: apiId)
            }
            return ctx.respondEmpty()
        }
    }

    /// The paths `UpdateRestApi` accepts.
    static let restApiPatchSchema = PatchSchema([
        .init("/name", [.replace], .string),
        .init("/description", [.replace], .string),
        .init("/version", [.replace], .string),
        .init("/policy", [.replace], .string),
        .init("/apiKeySource", [.replace], .string),
        .init("/minimumCompressionSize", [.replace], .integer),
        .init("/disableExecuteApiEndpoint", [.replace], .bool),
        .init("/binaryMediaTypes/*", [.add, .remove, .replace], .member),
        .init("/endpointConfiguration/types/*", [.add, .remove, .replace], .member),
        .init("/endpointConfiguration/ipAddressType", [.replace], .string),
        .init("/endpointConfiguration/vpcEndpointIds", [.add, .remove, .replace], .listValue),
    ])

    /// `api` with `operations` applied and AWS's checks on the result.
    static func patchRestApi(_ api: RestApi, _ operations: [PatchOperation]) throws(ManagementError) -> RestApi {
        for operation in operations where operation.path == "/minimumCompressionSize" && operation.op == .replace {
            if let value = operation.value, !value.isEmpty, Int(value).map({ (0...maximumCompressionSize).contains($0) }) != true {
                throw .badRequest("Invalid minimum compression size, must be between 0 and 10485760")
            }
        }
        var patched = try PatchApplier.apply(operations, to: api, schema: restApiPatchSchema)
        patched.id = api.id
        patched.rootResourceId = api.rootResourceId
        patched.createdDate = api.createdDate
        if patched.name.isEmpty { throw .badRequest("Name cannot be empty") }
        if patched.policy != api.policy { try checkResourcePolicy(patched.policy) }
        if let source = patched.apiKeySource, !["HEADER", "AUTHORIZER"].contains(source) {
            throw .badRequest("Invalid API Key source specified. Valid options are HEADER,AUTHORIZER")
        }
        if patched.binaryMediaTypes?.isEmpty == true { patched.binaryMediaTypes = nil }
        if var endpoint = patched.endpointConfiguration {
            let types = endpoint.types ?? []
            if types.contains(where: { !endpointTypes.contains($0) }) {
                throw .badRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE")
            }
            if types.count > 1 { throw .badRequest("Cannot create an api with multiple Endpoint Types.") }
            if types.isEmpty { throw .badRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.") }
            if let address = endpoint.ipAddressType, !["ipv4", "dualstack"].contains(address) {
                throw .badRequest("ipAddressType must be either ipv4 or dualstack.")
            }
            if types == ["PRIVATE"] {
                let changedTypes = api.endpointConfiguration?.types != types
                if endpoint.ipAddressType == "ipv4" {
                    if changedTypes, !operations.contains(where: { $0.path == "/endpointConfiguration/ipAddressType" }) {
                        endpoint.ipAddressType = "dualstack"
                    } else {
                        throw .badRequest("Only dualstack ipAddressType is supported for Private APIs.")
                    }
                }
            }
            if endpoint.vpcEndpointIds?.isEmpty == true { endpoint.vpcEndpointIds = nil }
            patched.endpointConfiguration = endpoint
        }
        return patched
    }

    /// The endpoint configuration of a new API, defaulted and checked as AWS does.
    /// The longest resource policy API Gateway accepts (its quota: 8,192 characters).
    static let maximumPolicyLength = 8_192

    /// Refuses a resource policy API Gateway refuses: not a policy document, a statement without
    /// a principal, an invalid principal, over the length quota. (An empty text removes the policy.)
    static func checkResourcePolicy(_ text: String?) throws(ManagementError) {
        guard let text, !text.isEmpty else { return }
        let invalid = ManagementError.badRequest("Invalid policy document. Please check the policy syntax and ensure that Principals are valid.")
        guard text.count <= maximumPolicyLength else { throw invalid }
        let document: PolicyDocument
        do {
            // AWS also accepts the escaped form it returns from GetRestApi.
            document = try (try? PolicyDocument(parsing: text)) ?? PolicyDocument(parsing: text.replacingOccurrences(of: "\\\"", with: "\""))
        } catch {
            throw invalid
        }
        if document.hasStatementWithoutPrincipal { throw invalid }
    }

    static func checkedEndpointConfiguration(_ configuration: EndpointConfiguration?, input: String) throws(ManagementError) -> EndpointConfiguration {
        guard var configuration else { return EndpointConfiguration(types: ["EDGE"], ipAddressType: "ipv4") }
        var problems: [String] = []
        let types = configuration.types ?? ["EDGE"]
        if types.contains(where: { !endpointTypes.contains($0) }) {
            problems.append(
                "Value '[\(types.joined(separator: ", "))]' at '\(input).endpointConfiguration.types' failed to satisfy constraint: "
                    + "Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]")
        }
        if let address = configuration.ipAddressType, !["ipv4", "dualstack"].contains(address) {
            problems.append(
                "Value '\(address)' at '\(input).endpointConfiguration.ipAddressType' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [ipv4, dualstack]")
        }
        if !problems.isEmpty { throw .validationProblems(problems) }
        if types.isEmpty { throw .badRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.") }
        if types.count > 1 { throw .badRequest("Cannot create an api with multiple Endpoint Types.") }
        if types == ["PRIVATE"] {
            if configuration.ipAddressType == "ipv4" { throw .badRequest("Only dualstack ipAddressType is supported for Private APIs.") }
            configuration.ipAddressType = "dualstack"
        }
        configuration.types = types
        configuration.ipAddressType = configuration.ipAddressType ?? "ipv4"
        return configuration
    }

    /// Copies the resource tree (with new ids), models, request validators, authorizers and
    /// gateway responses of API `source` into the new API `target` (`cloneFrom`).
    /// - Returns: the new root resource id.
    static func cloneDefinition(_ tx: any StoreWriteTransaction, from source: String, to target: String) async throws -> String {
        let sourceParent = StoreParent(source)
        let targetParent = StoreParent(target)
        let originals = try await resources(tx, apiId: source)
        var ids: [String: String] = [:]
        for resource in originals {
            ids[resource.id] = newId(length: resource.parentId == nil ? 10 : 6)
        }
        var validatorIds: [String: String] = [:]
        for validator in try await tx.listAll(RestApiCollections.requestValidators, parent: sourceParent) {
            var copy = validator.value
            copy.id = newId()
            validatorIds[validator.id] = copy.id
            try await tx.put(RestApiCollections.requestValidators, parent: targetParent, id: copy.id, copy)
        }
        var authorizerIds: [String: String] = [:]
        for authorizer in try await tx.listAll(RestApiCollections.authorizers, parent: sourceParent) {
            var copy = authorizer.value
            copy.id = newId()
            authorizerIds[authorizer.id] = copy.id
            try await tx.put(RestApiCollections.authorizers, parent: targetParent, id: copy.id, copy)
        }
        var rootId = ""
        for resource in originals {
            var copy = resource
            copy.id = ids[resource.id] ?? newId()
            copy.parentId = resource.parentId.flatMap { ids[$0] }
            if copy.parentId == nil { rootId = copy.id }
            if var methods = copy.resourceMethods {
                for (verb, method) in methods {
                    var method = method
                    method.authorizerId = method.authorizerId.flatMap { authorizerIds[$0] }
                    method.requestValidatorId = method.requestValidatorId.flatMap { validatorIds[$0] }
                    if method.methodIntegration?.cacheNamespace == resource.id {
                        method.methodIntegration?.cacheNamespace = copy.id
                    }
                    methods[verb] = method
                }
                copy.resourceMethods = methods
            }
            try await putResource(tx, apiId: target, copy)
        }
        for model in try await tx.listAll(RestApiCollections.models, parent: sourceParent) {
            var copy = model.value
            copy.id = newId()
            try await tx.put(RestApiCollections.models, parent: targetParent, id: copy.name, copy)
        }
        for response in try await tx.listAll(RestApiCollections.gatewayResponses, parent: sourceParent) {
            try await tx.put(RestApiCollections.gatewayResponses, parent: targetParent, id: response.id, response.value)
        }
        return rootId
    }
}
