import Foundation
import GatewayModel
import GatewayStore
import JSON

/// `CreateDomainName`, `GetDomainName`, `GetDomainNames`, `UpdateDomainName`, `DeleteDomainName`;
/// `CreateBasePathMapping`, `GetBasePathMapping`, `GetBasePathMappings`, `UpdateBasePathMapping`,
/// `DeleteBasePathMapping`.
///
/// Certificate bodies and private keys sent with `CreateDomainName` are not stored: Portcullis's
/// listeners take their certificates from the process configuration.
extension ApiGatewayHandlers {
    struct CreateDomainNameInput: Decodable {
        var domainName: String?
        var certificateName: String?
        var certificateArn: String?
        var regionalCertificateName: String?
        var regionalCertificateArn: String?
        var endpointConfiguration: EndpointConfiguration?
        var tags: [String: String]?
        var securityPolicy: String?
        var mutualTlsAuthentication: MutualTlsAuthentication?
        var ownershipVerificationCertificateArn: String?
        var policy: String?
        var routingMode: String?
    }

    /// How a domain name routes: by base path mappings, routing rules, or rules then mappings.
    static let routingModes = ["API_MAPPING_ONLY", "ROUTING_RULE_ONLY", "ROUTING_RULE_THEN_API_MAPPING"]

    struct CreateBasePathMappingInput: Decodable {
        var basePath: String?
        var restApiId: String?
        var stage: String?
    }

    static func registerDomainNames(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "CreateDomainName") { ctx in
            let input = try ctx.decodeBody(CreateDomainNameInput.self)
            guard let name = input.domainName?.lowercased(), !name.isEmpty else { throw ManagementError.badRequest("No Domain Name specified") }
            let endpoint = try checkedEndpointConfiguration(input.endpointConfiguration, input: "createDomainNameInput")
            if let policy = input.securityPolicy, !securityPolicies.contains(policy) {
                throw ManagementError.enumeration(policy, at: "createDomainNameInput.securityPolicy", allowed: securityPolicies)
            }
            if let mode = input.routingMode, !routingModes.contains(mode) {
                throw ManagementError.enumeration(mode, at: "createDomainNameInput.routingMode", allowed: routingModes)
            }
            var domain = DomainName(domainName: name)
            domain.certificateName = input.certificateName
            domain.certificateArn = input.certificateArn
            domain.regionalCertificateName = input.regionalCertificateName
            domain.regionalCertificateArn = input.regionalCertificateArn
            domain.endpointConfiguration = endpoint
            domain.securityPolicy = input.securityPolicy ?? "TLS_1_2"
            domain.domainNameStatus = "AVAILABLE"
            domain.tags = input.tags?.isEmpty == false ? input.tags : nil
            domain.mutualTlsAuthentication = input.mutualTlsAuthentication
            domain.ownershipVerificationCertificateArn = input.ownershipVerificationCertificateArn
            domain.policy = input.policy
            domain.routingMode = input.routingMode ?? "API_MAPPING_ONLY"
            domain.certificateUploadDate = input.certificateArn == nil && input.certificateName != nil ? now() : nil
            if endpoint.types == ["EDGE"] {
                domain.distributionDomainName = "\(newId(length: 14)).cloudfront.net"
                domain.distributionHostedZoneId = "Z2FDTNDATAQYW2"
            } else {
                domain.regionalDomainName = "d-\(newId(length: 10)).execute-api.\(ctx.configuration.region).amazonaws.com"
                domain.regionalHostedZoneId = "Z1UJRXOUMOOFQ8"
            }
            let created = try await ctx.store.write { tx in
                if try await tx.get(RestApiCollections.domainNames, id: name) != nil {
                    throw ManagementError.conflict("The domain name you provided already exists.")
                }
                try await tx.put(RestApiCollections.domainNames, id: name, domain, condition: .ifAbsent)
                return domain
            }
            return try ctx.respond(created)
        }

        registry.on(.apigateway, "GetDomainName") { ctx in
            let name = try ctx.path("domain_name").lowercased()
            let domain = try await ctx.store.read { tx in try await requireDomainName(tx, name) }
            return try ctx.respond(domain)
        }

