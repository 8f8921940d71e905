import Foundation
import GatewayModel
import GatewayStore

/// Custom domain names: `CreateDomainName`, `GetDomainName`, `GetDomainNames`,
/// `UpdateDomainName`, `DeleteDomainName`.
///
/// Each `domainNameConfiguration` gets AWS's defaults (`endpointType` `REGIONAL`,
/// `securityPolicy` `TLS_1_2`, `ipAddressType` `ipv4`, status `AVAILABLE`) and a generated
/// `apiGatewayDomainName` (`d-{10 characters}.execute-api.{region}.amazonaws.com`) with the
/// region's hosted zone; a domain created without configurations gets one regional
/// configuration. Deleting a domain deletes its API mappings and routing rules in the same transaction.
/// (Certificates are not checked: TLS for custom domains is the listener's configuration.)
extension ApiGatewayV2Handlers {
    struct DomainNameInput: Decodable, Sendable {
        var domainName: String?
        var domainNameConfigurations: [ApiGatewayV2.DomainNameConfiguration]?
        var mutualTlsAuthentication: ApiGatewayV2.MutualTlsAuthentication?
        var routingMode: String?
        var tags: [String: String]?
    }

    /// The hosted zones of Regional `execute-api` endpoints, for the regions whose zone is known.
    static let regionalHostedZones: [String: String] = [
        "us-east-1": "Z1UJRXOUMOOFQ8", "us-east-2": "ZOJJZC49E0EPZ", "us-west-1": "Z2MUQ32089INYE",
        "us-west-2": "Z2OJLYMUO9EFXC", "eu-west-1": "ZLY8HYME6SFDD", "eu-west-2": "ZJ5UAJN8Y3Z2Q",
        "eu-central-1": "Z1U9ULNL0V5AJ3", "ap-northeast-1": "Z1YSHQZHG15GKL", "ap-southeast-1": "ZL327KTPIQFUL",
        "ap-southeast-2": "Z2RPCDW04V8134",
    ]

    static func registerDomainNames(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateDomainName") { ctx in
            let input = try ctx.decodeBody(DomainNameInput.self)
            guard let name = input.domainName, !name.isEmpty else { throw ManagementError.missing("domainName") }
            try checkLength(name, 1...512, "domainName")
            try checkEnum(input.routingMode, ["API_MAPPING_ONLY", "ROUTING_RULE_ONLY", "ROUTING_RULE_THEN_API_MAPPING"], "routingMode")
            try checkTags(input.tags)
            let domain = try await ctx.store.write { tx in
                guard try await tx.get(HttpApiCollections.domainNames, id: name) == nil else { throw ManagementError.domainNameExists }
                var domain = ApiGatewayV2.DomainName(domainName: name)
                domain.apiMappingSelectionExpression = "$request.basepath"
                domain.domainNameArn = "arn:aws:apigateway:\(ctx.configuration.region)::/domainnames/\(name)"
                domain.domainNameConfigurations = try completeConfigurations(
                    input.domainNameConfigurations ?? [ApiGatewayV2.DomainNameConfiguration()], previous: [], ctx: ctx)
                domain.mutualTlsAuthentication = input.mutualTlsAuthentication
                domain.routingMode = input.routingMode ?? "API_MAPPING_ONLY"
                domain.tags = input.tags ?? [:]
                try await tx.put(HttpApiCollections.domainNames, id: name, domain, condition: .ifAbsent)
                return domain
            }
            return try ctx.respond(domain)
        }
        registry.on(.apigatewayv2, "GetDomainName") { ctx in
            let name = try ctx.path("domainName")
            let domain = try await ctx.store.read { tx in try await tx.requireDomainName(name) }
            return try ctx.respond(domain)
        }
        registry.on(.apigatewayv2, "GetDomainNames") { ctx in
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in try await request.page(HttpApiCollections.domainNames, in: tx) { $0 } }
            return try ctx.respond(page)
        }
        registry.on(.apigatewayv2, "UpdateDomainName") { ctx in
            let name = try ctx.path("domainName")
            let input = try ctx.decodeBody(DomainNameInput.self)
            try checkEnum(input.routingMode, ["API_MAPPING_ONLY", "ROUTING_RULE_ONLY", "ROUTING_RULE_THEN_API_MAPPING"], "routingMode")
            let domain = try await ctx.store.write { tx in
                var domain = try await tx.requireDomainName(name)
                if let configurations = input.domainNameConfigurations {
                    domain.domainNameConfigurations = try completeConfigurations(
                        configurations, previous: domain.domainNameConfigurations ?? [], ctx: ctx)
                }
                if let value = input.mutualTlsAuthentication { domain.mutualTlsAuthentication = value }
                if let value = input.routingMode { domain.routingMode = value }
                try await tx.put(HttpApiCollections.domainNames, id: name, domain)
                return domain
            }
            return try ctx.respond(domain)
        }
        registry.on(.apigatewayv2, "DeleteDomainName") { ctx in
            let name = try ctx.path("domainName")
            try await ctx.store.write { tx in
                _ = try await tx.requireDomainName(name)
                for mapping in try await tx.listAll(HttpApiCollections.apiMappings, parent: StoreParent(name)) {
                    try await tx.delete(HttpApiCollections.apiMappings, parent: StoreParent(name), id: mapping.id)
                }
                if try await tx.get(RestApiCollections.domainNames, id: name.lowercased()) == nil {
                    try await deleteRoutingRules(ofDomain: name, tx: tx)
                }
                try await tx.delete(HttpApiCollections.domainNames, id: name)
            }
            return ctx.respondEmpty()
        }
    }

    /// Fills in AWS's defaults; a configuration of an endpoint type the domain already had keeps
    /// its generated target host.
    static func completeConfigurations(
        _ configurations: [ApiGatewayV2.DomainNameConfiguration], previous: [ApiGatewayV2.DomainNameConfiguration], ctx: OperationContext
    ) throws(ManagementError) -> [ApiGatewayV2.DomainNameConfiguration] {
        guard configurations.count <= 1 else {
            throw .badRequest("Only one domainNameConfiguration is supported per domain name")
        }
        return try configurations.map { (configuration: ApiGatewayV2.DomainNameConfiguration) throws(ManagementError) in
            var configuration = configuration
            configuration.endpointType = configuration.endpointType ?? "REGIONAL"
            try checkEnum(configuration.endpointType, ["REGIONAL", "EDGE"], "endpointType")
            configuration.securityPolicy = configuration.securityPolicy ?? "TLS_1_2"
            try checkEnum(configuration.securityPolicy, ["TLS_1_0", "TLS_1_2"], "securityPolicy")
            configuration.ipAddressType = configuration.ipAddressType ?? "ipv4"
            try checkEnum(configuration.ipAddressType, ["ipv4", "dualstack"], "ipAddressType")
            let earlier = previous.first { $0.endpointType == configuration.endpointType }
            configuration.apiGatewayDomainName = earlier?.apiGatewayDomainName
                ?? "d-\(ResourceIdentifier.random(length: 10)).execute-api.\(ctx.configuration.region).amazonaws.com"
            configuration.hostedZoneId = regionalHostedZones[ctx.configuration.region]
            configuration.domainNameStatus = "AVAILABLE"
            configuration.domainNameStatusMessage = nil
            return configuration
        }
    }
}
