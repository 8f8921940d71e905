public import JSON
public import MappingTemplates
public import NIOCore

extension Exchange {
    /// What a mapping template renders against: `$input` over `body` (the method request's, or
    /// the integration response's), the method request's parameters, `$context` (built only when
    /// `context` says the template reads it) and `$stageVariables`.
    func templateInput(body: ByteBuffer?, context: Bool, error: TemplateErrorContext? = nil) -> TemplateInput {
        var path: [(name: String, value: String)] = []
        path.reserveCapacity(pathParameters.count)
        for (name, raw) in pathParameters { path.append((name, QueryString.decode(raw, plusAsSpace: false))) }
        var header: [(name: String, value: String)] = []
        header.reserveCapacity(head.headers.count)
        for (name, value) in head.headers { header.append((name, value)) }
        return TemplateInput(
            body: body.map { String(buffer: $0) } ?? "", path: path, querystring: queryParameters, header: header,
            context: context ? templateContext(error: error) : [:],
            stageVariables: stage.variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// `$context` as a template sees it: the request's identifiers, stage, resource, identity and
    /// authorizer (a Lambda authorizer's context values stringified, as AWS documents), and the
    /// `error` of a gateway response. Fields the request does not have are left out (they render
    /// as empty strings).
    public func templateContext(error: TemplateErrorContext? = nil) -> JSONObject {
        var object = JSONObject()
        object["accountId"] = .string(context.accountId)
        object["apiId"] = .string(context.apiId)
        object["deploymentId"] = .string(context.deploymentId)
        object["domainName"] = .string(context.domainName)
        object["domainPrefix"] = .string(context.domainPrefix)
        object["extendedRequestId"] = .string(context.extendedRequestId)
        object["httpMethod"] = .string(context.httpMethod)
        object["isCanaryRequest"] = .bool(context.isCanaryRequest)
        object["path"] = .string(context.path)
        object["protocol"] = .string(context.`protocol`)
        object["requestId"] = .string(context.requestId)
        object["requestTime"] = .string(context.requestTime)
        object["requestTimeEpoch"] = .number(Double(context.requestTimeEpoch))
        object["resourceId"] = .string(context.resourceId)
        object["resourcePath"] = .string(context.resourcePath)
        object["stage"] = .string(context.stage)
        if let traceId = context.xrayTraceId { object["xrayTraceId"] = .string(traceId) }

        var identity = JSONObject()
        identity["sourceIp"] = .string(context.sourceIp)
        if let value = context.userAgent { identity["userAgent"] = .string(value) }
        if let value = context.identityAccessKey { identity["accessKey"] = .string(value) }
        if let value = context.identityAccountId {
            identity["accountId"] = .string(value)
            // The account root's caller and user are its account id (as `$context` mapping does).
            identity["caller"] = .string(value)
            identity["user"] = .string(value)
        }
        if let value = context.identityUserArn { identity["userArn"] = .string(value) }
        if let value = context.apiKey { identity["apiKey"] = .string(value) }
        if let value = context.apiKeyId { identity["apiKeyId"] = .string(value) }
        object["identity"] = .object(identity)

        if let authorizer = context.authorizer {
            var output = JSONObject()
            if let principalId = authorizer.principalId { output["principalId"] = .string(principalId) }
            if let claims = authorizer.claims { output["claims"] = .object(Self.stringified(claims)) }
            if let context = authorizer.context {
                for entry in Self.stringified(context) where entry.key != "principalId" && entry.key != "claims" {
                    output[entry.key] = entry.value
                }
            }
            if let latency = authorizer.integrationLatency { output["integrationLatency"] = .number(Double(latency)) }
            object["authorizer"] = .object(output)
        }

        if let error {
            var errorObject = JSONObject()
            errorObject["message"] = .string(error.message)
            errorObject["messageString"] = .string(JSONWriter.compact(.string(error.message)))
            errorObject["responseType"] = .string(error.responseType)
            if let validation = error.validationErrorString { errorObject["validationErrorString"] = .string(validation) }
            object["error"] = .object(errorObject)
        }
        return object
    }

    /// AWS gives templates a Lambda authorizer's context values (and token claims) as strings:
    /// `1` as `"1"`, `true` as `"true"`.
    private static func stringified(_ object: JSONObject) -> JSONObject {
        JSONObject(object.map { ($0.key, .string($0.value.stringValue ?? JSONWriter.compact($0.value))) })
    }

    /// Renders a template for a gateway response (the custom gateway responses' templates), with
    /// `$input` the method request and `$context.error.message`, `.messageString` (the message as
    /// a JSON string, quotes included), `.responseType` and `.validationErrorString`.
    ///
    /// Static text is returned as it is. A template that fails to parse or render gives the
    /// failure's cause (for the log); the caller answers with the default body.
    public func renderGatewayResponseTemplate(
        _ template: MappingTemplate, error: GatewayError, validationErrorString: String? = nil
    ) -> Result<ByteBuffer, GatewayResponseTemplateFailure> {
        let errorContext = TemplateErrorContext(
            message: error.message, responseType: error.type.rawValue, validationErrorString: validationErrorString)
        switch template.render(templateInput(body: body, context: true, error: errorContext), what: "gateway response template") {
        case .success((let body, _)): return .success(body)
        case .failure(let failure): return .failure(GatewayResponseTemplateFailure(cause: failure.cause))
        }
    }
}

/// `$context.error` of a gateway response.
public struct TemplateErrorContext: Sendable {
    public var message: String
    public var responseType: String
    public var validationErrorString: String?

    public init(message: String, responseType: String, validationErrorString: String? = nil) {
        self.message = message
        self.responseType = responseType
        self.validationErrorString = validationErrorString
    }
}

/// Why a gateway response's template gave no body (logged, never sent).
public struct GatewayResponseTemplateFailure: Error, Sendable, CustomStringConvertible {
    public let cause: String
    public var description: String { cause }
}
