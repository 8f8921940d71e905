/// AWS's own texts for the `apigateway` errors that many operations share (recorded against real
/// AWS in LocalStack's `test_apigateway_api.snapshot.json`, and moto's `apigateway/exceptions.py`).
extension ManagementError {
    /// `NotFoundException: Invalid API identifier specified {account}:{id}`.
    static func invalidRestApi(_ id: String, account: String) -> ManagementError {
        .notFound("Invalid API identifier specified \(account):\(id)")
    }

    static let invalidResource = ManagementError.notFound("Invalid Resource identifier specified")
    static let invalidMethod = ManagementError.notFound("Invalid Method identifier specified")
    static let invalidIntegration = ManagementError.notFound("Invalid Integration identifier specified")
    static let invalidResponseStatus = ManagementError.notFound("Invalid Response status code specified")
    static let invalidStage = ManagementError.notFound("Invalid Stage identifier specified")
    static let invalidDeployment = ManagementError.notFound("Invalid Deployment identifier specified")
    static let invalidRequestValidator = ManagementError.notFound("Invalid Request Validator identifier specified")
    static let invalidAuthorizer = ManagementError.notFound("Invalid Authorizer identifier specified")
    static let invalidApiKey = ManagementError.notFound("Invalid API Key identifier specified")
    static let invalidUsagePlan = ManagementError.notFound("Invalid Usage Plan ID specified")
    static let invalidUsagePlanKey = ManagementError.notFound("Invalid Usage Plan Key identifier specified")
    static let invalidDomainName = ManagementError.notFound("Invalid domain name identifier specified")
    static let invalidBasePathMapping = ManagementError.notFound("Invalid base path mapping identifier specified")

    /// `NotFoundException: Invalid model name specified: {name}`.
    static func invalidModelName(_ name: String) -> ManagementError {
        .notFound("Invalid model name specified: \(name)")
    }

    /// AWS's request validation failure (`ValidationException`, 400), e.g.
    /// `1 validation error detected: Value 'X' at 'putIntegrationInput.type' failed to satisfy constraint: …`.
    static func validationProblems(_ problems: [String]) -> ManagementError {
        let count = problems.count == 1 ? "1 validation error detected" : "\(problems.count) validation errors detected"
        return ManagementError(code: "ValidationException", status: 400, message: "\(count): \(problems.joined(separator: "; "))")
    }

    /// A value outside an enumeration, worded as AWS's validation layer words it.
    static func enumeration(_ value: String, at field: String, allowed: [String]) -> ManagementError {
        validationProblems(["Value '\(value)' at '\(field)' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]"])
    }

    /// A missing required member, worded as AWS's validation layer words it.
    static func requiredMember(_ field: String) -> ManagementError {
        validationProblems(["Value null at '\(field)' failed to satisfy constraint: Member must not be null"])
    }

    /// A status code outside `[1-5]\d\d`.
    static func invalidStatusCode(_ value: String) -> ManagementError {
        validationProblems(["Value '\(value)' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"])
    }
}
