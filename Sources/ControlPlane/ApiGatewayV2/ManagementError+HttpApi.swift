/// The `apigatewayv2` errors whose wording is AWS's.
///
/// Sources: `Invalid API identifier specified {account}:{id}` (aws/aws-sdk-js#2458,
/// aws/aws-sam-cli#7030, answers of the real service); the `Invalid {Resource} identifier specified
/// {id}` family follows the same service's wording for the resources below the API (as moto's
/// `apigatewayv2/exceptions.py` records it); `Cannot delete Integration because it is referenced
/// by the following Routes with Ids: [...]` (a real answer quoted in
/// milliHQ/terraform-aws-next-js#247); `Unable to deploy API because no routes exist in this API`
/// (mach-composer/mach-composer-cli#42); `Unable to find Route by key … within the provided
/// RouteSettings` (terraform-aws-modules/terraform-aws-apigateway-v2#80); `Currently, an API with
/// a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)`
/// (aws/aws-cli#6363); `The provided route key "…" has a conflicting variable on the same
/// hierarchical level as "…"` (plutomi/plutomi#271); `One or more path parts appear to be
/// invalid` (serverless/serverless#10423).
extension ManagementError {
    static func apiNotFound(_ accountId: String, _ apiId: String) -> ManagementError {
        .notFound("Invalid API identifier specified \(accountId):\(apiId)")
    }

    static func identifierNotFound(_ resource: String, _ id: String) -> ManagementError {
        .notFound("Invalid \(resource) identifier specified \(id)")
    }

    /// moto's `apigatewayv2/exceptions.py` wording, as for the domain name and API mapping ones.
    static let stageNotFound = ManagementError.notFound("Invalid stage identifier specified")
    static let domainNameNotFound = ManagementError.notFound("The domain name resource specified in the request was not found.")
    static let domainNameExists = ManagementError.conflict("The domain name resource already exists.")
    static let apiMappingNotFound = ManagementError.notFound("The api mapping resource specified in the request was not found.")

    static func routeSettingsKeyNotFound(_ routeKey: String) -> ManagementError {
        .notFound("Unable to find Route by key \(routeKey) within the provided RouteSettings")
    }

    static let noRoutesToDeploy = ManagementError.badRequest("Unable to deploy API because no routes exist in this API")

    static let invalidPathParts = ManagementError.badRequest("One or more path parts appear to be invalid")

    static func integrationInUse(_ routeIds: [String]) -> ManagementError {
        .conflict("Cannot delete Integration because it is referenced by the following Routes with Ids: [\(routeIds.joined(separator: ", "))]")
    }

    static func conflictingVariable(_ routeKey: String, _ existing: String) -> ManagementError {
        .conflict("The provided route key \"\(routeKey)\" has a conflicting variable on the same hierarchical level as \"\(existing)\"")
    }

    static let httpApisTakeProxyIntegrationsOnly = ManagementError.badRequest(
        "Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)")

    /// A required member is missing from the body.
    static func missing(_ member: String) -> ManagementError {
        .badRequest("\(member) is required")
    }
}
