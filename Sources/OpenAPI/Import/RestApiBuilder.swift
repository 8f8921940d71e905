import GatewayModel
import JSON

/// Builds a REST API (`RestApiSnapshot`) from a document, as `ImportRestApi` does: the resource
/// tree, methods, method responses, integrations and integration responses, and the API-level
/// extensions. Values API Gateway fills in on import are filled in the same way (an
/// integration's `passthroughBehavior` `WHEN_NO_MATCH`, `timeoutInMillis` 29,000,
/// `cacheNamespace` = the resource id, `cacheKeyParameters` `[]`, `connectionType` `INTERNET`
/// for non-mock integrations), so the model reads as `GetIntegration` answers.
struct RestApiBuilder {
    let document: OpenAPIDocument
    let apiId: String
    let basePathMode: BasePathMode
    let log: DiagnosticCollector

    /// Root extensions this builder reads.
    static let rootExtensions: Set<String> = [
        "x-amazon-apigateway-api-key-source", "x-amazon-apigateway-binary-media-types",
        "x-amazon-apigateway-documentation", "x-amazon-apigateway-endpoint-configuration",
        "x-amazon-apigateway-gateway-responses", "x-amazon-apigateway-minimum-compression-size",
        "x-amazon-apigateway-policy", "x-amazon-apigateway-request-validator",
        "x-amazon-apigateway-request-validators", "x-amazon-apigateway-importexport-version",
        "x-amazon-apigateway-security-policy", "x-amazon-apigateway-endpoint-access-mode",
    ]
    static let operationExtensions: Set<String> = [
        "x-amazon-apigateway-integration", "x-amazon-apigateway-auth", "x-amazon-apigateway-request-validator",
    ]

    private var root: DocumentNode { document.root }

    func build() -> RestApiSnapshot {
        var api = RestApi(id: apiId, name: document.title, description: document.description, version: document.version)
        readRootExtensions(into: &api)
        let catalog = SecuritySchemeCatalog.read(document, log)
        let authorizers = catalog.authorizerSchemes.compactMap { AuthorizerExtension.restAuthorizer($0, id: authorizerId($0.name), log) }
        let validators = readRequestValidators()
        let models = ModelReader(document: document, apiId: apiId, log: log).models()

        var tree = ResourceTree(apiId: apiId)
        let prefix = document.basePrefix(basePathMode, log: log)
        tree.ensure(prefix, at: document.basePathLocation, log)

        for entry in OperationEntry.all(in: document, apiType: .rest, log) {
            guard let template = entry.template else { continue }
            let full = prefix.appending(template)
            guard let resourceId = tree.ensure(full, at: entry.pathItem.path, log) else { continue }
            let method = buildMethod(
                entry, template: template, resourceId: resourceId, catalog: catalog, validators: validators,
                resourcePath: full.description)
            tree.addMethod(method, to: full)
        }
        api.rootResourceId = tree.rootId
        var snapshot = RestApiSnapshot(api: api, resources: tree.resources)
        snapshot.authorizers = authorizers.isEmpty ? nil : authorizers
        snapshot.requestValidators = validators.isEmpty ? nil : validators.values.sorted { $0.id < $1.id }
        snapshot.models = models.isEmpty ? nil : models
        let responses = readGatewayResponses()
        snapshot.gatewayResponses = responses.isEmpty ? nil : responses
        return snapshot
    }

    private func authorizerId(_ name: String) -> String {
        ResourceIdentifier.stable(from: "\(apiId)|authorizer|\(name)", length: 6)
    }

    // MARK: API level

