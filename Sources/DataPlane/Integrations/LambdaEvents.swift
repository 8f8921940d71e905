import Foundation
import JSON

/// The events API Gateway sends to Lambda functions, field by field as AWS names them
/// (reference §2.3, §2.4; `aws-lambda-go/events/apigw.go`): the REST / payload 1.0 shape and the
/// HTTP API payload 2.0 shape. Lambda authorizers take the request parts and add their own fields
/// (`type`, `methodArn`/`routeArn`, `identitySource`); proxy integrations add the body.
enum LambdaEvents {
    /// REST / payload 1.0: `resource`, `path`, `httpMethod`, `headers` (last value of each),
    /// `multiValueHeaders`, `queryStringParameters`, `multiValueQueryStringParameters`,
    /// `pathParameters`, `stageVariables` (null when empty), `requestContext` with `identity`
    /// (nulls kept) and, once an authorizer ran, `authorizer`.
    ///
    /// HTTP APIs' payload 1.0 (`httpApi`) differs as AWS's does: header names are lower-case,
    /// `path` is the raw path with the stage, and `version` is `"1.0"`.
    static func restRequest(_ exchange: Exchange, httpApi: Bool = false) -> JSONObject {
        var headers = JSONObject()
        var multiHeaders = JSONObject()
        for (original, value) in exchange.head.headers {
            let name = httpApi ? original.lowercased() : original
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
        var requestContext: JSONObject = [
            "accountId": .string(context.accountId), "apiId": .string(context.apiId), "deploymentId": .string(context.deploymentId),
            "domainName": .string(context.domainName), "domainPrefix": .string(context.domainPrefix),
            "extendedRequestId": .string(context.extendedRequestId), "httpMethod": .string(context.httpMethod),
            "identity": .object(identity(context)), "path": .string(context.path), "protocol": .string(context.protocol),
            "requestId": .string(context.requestId), "requestTime": .string(context.requestTime),
            "requestTimeEpoch": .number(Double(context.requestTimeEpoch)), "resourceId": .string(context.resourceId),
            "resourcePath": .string(context.resourcePath), "stage": .string(context.stage),
        ]
        if let authorizer = restAuthorizer(context.authorizer, httpApi: httpApi) { requestContext["authorizer"] = .object(authorizer) }
        var event: JSONObject = [:]
        if httpApi { event["version"] = "1.0" }
        event["resource"] = .string(context.resourcePath)
        event["path"] = .string(httpApi ? context.path : String(exchange.resourcePathRequested))
        event["httpMethod"] = .string(context.httpMethod)
        event["headers"] = nullWhenEmpty(headers)
        event["multiValueHeaders"] = nullWhenEmpty(multiHeaders)
        event["queryStringParameters"] = nullWhenEmpty(query)
        event["multiValueQueryStringParameters"] = nullWhenEmpty(multiQuery)
        event["pathParameters"] = nullWhenEmpty(pathParameters(exchange))
        event["stageVariables"] = nullWhenEmpty(stageVariables(exchange))
        event["requestContext"] = .object(requestContext)
        return event
    }

    /// `requestContext.identity`: every field AWS sends, null when unknown; `apiKey` and
    /// `apiKeyId` when the API key phase accepted a key.
    static func identity(_ context: RequestContext) -> JSONObject {
        let accountId = context.identityAccountId.map(JSONValue.string) ?? .null
        var identity: JSONObject = [
            "accessKey": context.identityAccessKey.map(JSONValue.string) ?? .null, "accountId": accountId, "caller": accountId,
            "cognitoAuthenticationProvider": .null, "cognitoAuthenticationType": .null, "cognitoIdentityId": .null,
            "cognitoIdentityPoolId": .null, "principalOrgId": .null, "sourceIp": .string(context.sourceIp), "user": accountId,
            "userAgent": context.userAgent.map(JSONValue.string) ?? .null,
            "userArn": context.identityUserArn.map(JSONValue.string) ?? .null,
        ]
        if let key = context.apiKey {
            identity["apiKey"] = .string(key)
            identity["apiKeyId"] = context.apiKeyId.map(JSONValue.string) ?? .null
        }
        if let certificate = context.clientCert { identity["clientCert"] = .object(clientCert(certificate)) }
        return identity
    }

    /// `clientCert{clientCertPem, subjectDN, issuerDN, serialNumber, validity{notBefore, notAfter}}`.
    static func clientCert(_ certificate: ClientCertificateIdentity) -> JSONObject {
        [
            "clientCertPem": .string(certificate.clientCertPem), "subjectDN": .string(certificate.subjectDN),
            "issuerDN": .string(certificate.issuerDN), "serialNumber": .string(certificate.serialNumber),
            "validity": ["notBefore": .string(certificate.notBefore), "notAfter": .string(certificate.notAfter)],
        ]
    }

    /// REST (and payload 1.0) `requestContext.authorizer`: `{"claims": {…}}` for Cognito (and
    /// JWT authorizers, which add `scopes`), else `{principalId, integrationLatency, …context}`
    /// for Lambda authorizers.
    private static func restAuthorizer(_ output: AuthorizerOutput?, httpApi: Bool) -> JSONObject? {
        guard let output else { return nil }
        if let claims = output.claims {
            var authorizer: JSONObject = ["claims": .object(claims)]
            if httpApi { authorizer["scopes"] = output.scopes.map { .array($0.map(JSONValue.string)) } ?? .null }
            return authorizer
        }
        var authorizer: JSONObject = [:]
        if let principal = output.principalId { authorizer["principalId"] = .string(principal) }
        authorizer["integrationLatency"] = .number(Double(output.integrationLatency ?? 0))
        for (name, value) in output.context ?? [:] { authorizer[name] = value }
        return authorizer
    }

    /// HTTP API payload 2.0: `version`, `routeKey`, `rawPath`, `rawQueryString`, `cookies`,
    /// `headers` (lower-case names, repeated values comma-joined), `queryStringParameters`
    /// (comma-joined), `requestContext` (with `http` and, once an authorizer ran, `authorizer`),
    /// `pathParameters`, `stageVariables`; absent parts are left out.
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
        var requestContext: JSONObject = [
            "accountId": .string(context.accountId), "apiId": .string(context.apiId), "domainName": .string(context.domainName),
            "domainPrefix": .string(context.domainPrefix),
            "http": [
                "method": .string(context.httpMethod), "path": .string(context.path), "protocol": .string(context.protocol),
                "sourceIp": .string(context.sourceIp), "userAgent": .string(context.userAgent ?? ""),
            ],
            "requestId": .string(context.requestId), "routeKey": .string(context.routeKey), "stage": .string(context.stage),
            "time": .string(context.requestTime), "timeEpoch": .number(Double(context.requestTimeEpoch)),
        ]
        if let authorizer = httpV2Authorizer(context) { requestContext["authorizer"] = .object(authorizer) }
        if let certificate = context.clientCert {
            requestContext["authentication"] = ["clientCert": .object(clientCert(certificate))]
        }
        var event: JSONObject = [
            "version": "2.0", "routeKey": .string(context.routeKey), "rawPath": .string(context.path),
            "rawQueryString": .string(exchange.rawQuery.map(String.init) ?? ""),
        ]
        if !cookies.isEmpty { event["cookies"] = .array(cookies) }
        event["headers"] = .object(headers)
        if !query.isEmpty { event["queryStringParameters"] = .object(query) }
        event["requestContext"] = .object(requestContext)
        let parameters = pathParameters(exchange)
        if !parameters.isEmpty { event["pathParameters"] = .object(parameters) }
        let variables = stageVariables(exchange)
        if !variables.isEmpty { event["stageVariables"] = .object(variables) }
        return event
    }

