extension ApiGatewayV2 {
    /// A routing rule of a custom domain name (`apigatewayv2` `RoutingRule`): when every condition
    /// holds, the request goes to a stage of a REST API. Rules are tried in ascending `priority`
    /// (1…1,000,000, unique within the domain) when the domain's `routingMode` is
    /// `ROUTING_RULE_ONLY` or `ROUTING_RULE_THEN_API_MAPPING`.
    public struct RoutingRule: Codable, Sendable, Hashable {
        public var routingRuleId: String
        public var routingRuleArn: String?
        public var priority: Int
        /// At most two `matchHeaders` and one `matchBasePaths`, all of which must hold; none makes
        /// a catch-all rule.
        public var conditions: [RoutingRuleCondition]
        /// Exactly one: `invokeApi`.
        public var actions: [RoutingRuleAction]

        public init(routingRuleId: String, routingRuleArn: String? = nil, priority: Int, conditions: [RoutingRuleCondition], actions: [RoutingRuleAction]) {
            self.routingRuleId = routingRuleId
            self.routingRuleArn = routingRuleArn
            self.priority = priority
            self.conditions = conditions
            self.actions = actions
        }
    }

    /// One condition: either headers (any of the name/glob pairs) or base paths (any of them).
    public struct RoutingRuleCondition: Codable, Sendable, Hashable {
        public var matchHeaders: RoutingRuleMatchHeaders?
        public var matchBasePaths: RoutingRuleMatchBasePaths?

        public init(matchHeaders: RoutingRuleMatchHeaders? = nil, matchBasePaths: RoutingRuleMatchBasePaths? = nil) {
            self.matchHeaders = matchHeaders
            self.matchBasePaths = matchBasePaths
        }
    }

    public struct RoutingRuleMatchHeaders: Codable, Sendable, Hashable {
        public var anyOf: [RoutingRuleMatchHeaderValue]

        public init(anyOf: [RoutingRuleMatchHeaderValue]) { self.anyOf = anyOf }
    }

    /// A header name (case-insensitive) and a value glob (case-sensitive; `*` only as a prefix,
    /// a suffix or both).
    public struct RoutingRuleMatchHeaderValue: Codable, Sendable, Hashable {
        public var header: String
        public var valueGlob: String

        public init(header: String, valueGlob: String) {
            self.header = header
            self.valueGlob = valueGlob
        }
    }

    public struct RoutingRuleMatchBasePaths: Codable, Sendable, Hashable {
        /// Case-sensitive base paths, each matched at path-segment boundaries.
        public var anyOf: [String]

        public init(anyOf: [String]) { self.anyOf = anyOf }
    }

    public struct RoutingRuleAction: Codable, Sendable, Hashable {
        public var invokeApi: RoutingRuleActionInvokeApi

        public init(invokeApi: RoutingRuleActionInvokeApi) { self.invokeApi = invokeApi }
    }

    /// Invoke `stage` of the REST API `apiId`; with `stripBasePath` the matched base path is
    /// removed from the path the API sees.
    public struct RoutingRuleActionInvokeApi: Codable, Sendable, Hashable {
        public var apiId: String
        public var stage: String
        public var stripBasePath: Bool?

        public init(apiId: String, stage: String, stripBasePath: Bool? = nil) {
            self.apiId = apiId
            self.stage = stage
            self.stripBasePath = stripBasePath
        }
    }
}