    private func readRootExtensions(into api: inout RestApi) {
        if let types = root.stringArray("x-amazon-apigateway-binary-media-types", log) {
            api.binaryMediaTypes = types
        }
        if let source = root.string("x-amazon-apigateway-api-key-source", log) {
            if ["HEADER", "AUTHORIZER"].contains(source.uppercased()) {
                api.apiKeySource = source.uppercased()
            } else {
                log.error(root.path.key("x-amazon-apigateway-api-key-source"), "invalid API key source '\(source)': expected HEADER or AUTHORIZER")
            }
        }
        if let size = root.integer("x-amazon-apigateway-minimum-compression-size", log) {
            if (0...10_485_760).contains(size) {
                api.minimumCompressionSize = size
            } else {
                log.error(root.path.key("x-amazon-apigateway-minimum-compression-size"), "\(size) is out of range: 0 to 10485760 bytes")
            }
        }
        if let policy = root["x-amazon-apigateway-policy"] {
            switch policy.value {
            case .object: api.policy = JSONWriter.compact(policy.value)
            case .string(let text): api.policy = text
            default: log.wrongType(policy, expected: "a policy document object")
            }
        }
        if let configuration = root.object("x-amazon-apigateway-endpoint-configuration", log) {
            var endpoint = api.endpointConfiguration ?? EndpointConfiguration()
            for (key, member) in configuration.members(log) ?? []
            where !["types", "vpcEndpointIds", "disableExecuteApiEndpoint", "ipAddressType"].contains(key) {
                log.warning(member.path, "unknown property '\(key)' of x-amazon-apigateway-endpoint-configuration is ignored")
            }
            if let types = configuration.stringArray("types", log) {
                let upper = types.map { $0.uppercased() }
                if let bad = upper.first(where: { !["EDGE", "REGIONAL", "PRIVATE"].contains($0) }) {
                    log.error(configuration.path.key("types"), "invalid endpoint type '\(bad)': expected EDGE, REGIONAL or PRIVATE")
                } else {
                    endpoint.types = upper
                }
            }
            endpoint.vpcEndpointIds = configuration.stringArray("vpcEndpointIds", log) ?? endpoint.vpcEndpointIds
            endpoint.ipAddressType = configuration.string("ipAddressType", log) ?? endpoint.ipAddressType
            api.endpointConfiguration = endpoint
            if let disable = configuration.bool("disableExecuteApiEndpoint", log) { api.disableExecuteApiEndpoint = disable }
        }
        api.tags = TagReader.read(document, log)
        for key in ["x-amazon-apigateway-security-policy", "x-amazon-apigateway-endpoint-access-mode"] {
            if let member = root[key] {
                _ = root.string(key, log)
                log.info(member.path, "TLS security policies belong to the listener's TLS settings in Portcullis: not stored")
            }
        }
        if let cors = root["x-amazon-apigateway-cors"] {
            log.warning(cors.path, "x-amazon-apigateway-cors configures HTTP APIs; a REST API answers CORS with OPTIONS methods: ignored")
        }
        if let integrations = root["components"]?["x-amazon-apigateway-integrations"] {
            log.info(integrations.path, "reusable integrations are an HTTP API feature: only those referenced by a $ref are used")
        }
        for (key, member) in root.members(log) ?? []
        where key.hasPrefix("x-amazon-apigateway-") && !Self.rootExtensions.contains(key) && key != "x-amazon-apigateway-cors" {
            log.warning(member.path, "unsupported extension '\(key)' is ignored")
        }
    }

    /// The request validators by name, with stable ids.
    private func readRequestValidators() -> [String: RequestValidator] {
        var validators: [String: RequestValidator] = [:]
        guard let container = root.object("x-amazon-apigateway-request-validators", log) else { return validators }
        for (name, node) in container.members(log) ?? [] {
            guard node.value.objectValue != nil else {
                log.wrongType(node, expected: "an object")
                continue
            }
            validators[name] = RequestValidator(
                id: ResourceIdentifier.stable(from: "\(apiId)|validator|\(name)", length: 6), name: name,
                validateRequestBody: node.bool("validateRequestBody", log) ?? false,
                validateRequestParameters: node.bool("validateRequestParameters", log) ?? false)
        }
        return validators
    }