        registry.on(.apigateway, "GetDomainNames") { ctx in
            let window = try ListWindow(ctx.request)
            let domains = try await ctx.store.read { tx in try await tx.listAll(RestApiCollections.domainNames).map(\.value) }
            let page = window.page(domains, key: \.domainName)
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "UpdateDomainName") { ctx in
            let name = try ctx.path("domain_name").lowercased()
            let operations = try patchOperations(ctx)
            let domain = try await ctx.store.write { tx in
                let domain = try await requireDomainName(tx, name)
                var patched = try PatchApplier.apply(operations, to: domain, schema: domainNamePatchSchema)
                patched.domainName = name
                if let policy = patched.securityPolicy, !securityPolicies.contains(policy) {
                    throw ManagementError.badRequest("Invalid security policy specified. Valid options are \(securityPolicies.joined(separator: ","))")
                }
                if let mode = patched.routingMode, !routingModes.contains(mode) {
                    throw ManagementError.badRequest("Invalid routing mode specified. Valid options are \(routingModes.joined(separator: ","))")
                }
                if let types = patched.endpointConfiguration?.types, types.count != 1 || !endpointTypes.contains(types[0]) {
                    throw ManagementError.badRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE")
                }
                try await tx.put(RestApiCollections.domainNames, id: name, patched)
                return patched
            }
            return try ctx.respond(domain)
        }

        registry.on(.apigateway, "DeleteDomainName") { ctx in
            let name = try ctx.path("domain_name").lowercased()
            try await ctx.store.write { tx in
                _ = try await requireDomainName(tx, name)
                try await tx.deleteAll(under: RestApiCollections.domainNameParent(name))
                if try await tx.get(HttpApiCollections.domainNames, id: name) == nil {
                    try await ApiGatewayV2Handlers.deleteRoutingRules(ofDomain: name, tx: tx)
                }
                try await tx.delete(RestApiCollections.domainNames, id: name)
            }
            return ctx.respondEmpty()
        }

        registry.on(.apigateway, "CreateBasePathMapping") { ctx in
            let name = try ctx.path("domain_name").lowercased()
            let input = try ctx.decodeBody(CreateBasePathMappingInput.self)
            let basePath = try checkedBasePath(input.basePath)
            let mapping = try await ctx.store.write { tx in
                _ = try await requireDomainName(tx, name)
                let mapping = BasePathMapping(basePath: basePath, restApiId: input.restApiId, stage: input.stage)
                try await checkMappingTarget(tx, mapping)
                let parent = RestApiCollections.domainNameParent(name)
                if try await tx.get(RestApiCollections.basePathMappings, parent: parent, id: basePath) != nil {
                    throw ManagementError.conflict("Base path already exists for this domain name")
                }
                try await tx.put(RestApiCollections.basePathMappings, parent: parent, id: basePath, mapping, condition: .ifAbsent)
                return mapping
            }
            return try ctx.respond(mapping)
        }

        registry.on(.apigateway, "GetBasePathMapping") { ctx in
            let name = try ctx.path("domain_name").lowercased()
            let basePath = try ctx.path("base_path")
            let mapping = try await ctx.store.read { tx in try await requireBasePathMapping(tx, name, basePath) }
            return try ctx.respond(mapping)
        }

        registry.on(.apigateway, "GetBasePathMappings") { ctx in
            let name = try ctx.path("domain_name").lowercased()
            let window = try ListWindow(ctx.request)
            let mappings = try await ctx.store.read { tx in
                _ = try await requireDomainName(tx, name)
                return try await tx.listAll(RestApiCollections.basePathMappings, parent: RestApiCollections.domainNameParent(name)).map(\.value)
            }
            let page = window.page(mappings, key: { $0.basePath ?? "" })
            return try ctx.respond(ItemList(page.items, position: page.position))
        }

        registry.on(.apigateway, "UpdateBasePathMapping") { ctx in
            let name = try ctx.path("domain_name").lowercased()
            let basePath = try ctx.path("base_path")
            let operations = try patchOperations(ctx).map { operation in
                var operation = operation
                if operation.path == "/restapiId" { operation.path = "/restApiId" }
                return operation
            }
            let mapping = try await ctx.store.write { tx in
                let mapping = try await requireBasePathMapping(tx, name, basePath)
                var patched = try PatchApplier.apply(operations, to: mapping, schema: basePathMappingPatchSchema)
                patched.basePath = try checkedBasePath(patched.basePath)
                try await checkMappingTarget(tx, patched)
                let parent = RestApiCollections.domainNameParent(name)
                if patched.basePath != mapping.basePath {
                    if try await tx.get(RestApiCollections.basePathMappings, parent: parent, id: patched.basePath ?? "") != nil {
                        throw ManagementError.conflict("Base path already exists for this domain name")
                    }
                    try await tx.delete(RestApiCollections.basePathMappings, parent: parent, id: mapping.basePath ?? basePath)
                }
                try await tx.put(RestApiCollections.basePathMappings, parent: parent, id: patched.basePath ?? basePath, patched)
                return patched
            }
            return try ctx.respond(mapping)
        }

