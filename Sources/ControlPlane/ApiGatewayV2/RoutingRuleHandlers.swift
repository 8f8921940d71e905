import Foundation
import GatewayModel
import GatewayStore

/// Routing rules of a custom domain name: `CreateRoutingRule`, `GetRoutingRule`,
/// `ListRoutingRules`, `PutRoutingRule`, `DeleteRoutingRule`.
///
/// AWS's rules (developer guide "Routing rules to connect API stages to a custom domain name for
/// REST APIs"):
/// - a rule has at most two `matchHeaders` conditions and one `matchBasePaths` condition, all of
///   which must hold; a rule without conditions is a catch-all;
/// - header names are matched case-insensitively and may not be ones API Gateway reserves
///   (`Authorization`, `Host`, `x-amz-*`, hop-by-hop headers, …); value globs are case-sensitive
///   and take `*` only as a prefix, a suffix or both;
/// - exactly one action, `invokeApi`, naming a stage of a REST API;
/// - priorities are 1…1,000,000 and unique within the domain name.
///
/// The domain name may have been created through either API (`apigateway` or `apigatewayv2`).
extension ApiGatewayV2Handlers {
    struct RoutingRuleInput: Decodable, Sendable {
        var actions: [ApiGatewayV2.RoutingRuleAction]?
        var conditions: [ApiGatewayV2.RoutingRuleCondition]?
        var priority: Int?
    }

    /// `ListRoutingRules` answers `routingRules`, not `items`.
    struct RoutingRulePage: Encodable, Sendable {
        var routingRules: [ApiGatewayV2.RoutingRule]
        var nextToken: String?
    }

    static let routingRulePriorities = 1...1_000_000