    /// `x-amazon-apigateway-gateway-responses`, for the control plane to store as
    /// `PutGatewayResponse` does (which fills in the default status and template).
    private func readGatewayResponses() -> [GatewayResponse] {
        guard let container = root.object("x-amazon-apigateway-gateway-responses", log) else { return [] }
        let types = GatewayResponse.defaultStatuses.map(\.type)
        var responses: [GatewayResponse] = []
        for (type, node) in container.members(log) ?? [] {
            guard node.value.objectValue != nil else {
                log.wrongType(node, expected: "an object")
                continue
            }
            guard types.contains(type) else {
                log.error(node.path, "invalid gateway response type '\(type)': expected one of \(types.joined(separator: ", "))")
                continue
            }
            for (key, member) in node.members(log) ?? [] where !["statusCode", "responseParameters", "responseTemplates"].contains(key) {
                log.warning(member.path, "unknown property '\(key)' of a gateway response is ignored")
            }
            let statusCode = node.scalarString("statusCode", log)
            if let statusCode, !IntegrationExtension.isStatusCode(statusCode) {
                log.error(node.path.key("statusCode"), "'\(statusCode)' is not an HTTP status code (100-599)")
            }
            responses.append(
                GatewayResponse(
                    responseType: type, statusCode: statusCode, responseParameters: node.stringMap("responseParameters", log),
                    responseTemplates: node.stringMap("responseTemplates", log), defaultResponse: false))
        }
        return responses
    }

    // MARK: Methods

    private func buildMethod(
        _ entry: OperationEntry, template: PathTemplate, resourceId: String,
        catalog: SecuritySchemeCatalog, validators: [String: RequestValidator], resourcePath: String
    ) -> Method {
        var method = Method(httpMethod: entry.method)
        let operation = entry.operation
        method.operationName = operation.string("operationId", log)
        for (key, member) in operation.members(log) ?? [] where key.hasPrefix("x-amazon-apigateway-") && !Self.operationExtensions.contains(key) {
            log.warning(member.path, "unsupported extension '\(key)' on an operation is ignored")
        }

        // Request parameters and models.
        var requestParameters: [String: Bool] = [:]
        var requestModels: [String: String] = [:]
        let pathVariables = Set(template.variableNames)
        for (name, location, node) in entry.parameters(document, log) {
            switch location {
            case "path":
                let bare = name.hasSuffix("+") ? String(name.dropLast()) : name
                if pathVariables.contains(bare) {
                    requestParameters["method.request.path.\(bare)"] = true
                } else {
                    log.warning(node.path, "the path parameter '\(name)' is not in the path '\(entry.pathKey)' and is ignored")
                }
            case "query":
                requestParameters["method.request.querystring.\(name)"] = node.bool("required", log) ?? false
            case "header":
                requestParameters["method.request.header.\(name)"] = node.bool("required", log) ?? false
            case "body" where document.isSwagger2:
                if let model = modelName(of: node["schema"]) {
                    for contentType in mediaTypes("consumes", entry) { requestModels[contentType] = model }
                }
            case "formData" where document.isSwagger2:
                log.info(node.path, "form parameters are not mapped to method request parameters")
            case "cookie" where !document.isSwagger2:
                log.info(node.path, "REST APIs do not map cookie parameters")
            default:
                log.error(node.path.key("in"), "invalid parameter location '\(location)'")
            }
        }
        if !document.isSwagger2, let rawBody = operation["requestBody"], let body = document.resolve(rawBody, log) {
            for (contentType, media) in body.object("content", log)?.members(log) ?? [] {
                if let model = modelName(of: media["schema"]) { requestModels[contentType] = model }
            }
        }
        method.requestParameters = requestParameters.isEmpty ? nil : requestParameters
        method.requestModels = requestModels.isEmpty ? nil : requestModels
        method.methodResponses = methodResponses(entry)

        // Authorization and validation.
        let authorization = catalog.authorization(
            of: operation, document: document, apiType: .rest,
            authorizerId: authorizerId, log)
        method.authorizationType = authorization.authorizationType
        method.authorizerId = authorization.authorizerId
        method.apiKeyRequired = authorization.apiKeyRequired
        method.authorizationScopes = authorization.authorizationScopes
        let validatorKey = "x-amazon-apigateway-request-validator"
        let validatorNode = operation[validatorKey] ?? root[validatorKey]
        if let validatorNode {
            if let name = validatorNode.value.stringValue {
                if let id = validators[name]?.id {
                    method.requestValidatorId = id
                } else {
                    log.error(validatorNode.path, "request validator '\(name)' is not defined in x-amazon-apigateway-request-validators")
                }
            } else {
                log.wrongType(validatorNode, expected: "a string")
            }
        }

        // Integration.
        if let rawIntegration = operation["x-amazon-apigateway-integration"],
            let node = document.resolve(rawIntegration, log),
            let integration = IntegrationExtension.read(node, apiType: .rest, log)
        {
            method.methodIntegration = restIntegration(integration, resourceId: resourceId, method: method, resourcePath: resourcePath)
        }
        return method
    }