        registry.on(.apigateway, "DeleteBasePathMapping") { ctx in
            let name = try ctx.path("domain_name").lowercased()
            let basePath = try ctx.path("base_path")
            try await ctx.store.write { tx in
                let mapping = try await requireBasePathMapping(tx, name, basePath)
                try await tx.delete(RestApiCollections.basePathMappings, parent: RestApiCollections.domainNameParent(name), id: mapping.basePath ?? basePath)
            }
            return ctx.respondEmpty()
        }
    }

    /// The `SecurityPolicy` enum of the `apigateway` model (the listener applies each one).
    static let securityPolicies = [
        "TLS_1_0", "TLS_1_2", "SecurityPolicy_TLS13_1_3_2025_09", "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
        "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09", "SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09",
        "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09", "SecurityPolicy_TLS13_1_2_PQ_2025_09", "SecurityPolicy_TLS13_1_2_2021_06",
        "SecurityPolicy_TLS13_2025_EDGE", "SecurityPolicy_TLS12_PFS_2025_EDGE", "SecurityPolicy_TLS12_2018_EDGE",
    ]

    static let domainNamePatchSchema = PatchSchema([
        .init("/certificateName", [.replace], .string),
        .init("/certificateArn", [.replace], .string),
        .init("/regionalCertificateName", [.replace], .string),
        .init("/regionalCertificateArn", [.replace], .string),
        .init("/securityPolicy", [.replace], .string),
        .init("/policy", [.replace], .string),
        .init("/routingMode", [.replace], .string),
        .init("/ownershipVerificationCertificateArn", [.replace], .string),
        .init("/endpointConfiguration/types/*", [.replace], .member),
        .init("/mutualTlsAuthentication/truststoreUri", [.replace], .string),
        .init("/mutualTlsAuthentication/truststoreVersion", [.replace], .string),
    ])

    static let basePathMappingPatchSchema = PatchSchema([
        .init("/basePath", [.replace], .string),
        .init("/restApiId", [.replace], .string),
        .init("/stage", [.replace], .string),
    ])

    /// `(none)` for an empty base path; v1 base paths are one segment.
    static func checkedBasePath(_ basePath: String?) throws(ManagementError) -> String {
        guard let basePath, !basePath.isEmpty, basePath != BasePathMapping.rootBasePath else { return BasePathMapping.rootBasePath }
        guard !basePath.contains("/") else {
            throw .badRequest(
                "API Gateway V1 doesn't support the slash character (/) in base path mappings. To create a multi-level base path mapping, use API Gateway V2.")
        }
        return basePath
    }

    static func checkMappingTarget(_ tx: any StoreReadTransaction, _ mapping: BasePathMapping) async throws {
        guard let apiId = mapping.restApiId, try await tx.get(DeployedCollections.restApis, id: apiId) != nil else {
            throw ManagementError.badRequest("Invalid REST API identifier specified")
        }
        if let stage = mapping.stage, try await tx.get(DeployedCollections.restStages, parent: StoreParent(apiId), id: stage) == nil {
            throw ManagementError.badRequest("Invalid stage identifier specified")
        }
    }

    static func requireDomainName(_ tx: any StoreReadTransaction, _ name: String) async throws -> DomainName {
        guard let domain = try await tx.get(RestApiCollections.domainNames, id: name) else { throw ManagementError.invalidDomainName }
        return domain.value
    }

    static func requireBasePathMapping(_ tx: any StoreReadTransaction, _ name: String, _ basePath: String) async throws -> BasePathMapping {
        _ = try await requireDomainName(tx, name)
        let id = basePath.isEmpty ? BasePathMapping.rootBasePath : basePath
        guard let mapping = try await tx.get(RestApiCollections.basePathMappings, parent: RestApiCollections.domainNameParent(name), id: id) else {
            throw ManagementError.invalidBasePathMapping
        }
        return mapping.value
    }
}
