import GatewayModel
import JSON

/// Writes an HTTP API as OpenAPI 3.0 in the form of AWS's `apigatewayv2 ExportApi`: one path item
/// per route path, `Default response for ROUTE` responses, generated path parameters, the route's
/// integration inline, unused integrations under `components.x-amazon-apigateway-integrations` as
/// `unusedIntegration_{id}`, CORS and `x-amazon-apigateway-importexport-version`.
struct HttpApiExporter {
    let snapshot: ApiGatewayV2.ApiSnapshot
    let options: OpenAPIExporter.Options

    private var extensions: Bool { !options.extensions.isEmpty }

    func document(warnings: inout [String]) -> JSONValue {
        let api = snapshot.api
        var root = JSONObject([("openapi", "3.0.1")])
        var info = JSONObject([("title", .string(api.name))])
        if let description = api.description { info["description"] = .string(description) }
        info["version"] = .string(api.version ?? api.createdDate.map { "\($0)" } ?? "1.0")
        root["info"] = .object(info)
        if options.endpoint != nil || options.stageName != nil {
            root["servers"] = [[
                "url": .string((options.endpoint ?? "") + "/{basePath}"),
                "variables": ["basePath": ["default": .string(options.stageName.map { $0 == "$default" ? "" : $0 } ?? "")]],
            ]]
        }

        let integrations = Dictionary(snapshot.integrations.map { ($0.integrationId, $0) }, uniquingKeysWith: { first, _ in first })
        var used = Set<String>()
        var paths = JSONObject()
        var usesSigV4 = false
        for route in snapshot.routes {
            let (verb, path): (String, String)
            if route.routeKey == "$default" {
                (verb, path) = ("ANY", "$default")
            } else {
                let parts = route.routeKey.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[1].hasPrefix("/") else {
                    warnings.append("route \(route.routeKey) is not an HTTP route key and is not exported")
                    continue
                }
                (verb, path) = (parts[0].uppercased(), parts[1])
            }
            var item = paths[path]?.objectValue ?? JSONObject()
            var operation = JSONObject()
            if let name = route.operationName { operation["operationId"] = .string(name) }
            operation["responses"] = ["default": ["description": .string("Default response for \(route.routeKey)")]]
            switch route.authorizationType ?? "NONE" {
            case "NONE": break
            case "AWS_IAM":
                usesSigV4 = true
                operation["security"] = [["sigv4": []]]
            case let other:
                if let authorizer = snapshot.authorizers?.first(where: { $0.authorizerId == route.authorizerId }) {
                    operation["security"] = [[authorizer.name: .array((route.authorizationScopes ?? []).map(JSONValue.string))]]
                } else {
                    warnings.append("\(route.routeKey): the \(other) authorizer \(route.authorizerId ?? "") is not stored, so its authorization is not exported")
                }
            }
            if extensions, let id = route.integrationId {
                if let integration = integrations[id] {
                    used.insert(id)
                    operation["x-amazon-apigateway-integration"] = .object(Self.integration(integration))
                } else {
                    warnings.append("\(route.routeKey): its target integration \(id) does not exist")
                }
            }
            item[verb == "ANY" ? "x-amazon-apigateway-any-method" : verb.lowercased()] = .object(operation)
            if path != "$default", item["parameters"] == nil, case .success(let template) = PathTemplate.parse(path), !template.variableNames.isEmpty {
                item["parameters"] = .array(template.segments.compactMap { segment -> JSONValue? in
                    guard segment.isVariable else { return nil }
                    let name = segment.text.dropFirst().dropLast()
                    return [
                        "name": .string(String(name)), "in": "path", "description": .string("Generated path parameter for \(name)"),
                        "required": true, "schema": ["type": "string"],
                    ]
                })
            }
            paths[path] = .object(item)
        }
        root["paths"] = .object(paths)

        var components = JSONObject()
        var schemes = JSONObject()
        if usesSigV4, extensions {
            schemes["sigv4"] = ["type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"]
        }
        if extensions {
            for authorizer in snapshot.authorizers ?? [] { schemes[authorizer.name] = Self.securityScheme(authorizer) }
        }
        if !schemes.isEmpty { components["securitySchemes"] = .object(schemes) }
        let unused = snapshot.integrations.filter { !used.contains($0.integrationId) }
        if extensions, !unused.isEmpty {
            components["x-amazon-apigateway-integrations"] = .object(JSONObject(unused.map { ("unusedIntegration_\($0.integrationId)", .object(Self.integration($0))) }))
        }
        if !components.isEmpty { root["components"] = .object(components) }

        if extensions {
            if let cors = api.corsConfiguration { root["x-amazon-apigateway-cors"] = .object(Self.cors(cors)) }
            if api.disableExecuteApiEndpoint == true { root["x-amazon-apigateway-endpoint-configuration"] = ["disableExecuteApiEndpoint": true] }
            if let tags = api.tags, !tags.isEmpty {
                root["tags"] = .array(tags.keys.sorted().map { ["name": .string($0), "x-amazon-apigateway-tag-value": .string(tags[$0] ?? "")] })
            }
            root["x-amazon-apigateway-importexport-version"] = "1.0"
        }
        return .object(root)
    }