    private func methodResponses(_ entry: OperationEntry) -> [String: MethodResponse]? {
        guard let responses = entry.operation.object("responses", log) else { return nil }
        var result: [String: MethodResponse] = [:]
        for (statusCode, raw) in responses.members(log) ?? [] {
            if statusCode.hasPrefix("x-") { continue }
            guard IntegrationExtension.isStatusCode(statusCode) else {
                if statusCode == "default" {
                    log.info(raw.path, "REST APIs declare method responses by status code: the default response is not one")
                } else {
                    log.warning(raw.path, "'\(statusCode)' is not an HTTP status code: the response is ignored")
                }
                continue
            }
            guard let node = document.resolve(raw, log), node.value.objectValue != nil else {
                if raw.value.objectValue == nil { log.wrongType(raw, expected: "a response object") }
                continue
            }
            var response = MethodResponse(statusCode: statusCode)
            var parameters: [String: Bool] = [:]
            for (header, headerNode) in node.object("headers", log)?.members(log) ?? [] {
                let resolved = document.resolve(headerNode, log)
                parameters["method.response.header.\(header)"] = resolved?.bool("required", log) ?? false
            }
            var models: [String: String] = [:]
            if document.isSwagger2 {
                if let model = modelName(of: node["schema"]) {
                    for contentType in mediaTypes("produces", entry) { models[contentType] = model }
                }
            } else {
                for (contentType, media) in node.object("content", log)?.members(log) ?? [] {
                    if let model = modelName(of: media["schema"]) { models[contentType] = model }
                }
            }
            response.responseParameters = parameters.isEmpty ? nil : parameters
            response.responseModels = models.isEmpty ? nil : models
            result[statusCode] = response
        }
        return result.isEmpty ? nil : result
    }

    /// Swagger 2.0 `consumes`/`produces` of the operation, else of the document, else JSON.
    private func mediaTypes(_ key: String, _ entry: OperationEntry) -> [String] {
        entry.operation.stringArray(key, log) ?? root.stringArray(key, log) ?? ["application/json"]
    }

    private func modelName(of schema: DocumentNode?) -> String? {
        guard let reference = schema?["$ref"]?.value.stringValue else { return nil }
        return OpenAPIDocument.modelName(ofReference: reference)
    }

    // MARK: Integrations

