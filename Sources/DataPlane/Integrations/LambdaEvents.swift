import JSON

/// The request parts of the events API Gateway sends to Lambda functions, field by field as AWS
/// names them: the REST (payload 1.0) shape and the HTTP API payload 2.0 shape. Lambda
/// authorizers add their own fields (`type`, `methodArn`/`routeArn`, `identitySource`).
enum LambdaEvents {
    /// REST / payload 1.0: `resource`, `path`, `httpMethod`, `headers` (last value of each),
    /// `multiValueHeaders`, `queryStringParameters`, `multiValueQueryStringParameters`,
    /// `pathParameters`, `stageVariables` (null when empty), `requestContext`.
    static func restRequest(_ exchange: Exchange) -> JSONObject {
        var headers = JSONObject()
        var multiHeaders = JSONObject()
        for (name, value) in exchange.head.headers {
            headers[name] = .string(value)
            multiHeaders[name] = .array((multiHeaders[name]?.arrayValue ?? []) + [.string(value)])
        }
        var query = JSONObject()
        var multiQuery = JSONObject()
        for (name, value) in exchange.queryParameters {
            query[name] = .string(value)
            multiQuery[name] = .array((multiQuery[name]?.arrayValue ?? []) + [.string(value)])
        }
        let context = exchange.context
        var identity: JSONObject = [
            "sourceIp": .string(context.sourceIp), "userAgent": context.userAgent.map(JSONValue.string) ?? .null,
            "apiKey": context.apiKey.map(JSONValue.string) ?? .null, "apiKeyId": context.apiKeyId.map(JSONValue.string) ?? .null,
            "accessKey": context.identityAccessKey.map(JSONValue.string) ?? .null,
            "accountId": context.identityAccountId.map(JSONValue.string) ?? .null,
            "userArn": context.identityUserArn.map(JSONValue.string) ?? .null,
        ]
        identity["caller"] = identity["accountId"]
        identity["user"] = identity["accountId"]
        let requestContext: JSONObject = [
            "path": .string(context.path), "accountId": .string(context.accountId), "resourceId": .string(context.resourceId),
            "stage": .string(context.stage), "requestId": .string(context.requestId),
            "extendedRequestId": .string(context.extendedRequestId), "requestTime": .string(context.requestTime),
            "requestTimeEpoch": .number(Double(context.requestTimeEpoch)), "identity": .object(identity),
            "resourcePath": .string(context.resourcePath), "httpMethod": .string(context.httpMethod), "apiId": .string(context.apiId),
            "protocol": .string(context.protocol), "domainName": .string(context.domainName),
            "domainPrefix": .string(context.domainPrefix),
        ]
        return [
            "resource": .string(context.resourcePath), "path": .string(String(exchange.resourcePathRequested)),
            "httpMethod": .string(context.httpMethod), "headers": nullWhenEmpty(headers), "multiValueHeaders": nullWhenEmpty(multiHeaders),
            "queryStringParameters": nullWhenEmpty(query), "multiValueQueryStringParameters": nullWhenEmpty(multiQuery),
            "pathParameters": nullWhenEmpty(pathParameters(exchange)), "stageVariables": nullWhenEmpty(stageVariables(exchange)),
            "requestContext": .object(requestContext),
        ]
    }

    /// HTTP API payload 2.0: `version`, `routeKey`, `rawPath`, `rawQueryString`, `cookies`,
    /// `headers` (lower-case names, repeated values comma-joined), `queryStringParameters`
    /// (comma-joined), `requestContext` (with `http`), `pathParameters`, `stageVariables`;
    /// absent parts are left out.
    static func httpV2Request(_ exchange: Exchange) -> JSONObject {
        let context = exchange.context
        var headers = JSONObject()
        var cookies: [JSONValue] = []
        for (name, value) in exchange.head.headers {
            let lower = name.lowercased()
            if lower == "cookie" {
                cookies += value.split(separator: ";").map { JSONValue.string(String($0).trimmingWhitespace().description) }
                continue
            }
            headers[lower] = .string(headers[lower]?.stringValue.map { "\($0),\(value)" } ?? value)
        }
        var query = JSONObject()
        for (name, value) in exchange.queryParameters {
            query[name] = .string(query[name]?.stringValue.map { "\($0),\(value)" } ?? value)
        }
        let requestContext: JSONObject = [
            "accountId": .string(context.accountId), "apiId": .string(context.apiId), "domainName": .string(context.domainName),
            "domainPrefix": .string(context.domainPrefix),
            "http": [
                "method": .string(context.httpMethod), "path": .string(context.path), "protocol": .string(context.protocol),
                "sourceIp": .string(context.sourceIp), "userAgent": .string(context.userAgent ?? ""),
            ],
            "requestId": .string(context.requestId), "routeKey": .string(context.routeKey), "stage": .string(context.stage),
            "time": .string(context.requestTime), "timeEpoch": .number(Double(context.requestTimeEpoch)),
        ]
        var event: JSONObject = [
            "version": "2.0", "routeKey": .string(context.routeKey), "rawPath": .string(context.path),
            "rawQueryString": .string(exchange.rawQuery.map(String.init) ?? ""), "headers": .object(headers),
            "requestContext": .object(requestContext),
        ]
        if !cookies.isEmpty { event["cookies"] = .array(cookies) }
        if !query.isEmpty { event["queryStringParameters"] = .object(query) }
        let parameters = pathParameters(exchange)
        if !parameters.isEmpty { event["pathParameters"] = .object(parameters) }
        let variables = stageVariables(exchange)
        if !variables.isEmpty { event["stageVariables"] = .object(variables) }
        return event
    }

    private static func pathParameters(_ exchange: Exchange) -> JSONObject {
        var parameters = JSONObject()
        for (name, value) in exchange.pathParameters { parameters[name] = .string(QueryString.decode(value, plusAsSpace: false)) }
        return parameters
    }

    private static func stageVariables(_ exchange: Exchange) -> JSONObject {
        var variables = JSONObject()
        for (name, value) in exchange.stage.variables.sorted(by: { $0.key < $1.key }) { variables[name] = .string(value) }
        return variables
    }

    private static func nullWhenEmpty(_ object: JSONObject) -> JSONValue { object.isEmpty ? .null : .object(object) }
}