    /// Payload 2.0 `requestContext.authorizer`: `{"jwt": {claims, scopes}}` (JWT),
    /// `{"lambda": {…context}}` (Lambda), `{"iam": {…}}` (`AWS_IAM`).
    private static func httpV2Authorizer(_ context: RequestContext) -> JSONObject? {
        if let output = context.authorizer {
            if let claims = output.claims {
                return ["jwt": ["claims": .object(claims), "scopes": output.scopes.map { .array($0.map(JSONValue.string)) } ?? .null]]
            }
            var authorizer: JSONObject = [:]
            if let principal = output.principalId { authorizer["principalId"] = .string(principal) }
            authorizer["lambda"] = .object(output.context ?? [:])
            return authorizer
        }
        guard let accessKey = context.identityAccessKey else { return nil }
        let accountId = context.identityAccountId.map(JSONValue.string) ?? .null
        return [
            "iam": [
                "accessKey": .string(accessKey), "accountId": accountId, "callerId": accountId, "cognitoIdentity": .null,
                "principalOrgId": .null, "userArn": context.identityUserArn.map(JSONValue.string) ?? .null, "userId": accountId,
            ]
        ]
    }

    // MARK: Proxy integrations

    /// The AWS_PROXY event for REST APIs: the request parts, then `body` (null without one) and
    /// `isBase64Encoded` (true when the request's `Content-Type` is one of the API's
    /// `binaryMediaTypes`; the body is then its base64 text).
    static func restProxy(_ exchange: Exchange, binaryMediaTypes: BinaryMediaTypes) -> JSONObject {
        var event = restRequest(exchange)
        let binary = binaryMediaTypes.matches(exchange.head.headers.first(name: "content-type"))
        addBody(exchange, base64: binary, nullWhenEmpty: true, to: &event)
        return event
    }

    /// HTTP APIs, payload 1.0: the REST shape with lower-case header names, the stage in `path`,
    /// `version: "1.0"`; bodies that are not text are base64 (`BinaryMediaTypes.isText`).
    static func httpV1Proxy(_ exchange: Exchange) -> JSONObject {
        var event = restRequest(exchange, httpApi: true)
        addBody(exchange, base64: !BinaryMediaTypes.isText(exchange.head.headers.first(name: "content-type")), nullWhenEmpty: true, to: &event)
        return event
    }

    /// HTTP APIs, payload 2.0: `body` only when there is one, `isBase64Encoded` always; bodies
    /// that are not text are base64 (`BinaryMediaTypes.isText`).
    static func httpV2Proxy(_ exchange: Exchange) -> JSONObject {
        var event = httpV2Request(exchange)
        addBody(exchange, base64: !BinaryMediaTypes.isText(exchange.head.headers.first(name: "content-type")), nullWhenEmpty: false, to: &event)
        return event
    }

    private static func addBody(_ exchange: Exchange, base64: Bool, nullWhenEmpty: Bool, to event: inout JSONObject) {
        guard let body = exchange.body, body.readableBytes > 0 else {
            if nullWhenEmpty { event["body"] = .null }
            event["isBase64Encoded"] = false
            return
        }
        if base64 {
            event["body"] = .string(Data(body.readableBytesView).base64EncodedString())
        } else {
            event["body"] = .string(String(decoding: body.readableBytesView, as: UTF8.self))
        }
        event["isBase64Encoded"] = .bool(base64)
    }

    // MARK: Parts

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
