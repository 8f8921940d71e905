import GatewayModel

extension RequestValidationPhase {
    /// The validation phase of `method`, or nil when its validator checks nothing (no
    /// `requestValidatorId`, or one that validates neither parameters nor body). A validator id
    /// the deployment does not know is reported and validates nothing, as AWS refuses such a
    /// method when it is written.
    static func compile(
        _ method: GatewayModel.Method, validators: [RequestValidator], models: inout RequestModels, where location: String,
        diagnostics: inout [String]
    ) -> RequestValidationPhase? {
        guard let id = method.requestValidatorId, !id.isEmpty else { return nil }
        guard let validator = validators.first(where: { $0.id == id }) else {
            diagnostics.append("\(location): request validator \(id) is not in the deployment (nothing validated)")
            return nil
        }
        var parameters: [Parameter] = []
        if validator.validateRequestParameters == true {
            for (key, required) in (method.requestParameters ?? [:]).sorted(by: { $0.key < $1.key }) where required {
                if let name = key.dropPrefix("method.request.path.") {
                    parameters.append(.path(name))
                } else if let name = key.dropPrefix("method.request.querystring.") {
                    parameters.append(.querystring(name))
                } else if let name = key.dropPrefix("method.request.header.") {
                    parameters.append(.header(name))
                } else {
                    diagnostics.append("\(location): required parameter \(key) is not a path, query string or header parameter (not checked)")
                }
            }
        }
        var body: BodyModels?
        if validator.validateRequestBody == true {
            var byMediaType: [String: RequestModels.Compiled] = [:]
            let requestModels = method.requestModels ?? [:]
            for (contentType, name) in requestModels.isEmpty ? ["$default": "Empty"] : requestModels {
                let compiled = models.model(named: name)
                if case .unusable(let reason) = compiled { diagnostics.append("\(location): \(reason): requests answer 500") }
                byMediaType[contentType == "$default" ? contentType : RequestTemplates.mediaType(contentType)] = compiled
            }
            body = BodyModels(byMediaType: byMediaType)
        }
        guard !parameters.isEmpty || body != nil else { return nil }
        return RequestValidationPhase(requiredParameters: parameters, body: body)
    }
}