    static func registerRoutingRules(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "CreateRoutingRule") { ctx in
            let input = try ctx.decodeBody(RoutingRuleInput.self)
            let (priority, conditions, actions) = try checkedRoutingRule(input)
            let rule = try await ctx.store.write { tx in
                let domain = try await routingRuleDomain(try ctx.path("domainName"), tx: tx)
                try await checkRoutingRuleTargets(actions, tx: tx, ctx: ctx)
                let parent = StoreParent(domain)
                try await checkPriorityIsFree(priority, id: nil, parent: parent, tx: tx)
                let id = try await tx.newIdentifier(HttpApiCollections.routingRules, parent: parent, length: 6)
                let rule = ApiGatewayV2.RoutingRule(
                    routingRuleId: id, routingRuleArn: routingRuleArn(domain: domain, id: id, ctx: ctx),
                    priority: priority, conditions: conditions, actions: actions)
                try await tx.put(HttpApiCollections.routingRules, parent: parent, id: id, rule, condition: .ifAbsent)
                return rule
            }
            return try ctx.respond(rule)
        }
        registry.on(.apigatewayv2, "GetRoutingRule") { ctx in
            let id = try ctx.path("routingRuleId")
            let rule = try await ctx.store.read { tx in
                let domain = try await routingRuleDomain(try ctx.path("domainName"), tx: tx)
                return try await requireRoutingRule(id, domain: domain, tx: tx)
            }
            return try ctx.respond(rule)
        }
        registry.on(.apigatewayv2, "ListRoutingRules") { ctx in
            let request = try HttpApiPageRequest(ctx.request)
            let page = try await ctx.store.read { tx in
                let domain = try await routingRuleDomain(try ctx.path("domainName"), tx: tx)
                return try await request.page(HttpApiCollections.routingRules, parent: StoreParent(domain), in: tx) { $0 }
            }
            // Listed in the order they are evaluated in, within the page.
            return try ctx.respond(RoutingRulePage(routingRules: page.items.sorted { $0.priority < $1.priority }, nextToken: page.nextToken))
        }
        registry.on(.apigatewayv2, "PutRoutingRule") { ctx in
            let id = try ctx.path("routingRuleId")
            let input = try ctx.decodeBody(RoutingRuleInput.self)
            let (priority, conditions, actions) = try checkedRoutingRule(input)
            let rule = try await ctx.store.write { tx in
                let domain = try await routingRuleDomain(try ctx.path("domainName"), tx: tx)
                var rule = try await requireRoutingRule(id, domain: domain, tx: tx)
                try await checkRoutingRuleTargets(actions, tx: tx, ctx: ctx)
                try await checkPriorityIsFree(priority, id: id, parent: StoreParent(domain), tx: tx)
                rule.priority = priority
                rule.conditions = conditions
                rule.actions = actions
                try await tx.put(HttpApiCollections.routingRules, parent: StoreParent(domain), id: id, rule)
                return rule
            }
            return try ctx.respond(rule)
        }
        registry.on(.apigatewayv2, "DeleteRoutingRule") { ctx in
            let id = try ctx.path("routingRuleId")
            try await ctx.store.write { tx in
                let domain = try await routingRuleDomain(try ctx.path("domainName"), tx: tx)
                _ = try await requireRoutingRule(id, domain: domain, tx: tx)
                try await tx.delete(HttpApiCollections.routingRules, parent: StoreParent(domain), id: id)
            }
            return ctx.respondEmpty()
        }
    }

    /// The stored name of the domain the rules belong to: an `apigatewayv2` domain name as given,
    /// else an `apigateway` one (stored lowercased).
    static func routingRuleDomain(_ name: String, tx: any StoreReadTransaction) async throws -> String {
        if try await tx.get(HttpApiCollections.domainNames, id: name) != nil { return name }
        if try await tx.get(RestApiCollections.domainNames, id: name.lowercased()) != nil { return name.lowercased() }
        throw ManagementError.domainNameNotFound
    }

    static func requireRoutingRule(_ id: String, domain: String, tx: any StoreReadTransaction) async throws -> ApiGatewayV2.RoutingRule {
        guard let entry = try await tx.get(HttpApiCollections.routingRules, parent: StoreParent(domain), id: id) else {
            throw ManagementError.notFound("The routing rule resource specified in the request was not found.")
        }
        return entry.value
    }

    /// `arn:aws:apigateway:{region}:{account}:/domainnames/{domain}/routingrules/{id}`.
    static func routingRuleArn(domain: String, id: String, ctx: OperationContext) -> String {
        "arn:aws:apigateway:\(ctx.configuration.region):\(ctx.configuration.accountId):/domainnames/\(domain)/routingrules/\(id)"
    }

    /// Deletes every routing rule of a domain name (with the domain name).
    static func deleteRoutingRules(ofDomain domain: String, tx: any StoreWriteTransaction) async throws {
        for rule in try await tx.listAll(HttpApiCollections.routingRules, parent: StoreParent(domain)) {
            try await tx.delete(HttpApiCollections.routingRules, parent: StoreParent(domain), id: rule.id)
        }
    }

    // MARK: Validation

    static func checkedRoutingRule(_ input: RoutingRuleInput) throws(ManagementError)
        -> (Int, [ApiGatewayV2.RoutingRuleCondition], [ApiGatewayV2.RoutingRuleAction])
    {
        guard let priority = input.priority else { throw .missing("priority") }
        guard routingRulePriorities.contains(priority) else {
            throw .badRequest("Invalid priority specified: \(priority). Priority must be between 1 and 1000000")
        }
        guard let actions = input.actions, actions.count == 1 else {
            throw .badRequest("Exactly one action must be specified for a routing rule")
        }
        let action = actions[0].invokeApi
        guard !action.apiId.isEmpty else { throw .missing("actions[0].invokeApi.apiId") }
        guard !action.stage.isEmpty, action.stage.count <= 128 else { throw .badRequest("Invalid stage specified in invokeApi action") }
        let conditions = input.conditions ?? []
        var headerConditions = 0
        var basePathConditions = 0
        for condition in conditions {
            switch (condition.matchHeaders, condition.matchBasePaths) {
            case (let headers?, nil):
                headerConditions += 1
                try checkHeaderCondition(headers)
            case (nil, let basePaths?):
                basePathConditions += 1
                try checkBasePathCondition(basePaths)
            default:
                throw .badRequest("Each condition must contain exactly one of matchHeaders or matchBasePaths")
            }
        }
        guard headerConditions <= 2, basePathConditions <= 1 else {
            throw .badRequest("A routing rule supports up to two matchHeaders conditions and one matchBasePaths condition")
        }
        return (priority, conditions, actions)
    }

    /// Headers API Gateway does not let routing rules match on (exact names, then prefixes).
    static let reservedRoutingHeaders: Set<String> = [
        "authorization", "connection", "content-encoding", "content-length", "content-location", "forwarded",
        "host", "keep-alive", "origin", "proxy-authenticate", "proxy-authorization", "te", "trailers",
        "transfer-encoding", "upgrade", "via", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
    ]
    static let reservedRoutingHeaderPrefixes = ["access-control-", "apigw-", "x-amz-", "x-amzn-"]

    static func checkHeaderCondition(_ condition: ApiGatewayV2.RoutingRuleMatchHeaders) throws(ManagementError) {
        guard !condition.anyOf.isEmpty, condition.anyOf.count <= 10 else {
            throw .badRequest("matchHeaders.anyOf must contain between 1 and 10 header values")
        }
        for match in condition.anyOf {
            let name = match.header.lowercased()
            let isToken = !name.isEmpty && name.utf8.count <= 256 && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): true
                default: false
                }
            }
            guard isToken else { throw .badRequest("Invalid header name specified: \(match.header)") }
            if reservedRoutingHeaders.contains(name) || reservedRoutingHeaderPrefixes.contains(where: { name.hasPrefix($0) }) {
                throw .badRequest("Header \(match.header) is a restricted header and cannot be used in a routing rule condition")
            }
            try checkValueGlob(match.valueGlob)
        }
    }

    /// `value`, `*suffix`, `prefix*` or `*contains*`: printable ASCII, `*` only at the ends.
    static func checkValueGlob(_ glob: String) throws(ManagementError) {
        var core = Substring(glob)
        if core.hasPrefix("*") { core = core.dropFirst() }
        if core.hasSuffix("*") { core = core.dropLast() }
        let valid = !core.isEmpty && glob.utf8.count <= 256
            && core.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "*") }
        guard valid else {
            throw .badRequest("Invalid valueGlob specified: \(glob). A wildcard is allowed only as a prefix, a suffix, or both")
        }
    }

    static func checkBasePathCondition(_ condition: ApiGatewayV2.RoutingRuleMatchBasePaths) throws(ManagementError) {
        guard !condition.anyOf.isEmpty, condition.anyOf.count <= 5 else {
            throw .badRequest("matchBasePaths.anyOf must contain between 1 and 5 base paths")
        }
        for basePath in condition.anyOf {
            guard !basePath.isEmpty else { throw .badRequest("Invalid base path specified: an empty base path cannot be matched") }
            try checkApiMappingKey(basePath)
        }
    }

    /// The API of every `invokeApi` action is a REST API with that stage.
    static func checkRoutingRuleTargets(_ actions: [ApiGatewayV2.RoutingRuleAction], tx: any StoreReadTransaction, ctx: OperationContext) async throws {
        for action in actions {
            let target = action.invokeApi
            guard try await tx.get(DeployedCollections.restApis, id: target.apiId) != nil else {
                if try await tx.get(HttpApiCollections.apis, id: target.apiId) != nil {
                    throw ManagementError.badRequest("Routing rules can only invoke REST APIs; \(target.apiId) is not a REST API")
                }
                throw ManagementError.apiNotFound(ctx.configuration.accountId, target.apiId)
            }
            guard try await tx.get(DeployedCollections.restStages, parent: StoreParent(target.apiId), id: target.stage) != nil else {
                throw ManagementError.stageNotFound
            }
        }
    }

    static func checkPriorityIsFree(_ priority: Int, id: String?, parent: StoreParent, tx: any StoreReadTransaction) async throws {
        for entry in try await tx.listAll(HttpApiCollections.routingRules, parent: parent) where entry.id != id && entry.value.priority == priority {
            throw ManagementError.conflict("A routing rule with priority \(priority) already exists for this domain name")
        }
    }
}
