import Foundation

/// The `apigatewayv2` (HTTP and WebSocket APIs) operations.
///
/// One file per resource family (`ApiHandlers.swift`, `RouteHandlers.swift`, …), each an extension
/// of this namespace with its own `register…(into:)`. Every write runs in one store transaction,
/// including its cascade and its automatic deployment (see ``HttpApiDeployer``).
///
/// WebSocket APIs (`protocolType: WEBSOCKET`) are stored and managed with their own defaults and
/// rules, but the data plane does not serve them yet.
enum ApiGatewayV2Handlers {
    static func register(into registry: inout HandlerRegistry) {
        registerApis(into: &registry)
        registerRoutes(into: &registry)
        registerRouteResponses(into: &registry)
        registerIntegrations(into: &registry)
        registerIntegrationResponses(into: &registry)
        registerStages(into: &registry)
        registerAuthorizersCache(into: &registry)
        registerDeployments(into: &registry)
        registerModels(into: &registry)
        registerAuthorizers(into: &registry)
        registerDomainNames(into: &registry)
        registerApiMappings(into: &registry)
        registerRoutingRules(into: &registry)
        registerTags(into: &registry)
        registerImportExport(into: &registry)
    }

    /// Now, in whole seconds (the API shows ISO 8601 dates without fractions).
    static func now() -> Date {
        Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }

    /// `https://{apiId}.{executeApiDomain}` (`wss://` for WebSocket APIs).
    static func apiEndpoint(apiId: String, protocolType: String, configuration: ControlPlaneConfiguration) -> String {
        "\(protocolType == "WEBSOCKET" ? "wss" : "https")://\(apiId).\(configuration.executeApiDomain)"
    }

    /// Checks that `value`, when present, has a length in `range`.
    static func checkLength(_ value: String?, _ range: ClosedRange<Int>, _ member: String) throws(ManagementError) {
        guard let value else { return }
        guard range.contains(value.count) else {
            throw .badRequest("\(member) must be between \(range.lowerBound) and \(range.upperBound) characters long")
        }
    }

    /// Checks that `value`, when present, is one of `allowed`.
    static func checkEnum(_ value: String?, _ allowed: [String], _ member: String) throws(ManagementError) {
        guard let value else { return }
        guard allowed.contains(value) else {
            throw .badRequest("Invalid \(member) specified: \(value). Must be one of [\(allowed.joined(separator: ", "))]")
        }
    }
}