    /// The security scheme an authorizer is exported as, in the form of AWS's HTTP API exports
    /// (`oauth2` with a `jwt` authorizer, `apiKey` with a `request` one).
    static func securityScheme(_ authorizer: ApiGatewayV2.Authorizer) -> JSONValue {
        var extensionObject = JSONObject()
        var scheme = JSONObject()
        if authorizer.authorizerType == "JWT" {
            scheme["type"] = "oauth2"
            extensionObject["type"] = "jwt"
            var configuration = JSONObject()
            if let issuer = authorizer.jwtConfiguration?.issuer { configuration["issuer"] = .string(issuer) }
            if let audience = authorizer.jwtConfiguration?.audience { configuration["audience"] = .array(audience.map(JSONValue.string)) }
            extensionObject["jwtConfiguration"] = .object(configuration)
        } else {
            scheme["type"] = "apiKey"
            scheme["name"] = "Unused"
            scheme["in"] = "header"
            extensionObject["type"] = "request"
            if let uri = authorizer.authorizerUri { extensionObject["authorizerUri"] = .string(uri) }
            if let credentials = authorizer.authorizerCredentialsArn { extensionObject["authorizerCredentials"] = .string(credentials) }
            if let version = authorizer.authorizerPayloadFormatVersion { extensionObject["authorizerPayloadFormatVersion"] = .string(version) }
            if let simple = authorizer.enableSimpleResponses { extensionObject["enableSimpleResponses"] = .bool(simple) }
            if let ttl = authorizer.authorizerResultTtlInSeconds { extensionObject["authorizerResultTtlInSeconds"] = .number(Double(ttl)) }
            if let expression = authorizer.identityValidationExpression { extensionObject["identityValidationExpression"] = .string(expression) }
        }
        if let sources = authorizer.identitySource { extensionObject["identitySource"] = .string(sources.joined(separator: ", ")) }
        scheme["x-amazon-apigateway-authorizer"] = .object(extensionObject)
        return .object(scheme)
    }

    static func integration(_ integration: ApiGatewayV2.Integration) -> JSONObject {
        var object = JSONObject()
        if let version = integration.payloadFormatVersion { object["payloadFormatVersion"] = .string(version) }
        object["type"] = .string(integration.integrationType.lowercased())
        if let subtype = integration.integrationSubtype { object["integrationSubtype"] = .string(subtype) }
        if let method = integration.integrationMethod { object["httpMethod"] = .string(method) }
        if let uri = integration.integrationUri { object["uri"] = .string(uri) }
        if let connection = integration.connectionType { object["connectionType"] = .string(connection) }
        if let id = integration.connectionId { object["connectionId"] = .string(id) }
        if let credentials = integration.credentialsArn { object["credentials"] = .string(credentials) }
        if let description = integration.description { object["description"] = .string(description) }
        if let parameters = integration.requestParameters, !parameters.isEmpty { object["requestParameters"] = RestApiExporter.stringMap(parameters) }
        if let responses = integration.responseParameters, !responses.isEmpty {
            object["responseParameters"] = .object(JSONObject(responses.sorted { $0.key < $1.key }.map { ($0.key, RestApiExporter.stringMap($0.value)) }))
        }
        if let timeout = integration.timeoutInMillis, timeout != ApiGatewayV2.Integration.defaultTimeoutInMillis {
            object["timeoutInMillis"] = .number(Double(timeout))
        }
        if let name = integration.tlsConfig?.serverNameToVerify { object["tlsConfig"] = ["serverNameToVerify": .string(name)] }
        return object
    }

    static func cors(_ cors: ApiGatewayV2.Cors) -> JSONObject {
        var object = JSONObject()
        let strings = { (values: [String]) in JSONValue.array(values.map(JSONValue.string)) }
        if let methods = cors.allowMethods { object["allowMethods"] = strings(methods) }
        if let headers = cors.allowHeaders { object["allowHeaders"] = strings(headers) }
        if let headers = cors.exposeHeaders { object["exposeHeaders"] = strings(headers) }
        if let maxAge = cors.maxAge { object["maxAge"] = .number(Double(maxAge)) }
        if let credentials = cors.allowCredentials { object["allowCredentials"] = .bool(credentials) }
        if let origins = cors.allowOrigins { object["allowOrigins"] = strings(origins) }
        return object
    }
}