    private func restIntegration(_ source: IntegrationExtension, resourceId: String, method: Method, resourcePath: String) -> Integration {
        let type = IntegrationType(source.type)
        var integration = Integration(
            type: type, httpMethod: source.httpMethod, uri: source.uri,
            connectionType: source.connectionType ?? (type == .mock ? nil : "INTERNET"),
            connectionId: source.connectionId, credentials: source.credentials,
            requestParameters: source.requestParameters, requestTemplates: source.requestTemplates,
            passthroughBehavior: source.passthroughBehavior ?? "WHEN_NO_MATCH", contentHandling: source.contentHandling,
            timeoutInMillis: source.timeoutInMillis ?? Integration.defaultTimeoutInMillis,
            cacheNamespace: source.cacheNamespace ?? resourceId, cacheKeyParameters: source.cacheKeyParameters ?? [],
            tlsConfig: source.insecureSkipVerification.map { TlsConfig(insecureSkipVerification: $0) })
        if source.serverNameToVerify != nil {
            log.info(source.path.key("tlsConfig").key("serverNameToVerify"), "REST API integrations do not use serverNameToVerify")
        }
        checkRequestParameters(source, declared: method.requestParameters ?? [:])

        if let responses = source.responses, !responses.isEmpty {
            var byStatus: [String: IntegrationResponse] = [:]
            for response in responses {
                if byStatus[response.statusCode] != nil {
                    log.warning(response.path.key("statusCode"), "another integration response already maps to \(response.statusCode); this one replaces it")
                }
                let declared = method.methodResponses?[response.statusCode]?.responseParameters ?? [:]
                // AWS refuses the import, as PutIntegrationResponse refuses the mapping.
                for name in (response.responseParameters ?? [:]).keys.sorted() where declared[name] == nil {
                    log.error(
                        response.path.key("responseParameters").key(name),
                        "Invalid mapping expression specified: \(name): the \(response.statusCode) method response does not declare the header")
                }
                byStatus[response.statusCode] = IntegrationResponse(
                    statusCode: response.statusCode, selectionPattern: response.selectionPattern,
                    responseParameters: response.responseParameters, responseTemplates: response.responseTemplates,
                    contentHandling: response.contentHandling)
            }
            integration.integrationResponses = byStatus
        }
        return integration
    }

    /// Integration request parameters map `integration.request.{path|querystring|header}.NAME`
    /// from values; a `method.request.*` value must name a declared method request parameter,
    /// as API Gateway requires ("Invalid mapping expression parameter specified").
    private func checkRequestParameters(_ source: IntegrationExtension, declared: [String: Bool]) {
        let locations = ["path", "querystring", "header", "multivaluequerystring", "multivalueheader"]
        let declaredHeaders = Set(declared.keys.filter { $0.hasPrefix("method.request.header.") }.map { $0.lowercased() })
        for (key, value) in (source.requestParameters ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = source.path.key("requestParameters").key(key)
            let keyParts = key.split(separator: ".", maxSplits: 3)
            guard keyParts.count == 4, keyParts[0] == "integration", keyParts[1] == "request", locations.contains(String(keyParts[2])) else {
                log.error(path, "invalid integration request parameter '\(key)': expected integration.request.{path|querystring|header}.NAME")
                continue
            }
            guard value.hasPrefix("method.request.") else { continue }
            let valueParts = value.split(separator: ".", maxSplits: 3)
            guard valueParts.count >= 3 else {
                log.error(path, "invalid mapping expression '\(value)'")
                continue
            }
            let location = String(valueParts[2])
            if location == "body" { continue }
            guard valueParts.count == 4, locations.contains(location) else {
                log.error(path, "invalid mapping expression '\(value)'")
                continue
            }
            let name = String(valueParts[3])
            let found: Bool
            switch location {
            case "path": found = declared["method.request.path.\(name)"] != nil
            case "querystring", "multivaluequerystring": found = declared["method.request.querystring.\(name)"] != nil
            default: found = declaredHeaders.contains("method.request.header.\(name)".lowercased())
            }
            if !found {
                let declaredName = location.hasPrefix("multivalue") ? location.dropFirst("multivalue".count) : Substring(location)
                log.error(path, "invalid mapping expression parameter '\(value)': the method does not declare the \(declaredName) parameter '\(name)'")
            }
        }
    }
}
