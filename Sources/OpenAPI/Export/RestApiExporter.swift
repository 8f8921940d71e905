import GatewayModel
import JSON

/// Writes a REST API as OpenAPI 3.0 or Swagger 2.0 in the form of AWS's `GetExport`.
struct RestApiExporter {
    let snapshot: RestApiSnapshot
    let options: OpenAPIExporter.Options

    private var swagger: Bool { options.specification == .swagger }
    private var api: RestApi { snapshot.api }
    /// OpenAPI's order of operations, then `ANY`.
    static let methodOrder = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "ANY"]

    func document(warnings: inout [String]) -> JSONValue {
        var root = JSONObject()
        if swagger {
            root["swagger"] = "2.0"
        } else {
            root["openapi"] = "3.0.1"
        }
        root["info"] = .object(info())
        if swagger {
            if let endpoint = options.endpoint {
                let (scheme, host) = Self.split(endpoint)
                root["host"] = .string(host)
                root["basePath"] = .string("/" + (options.stageName ?? ""))
                root["schemes"] = [.string(scheme)]
            } else if let stage = options.stageName {
                root["basePath"] = .string("/" + stage)
            }
        } else if options.endpoint != nil || options.stageName != nil {
            root["servers"] = [[
                "url": .string((options.endpoint ?? "") + "/{basePath}"),
                "variables": ["basePath": ["default": .string(options.stageName ?? "")]],
            ]]
        }

        var models = Set<String>()
        var schemes: [String: JSONValue] = [:]
        var paths = JSONObject()
        let parents = Set(snapshot.resources.compactMap(\.parentId))
        for resource in snapshot.resources.sorted(by: { $0.path < $1.path }) {
            let methods = resource.resourceMethods ?? [:]
            // A resource with neither methods nor children is exported as an empty path item, so
            // that it is created again on import; intermediate resources come from their children.
            guard !methods.isEmpty || !parents.contains(resource.id) else { continue }
            if methods.isEmpty, resource.path == "/" { continue }
            var item = JSONObject()
            for verb in methods.keys.sorted(by: Self.methodSort) {
                guard let method = methods[verb] else { continue }
                let key = verb == "ANY" ? "x-amazon-apigateway-any-method" : verb.lowercased()
                item[key] = .object(operation(method, resource: resource, models: &models, schemes: &schemes, warnings: &warnings))
            }
            paths[resource.path] = .object(item)
        }
        root["paths"] = .object(paths)

        var modelSchemas = JSONObject()
        let stored = Dictionary((snapshot.models ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // Every model the API defines (but AWS's two defaults unless a method uses them).
        for model in snapshot.models ?? [] where !["Empty", "Error"].contains(model.name) { models.insert(model.name) }
        for name in models.sorted() {
            if let schema = stored[name].flatMap(modelSchema) {
                modelSchemas[name] = schema
            } else {
                modelSchemas[name] = name == "Empty" ? ["title": "Empty Schema", "type": "object"] : ["title": .string(name)]
            }
        }
        if options.extensions.contains(.authorizers) {
            for authorizer in snapshot.authorizers ?? [] { schemes[authorizer.name ?? authorizer.id] = Self.securityScheme(authorizer) }
        }
        var securitySchemes = JSONObject()
        for name in schemes.keys.sorted() { securitySchemes[name] = schemes[name] }
        if swagger {
            if !modelSchemas.isEmpty { root["definitions"] = .object(modelSchemas) }
            if !securitySchemes.isEmpty { root["securityDefinitions"] = .object(securitySchemes) }
        } else {
            var components = JSONObject()
            if !modelSchemas.isEmpty { components["schemas"] = .object(modelSchemas) }
            if !securitySchemes.isEmpty { components["securitySchemes"] = .object(securitySchemes) }
            if !components.isEmpty { root["components"] = .object(components) }
        }
        if options.extensions.contains(.apigateway) {
            apiExtensions(into: &root)
        }
        return .object(root)
    }

    /// A stored model's schema, with model URLs (`https://apigateway.amazonaws.com/restapis/…/models/X`)
    /// turned back into the document's `$ref`s.
    private func modelSchema(_ model: Model) -> JSONValue? {
        guard let text = model.schema, let value = try? JSONValueParser(rejectsDuplicateKeys: false).parse(Array(text.utf8)) else { return nil }
        let prefix = swagger ? "#/definitions/" : "#/components/schemas/"
        func rewrite(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let object):
                return .object(JSONObject(object.map { key, member in
                    if key == "$ref", let url = member.stringValue, url.hasPrefix("https://apigateway.amazonaws.com/restapis/"),
                        let range = url.range(of: "/models/")
                    {
                        return (key, .string(prefix + url[range.upperBound...]))
                    }
                    return (key, rewrite(member))
                }))
            case .array(let elements): return .array(elements.map(rewrite))
            default: return value
            }
        }
        return rewrite(value)
    }

    /// The security scheme an authorizer is exported as (AWS's form: an `apiKey` scheme with
    /// `x-amazon-apigateway-authtype` and `x-amazon-apigateway-authorizer`).
    static func securityScheme(_ authorizer: Authorizer) -> JSONValue {
        let type = (authorizer.type ?? "TOKEN").lowercased()
        var header = "Unused"
        if type != "request", let source = authorizer.identitySource, source.hasPrefix("method.request.header.") {
            header = String(source.dropFirst("method.request.header.".count))
        }
        var extensionObject = JSONObject([("type", .string(type))])
        if let uri = authorizer.authorizerUri { extensionObject["authorizerUri"] = .string(uri) }
        if let credentials = authorizer.authorizerCredentials { extensionObject["authorizerCredentials"] = .string(credentials) }
        if let arns = authorizer.providerARNs { extensionObject["providerARNs"] = .array(arns.map(JSONValue.string)) }
        if type == "request", let source = authorizer.identitySource { extensionObject["identitySource"] = .string(source) }
        if let expression = authorizer.identityValidationExpression { extensionObject["identityValidationExpression"] = .string(expression) }
        if let ttl = authorizer.authorizerResultTtlInSeconds { extensionObject["authorizerResultTtlInSeconds"] = .number(Double(ttl)) }
        var scheme = JSONObject([("type", "apiKey"), ("name", .string(header)), ("in", "header")])
        if let authType = authorizer.authType { scheme["x-amazon-apigateway-authtype"] = .string(authType) }
        scheme["x-amazon-apigateway-authorizer"] = .object(extensionObject)
        return .object(scheme)
    }

    private func info() -> JSONObject {
        var info = JSONObject()
        info["title"] = .string(api.name)
        if let description = api.description { info["description"] = .string(description) }
        // OpenAPI requires a version; AWS writes the API's, or a date.
        info["version"] = .string(api.version ?? api.createdDate.map { "\($0)" } ?? "1.0")
        return info
    }

    private func apiExtensions(into root: inout JSONObject) {
        if let types = api.binaryMediaTypes, !types.isEmpty {
            root["x-amazon-apigateway-binary-media-types"] = .array(types.map(JSONValue.string))
        }
        if let source = api.apiKeySource { root["x-amazon-apigateway-api-key-source"] = .string(source) }
        if let size = api.minimumCompressionSize { root["x-amazon-apigateway-minimum-compression-size"] = .number(Double(size)) }
        if let policy = api.policy {
            root["x-amazon-apigateway-policy"] = (try? JSONValueParser(rejectsDuplicateKeys: true).parse(Array(policy.utf8))) ?? .string(policy)
        }
        var endpoint = JSONObject()
        if let types = api.endpointConfiguration?.types, types != ["EDGE"] { endpoint["types"] = .array(types.map(JSONValue.string)) }
        if let ids = api.endpointConfiguration?.vpcEndpointIds, !ids.isEmpty { endpoint["vpcEndpointIds"] = .array(ids.map(JSONValue.string)) }
        if let type = api.endpointConfiguration?.ipAddressType { endpoint["ipAddressType"] = .string(type) }
        if api.disableExecuteApiEndpoint == true { endpoint["disableExecuteApiEndpoint"] = true }
        if !endpoint.isEmpty { root["x-amazon-apigateway-endpoint-configuration"] = .object(endpoint) }
        if let validators = snapshot.requestValidators, !validators.isEmpty {
            var object = JSONObject()
            for validator in validators.sorted(by: { ($0.name ?? $0.id) < ($1.name ?? $1.id) }) {
                object[validator.name ?? validator.id] = [
                    "validateRequestBody": .bool(validator.validateRequestBody ?? false),
                    "validateRequestParameters": .bool(validator.validateRequestParameters ?? false),
                ]
            }
            root["x-amazon-apigateway-request-validators"] = .object(object)
        }
        if let responses = snapshot.gatewayResponses, !responses.isEmpty {
            var object = JSONObject()
            for response in responses.sorted(by: { $0.responseType < $1.responseType }) {
                var entry = JSONObject()
                if let status = response.statusCode { entry["statusCode"] = .string(status) }
                if let parameters = response.responseParameters { entry["responseParameters"] = Self.stringMap(parameters) }
                if let templates = response.responseTemplates { entry["responseTemplates"] = Self.stringMap(templates) }
                object[response.responseType] = .object(entry)
            }
            root["x-amazon-apigateway-gateway-responses"] = .object(object)
        }
        if let tags = api.tags, !tags.isEmpty {
            root["tags"] = .array(tags.keys.sorted().map { ["name": .string($0), "x-amazon-apigateway-tag-value": .string(tags[$0] ?? "")] })
        }
    }

    // MARK: Operations

    private func operation(
        _ method: Method, resource: Resource, models: inout Set<String>, schemes: inout [String: JSONValue], warnings: inout [String]
    ) -> JSONObject {
        var operation = JSONObject()
        if let name = method.operationName { operation["operationId"] = .string(name) }
        let requestModels = method.requestModels ?? [:]
        let responseModels = (method.methodResponses ?? [:]).values.flatMap { ($0.responseModels ?? [:]).keys }
        if swagger {
            if !requestModels.isEmpty { operation["consumes"] = .array(requestModels.keys.sorted().map(JSONValue.string)) }
            if !responseModels.isEmpty { operation["produces"] = .array(Set(responseModels).sorted().map(JSONValue.string)) }
        }

        var parameters: [JSONValue] = []
        for (key, required) in (method.requestParameters ?? [:]).sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: ".", maxSplits: 3).map(String.init)
            guard parts.count == 4, parts[0] == "method", parts[1] == "request" else { continue }
            let location: String
            switch parts[2] {
            case "path": location = "path"
            case "querystring": location = "query"
            case "header": location = "header"
            default: continue
            }
            var parameter = JSONObject([("name", .string(parts[3])), ("in", .string(location))])
            if required || location == "path" { parameter["required"] = true }
            if swagger { parameter["type"] = "string" } else { parameter["schema"] = ["type": "string"] }
            parameters.append(.object(parameter))
        }
        if swagger, let model = requestModels.sorted(by: { $0.key < $1.key }).first?.value {
            models.insert(model)
            parameters.append(["in": "body", "name": .string(model), "required": true, "schema": ["$ref": .string("#/definitions/\(model)")]])
        }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if !swagger, !requestModels.isEmpty {
            var content = JSONObject()
            for (contentType, model) in requestModels.sorted(by: { $0.key < $1.key }) {
                models.insert(model)
                content[contentType] = ["schema": ["$ref": .string("#/components/schemas/\(model)")]]
            }
            operation["requestBody"] = ["content": .object(content), "required": true]
        }

        var responses = JSONObject()
        for (statusCode, response) in (method.methodResponses ?? [:]).sorted(by: { $0.key < $1.key }) {
            var object = JSONObject([("description", .string("\(statusCode) response"))])
            let sortedModels = (response.responseModels ?? [:]).sorted { $0.key < $1.key }
            if swagger {
                if let model = sortedModels.first?.value {
                    models.insert(model)
                    object["schema"] = ["$ref": .string("#/definitions/\(model)")]
                }
            }
            var headers = JSONObject()
            for (key, required) in (response.responseParameters ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard key.hasPrefix("method.response.header.") else { continue }
                let name = String(key.dropFirst("method.response.header.".count))
                if swagger {
                    headers[name] = ["type": "string"]
                } else {
                    var header = JSONObject([("schema", ["type": "string"])])
                    if required { header["required"] = true }
                    headers[name] = .object(header)
                }
            }
            if !headers.isEmpty { object["headers"] = .object(headers) }
            if !swagger, !sortedModels.isEmpty {
                var content = JSONObject()
                for (contentType, model) in sortedModels {
                    models.insert(model)
                    content[contentType] = ["schema": ["$ref": .string("#/components/schemas/\(model)")]]
                }
                object["content"] = .object(content)
            }
            responses[statusCode] = .object(object)
        }
        operation["responses"] = .object(responses)

        var requirement = JSONObject()
        if method.apiKeyRequired == true {
            requirement["api_key"] = []
            schemes["api_key"] = ["type": "apiKey", "name": "x-api-key", "in": "header"]
        }
        let operationName = "\(method.httpMethod) \(resource.path)"
        switch method.authorizationType ?? "NONE" {
        case "NONE": break
        case "AWS_IAM":
            requirement["sigv4"] = []
            schemes["sigv4"] = ["type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"]
        case let other:
            if let authorizer = snapshot.authorizers?.first(where: { $0.id == method.authorizerId }) {
                requirement[authorizer.name ?? authorizer.id] = .array((method.authorizationScopes ?? []).map(JSONValue.string))
            } else {
                warnings.append("\(operationName): the \(other) authorizer \(method.authorizerId ?? "") is not stored, so its authorization is not exported")
            }
        }
        if !requirement.isEmpty, options.extensions.contains(.authorizers) || requirement["api_key"] != nil {
            operation["security"] = [.object(requirement)]
        }
        if let id = method.requestValidatorId {
            if let validator = snapshot.requestValidators?.first(where: { $0.id == id }) {
                if options.extensions.contains(.apigateway) { operation["x-amazon-apigateway-request-validator"] = .string(validator.name ?? id) }
            } else {
                warnings.append("\(operationName): the request validator \(id) is not stored, so it is not exported")
            }
        }
        if options.extensions.contains(.integrations), let integration = method.methodIntegration {
            operation["x-amazon-apigateway-integration"] = .object(Self.integration(integration, resourceId: resource.id))
        }
        return operation
    }

    static func integration(_ integration: Integration, resourceId: String) -> JSONObject {
        var object = JSONObject()
        object["type"] = .string(integration.type.rawValue.lowercased())
        if let method = integration.httpMethod { object["httpMethod"] = .string(method) }
        if let uri = integration.uri { object["uri"] = .string(uri) }
        if let credentials = integration.credentials { object["credentials"] = .string(credentials) }
        let defaultConnection = integration.type == .mock ? nil : "INTERNET"
        if let connection = integration.connectionType, connection != defaultConnection { object["connectionType"] = .string(connection) }
        if let id = integration.connectionId { object["connectionId"] = .string(id) }
        if let parameters = integration.requestParameters, !parameters.isEmpty { object["requestParameters"] = stringMap(parameters) }
        if let templates = integration.requestTemplates, !templates.isEmpty { object["requestTemplates"] = stringMap(templates) }
        if let behavior = integration.passthroughBehavior { object["passthroughBehavior"] = .string(behavior.lowercased()) }
        if let handling = integration.contentHandling { object["contentHandling"] = .string(handling) }
        if let timeout = integration.timeoutInMillis, timeout != Integration.defaultTimeoutInMillis {
            object["timeoutInMillis"] = .number(Double(timeout))
        }
        if let namespace = integration.cacheNamespace, namespace != resourceId { object["cacheNamespace"] = .string(namespace) }
        if let keys = integration.cacheKeyParameters, !keys.isEmpty { object["cacheKeyParameters"] = .array(keys.map(JSONValue.string)) }
        if let responses = integration.integrationResponses, !responses.isEmpty {
            var result = JSONObject()
            // Responses without a pattern are the default; a second one (which API Gateway would
            // never select) keeps its status code as its pattern so that none is lost.
            for response in responses.values.sorted(by: { ($0.selectionPattern ?? "", $0.statusCode) < ($1.selectionPattern ?? "", $1.statusCode) }) {
                var key = response.selectionPattern.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
                if result[key] != nil { key = response.statusCode }
                var entry = JSONObject([("statusCode", .string(response.statusCode))])
                if let parameters = response.responseParameters, !parameters.isEmpty { entry["responseParameters"] = stringMap(parameters) }
                if let templates = response.responseTemplates, !templates.isEmpty { entry["responseTemplates"] = stringMap(templates) }
                if let handling = response.contentHandling { entry["contentHandling"] = .string(handling) }
                result[key] = .object(entry)
            }
            object["responses"] = .object(result)
        }
        if let skip = integration.tlsConfig?.insecureSkipVerification { object["tlsConfig"] = ["insecureSkipVerification": .bool(skip)] }
        return object
    }

    static func stringMap(_ map: [String: String]) -> JSONValue {
        .object(JSONObject(map.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))
    }

    static func methodSort(_ lhs: String, _ rhs: String) -> Bool {
        (methodOrder.firstIndex(of: lhs) ?? methodOrder.count, lhs) < (methodOrder.firstIndex(of: rhs) ?? methodOrder.count, rhs)
    }

    /// `https://host:port` → (`https`, `host:port`).
    static func split(_ endpoint: String) -> (String, String) {
        guard let range = endpoint.range(of: "://") else { return ("https", endpoint) }
        let host = endpoint[range.upperBound...].split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        return (String(endpoint[..<range.lowerBound]), host)
    }
}
