import JSON
import JSONSchemaValidation

/// REST request validation (`requestValidatorId` with `validateRequestParameters` and/or
/// `validateRequestBody`), compiled once per deployment and method (`RequestValidationPhase+Compile`).
///
/// - Parameters: every `method.request.{path|querystring|header}.NAME` the method marks required
///   must be present and not blank. Otherwise 400 `BAD_REQUEST_PARAMETERS`
///   `{"message": "Missing required request parameters: [a, b]"}` naming all that are missing, in
///   the order of their full names.
/// - Body: the model for the request's media type (`application/json` when it has none), else
///   the `$default` one; a method without `requestModels` uses `Empty`, and a method whose models
///   name neither the type nor `$default` validates no body (AWS: "If no matching content type is
///   found, request validation is not performed"). An empty body validates as `{}`. Otherwise 400
///   `BAD_REQUEST_BODY` `{"message": "Invalid request body"}`.
///
/// Both answers carry `x-amzn-ErrorType: BadRequestException`; parameters are checked first.
/// Writes `$context.error.validationErrorString` (the validator's messages, AWS's format) through
/// the `GatewayError`. A model that could not be compiled answers 500 (`API_CONFIGURATION_ERROR`).
/// Reads the path parameters, query, headers and body; parses the body at most once
/// (`Exchange.jsonBody`).
struct RequestValidationPhase: RequestPhase {
    enum Parameter: Sendable, Equatable {
        case path(String)
        case querystring(String)
        case header(String)

        var name: String {
            switch self {
            case .path(let name), .querystring(let name), .header(let name): name
            }
        }
    }

    struct BodyModels: Sendable {
        /// Media type (lower case, or `$default`) → model.
        let byMediaType: [String: RequestModels.Compiled]

        func model(forContentType contentType: String?) -> RequestModels.Compiled? {
            let mediaType = contentType.map(RequestTemplates.mediaType) ?? "application/json"
            return byMediaType[mediaType.isEmpty ? "application/json" : mediaType] ?? byMediaType["$default"]
        }
    }

    let kind = PhaseKind.requestValidation
    /// In the order AWS lists missing ones (by their full `method.request.…` name).
    let requiredParameters: [Parameter]
    /// nil: the body is not validated.
    let body: BodyModels?

    func process(_ exchange: Exchange) -> PhaseOutcome {
        if !requiredParameters.isEmpty {
            let missing = requiredParameters.filter { !isPresent($0, exchange) }
            if !missing.isEmpty { return .respond(.badRequestParameters(missing: missing.map(\.name))) }
        }
        guard let body, let model = body.model(forContentType: exchange.head.headers.first(name: "content-type")) else {
            return .proceed
        }
        let validator: JSONSchemaValidator
        switch model {
        case .unusable(let reason): return .respond(exchange.stage.dialect.internalError(cause: "request validation: \(reason)"))
        case .validator(let compiled): validator = compiled
        }
        let instance: JSONValue
        switch exchange.jsonBody() {
        case nil: instance = .object(JSONObject())
        case .success(let value)?: instance = value
        case .failure(let error)?: return .respond(.badRequestBody(report: ["Invalid JSON in the request body: \(error)"]))
        }
        if validator.isValid(instance) { return .proceed }
        // The failure path only: the messages cost a second walk.
        return .respond(.badRequestBody(report: validator.processingReport(instance)))
    }

    private func isPresent(_ parameter: Parameter, _ exchange: Exchange) -> Bool {
        switch parameter {
        case .path(let name):
            return exchange.pathParameter(name).map { !$0.isEmpty } ?? false
        case .querystring(let name):
            return exchange.queryParameters.contains { $0.name == name && !Self.isBlank($0.value[...]) }
        case .header(let name):
            return exchange.head.headers[name].contains { !Self.isBlank($0[...]) }
        }
    }

    private static func isBlank(_ text: Substring) -> Bool {
        text.allSatisfy { $0 == " " || $0 == "\t" }
    }
}
