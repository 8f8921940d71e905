import JSON
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DataPlane

/// Golden events for Lambda proxy integrations: the shapes of aws-lambda-go's
/// `events/testdata/apigw-request.json`, `apigw-v2-request-jwt-authorizer.json` and
/// `apigw-v2-request-lambda-authorizer.json` (facts carried over, with the values a request to
/// this gateway makes: identity fields it cannot know are null, as AWS sends them).
@Suite struct LambdaProxyEventTests {
    static let epoch: Int64 = 1_589_522_469_693  // 15/May/2020:06:01:09 +0000

    static func exchange(
        kind: ApiKind, method: HTTPMethod = .POST, uri: String, stagePath: Substring, headers: [(String, String)], body: String?,
        variables: [String: String] = [:], pathParameters: [(String, Substring)] = [], context edit: (inout RequestContext) -> Void
    ) -> Exchange {
        let stage = CompiledStage(
            apiId: "gy415nuibc", kind: kind, name: "testStage", deploymentId: "dep1", variables: variables,
            router: PathRouter<MethodTable>.Builder().build(), defaultRoute: nil)
        var context = RequestContext()
        context.requestTimeEpoch = epoch
        context.apiId = "gy415nuibc"
        context.accountId = "12345678912"
        context.stage = "testStage"
        context.deploymentId = "dep1"
        context.httpMethod = method.rawValue
        context.path = String(uri.prefix { $0 != "?" })
        context.sourceIp = "192.168.196.186"
        context.userAgent = headers.first { $0.0.lowercased() == "user-agent" }?.1
        context.domainName = "gy415nuibc.execute-api.us-east-1.amazonaws.com"
        context.domainPrefix = "gy415nuibc"
        context.requestId = "deef4878-7910-11e6-8f14-25afc3e9ae33"
        context.extendedRequestId = "MbF3lHqGoAMEbSg="
        edit(&context)
        let query = uri.firstIndex(of: "?").map { uri[uri.index(after: $0)...] }
        let exchange = Exchange(
            head: HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: HTTPHeaders(headers)),
            body: body.map { ByteBuffer(string: $0) }, context: context, resourcePathRequested: stagePath, rawQuery: query, stage: stage,
            eventLoop: EmbeddedEventLoop(), isSecure: true, localPort: 443)
        exchange.pathParameters = pathParameters.map { (name: $0.0, value: $0.1) }
        return exchange
    }

    static func expect(_ event: JSONObject, _ golden: String) throws {
        let expected = try JSONValueParser().parse(Array(golden.utf8))
        #expect(JSONValue.object(event) == expected, "\(JSONWriter.pretty(.object(event)))")
    }

    static let restHeaders = [
        ("Accept", "*/*"), ("Content-Type", "application/json"), ("headerName", "headerValue"),
        ("Host", "gy415nuibc.execute-api.us-east-1.amazonaws.com"), ("User-Agent", "PostmanRuntime/2.4.5"),
        ("X-Forwarded-For", "54.240.196.186, 54.182.214.83"),
    ]

    @Test func restEventMatchesAwsLambdaGoShape() throws {
        let exchange = Self.exchange(
            kind: .rest, uri: "/testStage/hello/world?name=me", stagePath: "/hello/world", headers: Self.restHeaders,
            body: "{\r\n\t\"a\": 1\r\n}", variables: ["stageVariableName": "stageVariableValue"], pathParameters: [("proxy", "hello/world")]
        ) { context in
            context.resourceId = "roq9wj"
            context.resourcePath = "/{proxy+}"
            context.identityAccessKey = "ANEXAMPLEOFACCESSKEY"
            context.identityAccountId = "theAccountId"
            context.identityUserArn = "theUserArn"
            context.apiKey = "theApiKey"
            context.apiKeyId = "theApiKeyId"
            context.authorizer = AuthorizerOutput(principalId: "admin", context: ["clientId": 1, "clientName": "Exata"], integrationLatency: 12)
        }
        try Self.expect(
            LambdaEvents.restProxy(exchange, binaryMediaTypes: .none),
            #"""
            {
              "resource": "/{proxy+}", "path": "/hello/world", "httpMethod": "POST",
              "headers": {"Accept": "*/*", "Content-Type": "application/json", "headerName": "headerValue",
                "Host": "gy415nuibc.execute-api.us-east-1.amazonaws.com", "User-Agent": "PostmanRuntime/2.4.5",
                "X-Forwarded-For": "54.240.196.186, 54.182.214.83"},
              "multiValueHeaders": {"Accept": ["*/*"], "Content-Type": ["application/json"], "headerName": ["headerValue"],
                "Host": ["gy415nuibc.execute-api.us-east-1.amazonaws.com"], "User-Agent": ["PostmanRuntime/2.4.5"],
                "X-Forwarded-For": ["54.240.196.186, 54.182.214.83"]},
              "queryStringParameters": {"name": "me"}, "multiValueQueryStringParameters": {"name": ["me"]},
              "pathParameters": {"proxy": "hello/world"}, "stageVariables": {"stageVariableName": "stageVariableValue"},
              "requestContext": {
                "accountId": "12345678912", "apiId": "gy415nuibc", "deploymentId": "dep1",
                "domainName": "gy415nuibc.execute-api.us-east-1.amazonaws.com", "domainPrefix": "gy415nuibc",
                "extendedRequestId": "MbF3lHqGoAMEbSg=", "httpMethod": "POST",
                "identity": {"accessKey": "ANEXAMPLEOFACCESSKEY", "accountId": "theAccountId", "apiKey": "theApiKey", "apiKeyId": "theApiKeyId",
                  "caller": "theAccountId", "cognitoAuthenticationProvider": null, "cognitoAuthenticationType": null,
                  "cognitoIdentityId": null, "cognitoIdentityPoolId": null, "principalOrgId": null, "sourceIp": "192.168.196.186",
                  "user": "theAccountId", "userAgent": "PostmanRuntime/2.4.5", "userArn": "theUserArn"},
                "authorizer": {"principalId": "admin", "integrationLatency": 12, "clientId": 1, "clientName": "Exata"},
                "path": "/testStage/hello/world", "protocol": "HTTP/1.1", "requestId": "deef4878-7910-11e6-8f14-25afc3e9ae33",
                "requestTime": "15/May/2020:06:01:09 +0000", "requestTimeEpoch": 1589522469693, "resourceId": "roq9wj",
                "resourcePath": "/{proxy+}", "stage": "testStage"
              },
              "body": "{\r\n\t\"a\": 1\r\n}", "isBase64Encoded": false
            }
            """#)
    }

    @Test func restEventWithoutQueryHeadersOrBodyHasNulls() throws {
        let exchange = Self.exchange(kind: .rest, method: .GET, uri: "/testStage/", stagePath: "/", headers: [], body: nil) { context in
            context.resourcePath = "/"
            context.resourceId = "root"
        }
        let event = LambdaEvents.restProxy(exchange, binaryMediaTypes: .none)
        for key in ["headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "pathParameters",
            "stageVariables", "body"]
        {
            #expect(event[key] == .null, "\(key)")
        }
        #expect(event["isBase64Encoded"] == false)
        #expect(event["requestContext"]?["authorizer"] == nil)
        #expect(event["requestContext"]?["identity"]?["apiKey"] == nil)
        #expect(event["version"] == nil, "REST events have no version")
    }

    @Test func restBinaryBodyIsBase64WhenItsTypeIsABinaryMediaType() {
        let bytes = "\u{0}\u{1}png"
        let exchange = Self.exchange(kind: .rest, uri: "/testStage/img", stagePath: "/img", headers: [("Content-Type", "image/png")], body: bytes) {
            _ in
        }
        let binary = LambdaEvents.restProxy(exchange, binaryMediaTypes: BinaryMediaTypes(["image/*"]))
        #expect(binary["body"] == "AAFwbmc=")
        #expect(binary["isBase64Encoded"] == true)
        let text = LambdaEvents.restProxy(exchange, binaryMediaTypes: BinaryMediaTypes(["application/octet-stream"]))
        #expect(text["body"] == .string(bytes))
        #expect(text["isBase64Encoded"] == false)
    }

    @Test func httpV2EventMatchesAwsLambdaGoJwtShape() throws {
        let exchange = Self.exchange(
            kind: .http, method: .GET, uri: "/testStage/my/path?parameter1=value1&parameter1=value2&parameter2=value",
            stagePath: "/my/path",
            headers: [("Header1", "value1"), ("Header2", "value1"), ("header2", "value2"), ("Cookie", "cookie1; cookie2"),
                ("Content-Type", "application/json"), ("User-Agent", "agent")],
            body: "{\r\n\t\"a\": 1\r\n}", variables: ["stageVariable1": "value1", "stageVariable2": "value2"],
            pathParameters: [("proxy", "hello/world")]
        ) { context in
            context.routeKey = "GET /my/{proxy+}"
            context.authorizer = AuthorizerOutput(claims: ["claim1": "value1", "claim2": "value2"], scopes: ["scope1", "scope2"])
        }
        try Self.expect(
            LambdaEvents.httpV2Proxy(exchange),
            #"""
            {
              "version": "2.0", "routeKey": "GET /my/{proxy+}", "rawPath": "/testStage/my/path",
              "rawQueryString": "parameter1=value1&parameter1=value2&parameter2=value", "cookies": ["cookie1", "cookie2"],
              "headers": {"header1": "value1", "header2": "value1,value2", "content-type": "application/json", "user-agent": "agent"},
              "queryStringParameters": {"parameter1": "value1,value2", "parameter2": "value"},
              "pathParameters": {"proxy": "hello/world"},
              "requestContext": {
                "accountId": "12345678912", "apiId": "gy415nuibc",
                "authorizer": {"jwt": {"claims": {"claim1": "value1", "claim2": "value2"}, "scopes": ["scope1", "scope2"]}},
                "domainName": "gy415nuibc.execute-api.us-east-1.amazonaws.com", "domainPrefix": "gy415nuibc",
                "http": {"method": "GET", "path": "/testStage/my/path", "protocol": "HTTP/1.1", "sourceIp": "192.168.196.186", "userAgent": "agent"},
                "requestId": "deef4878-7910-11e6-8f14-25afc3e9ae33", "routeKey": "GET /my/{proxy+}", "stage": "testStage",
                "time": "15/May/2020:06:01:09 +0000", "timeEpoch": 1589522469693
              },
              "stageVariables": {"stageVariable1": "value1", "stageVariable2": "value2"},
              "body": "{\r\n\t\"a\": 1\r\n}", "isBase64Encoded": false
            }
            """#)
    }

    @Test func httpV2LambdaAndIamAuthorizersAndBinaryBodies() {
        let lambda = Self.exchange(kind: .http, uri: "/testStage/x", stagePath: "/x", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "a=1") {
            context in
            context.authorizer = AuthorizerOutput(context: ["key": "value"], integrationLatency: 3)
        }
        let event = LambdaEvents.httpV2Proxy(lambda)
        #expect(event["requestContext"]?["authorizer"] == ["lambda": ["key": "value"]])
        #expect(event["body"] == "YT0x", "form bodies are not text to HTTP APIs")
        #expect(event["isBase64Encoded"] == true)
        #expect(event["cookies"] == nil && event["queryStringParameters"] == nil && event["pathParameters"] == nil)

        let iam = Self.exchange(kind: .http, method: .GET, uri: "/testStage/x", stagePath: "/x", headers: [], body: nil) { context in
            context.identityAccessKey = "AKIDEXAMPLE"
            context.identityAccountId = "123456789012"
            context.identityUserArn = "arn:aws:iam::123456789012:user/alice"
        }
        let iamEvent = LambdaEvents.httpV2Proxy(iam)
        #expect(iamEvent["requestContext"]?["authorizer"]?["iam"]?["accessKey"] == "AKIDEXAMPLE")
        #expect(iamEvent["requestContext"]?["authorizer"]?["iam"]?["userArn"] == "arn:aws:iam::123456789012:user/alice")
        #expect(iamEvent["body"] == nil, "no body: the key is left out")
        #expect(iamEvent["isBase64Encoded"] == false)
    }

    @Test func httpV1EventLowerCasesHeadersAndKeepsTheStageInPath() {
        let exchange = Self.exchange(
            kind: .http, method: .GET, uri: "/testStage/my/path?a=1&a=2", stagePath: "/my/path",
            headers: [("X-Multi", "one"), ("x-multi", "two"), ("User-Agent", "agent")], body: nil
        ) { context in
            context.routeKey = "GET /my/path"
            context.resourcePath = "/my/path"
            context.authorizer = AuthorizerOutput(claims: ["sub": "u"], scopes: ["s"])
        }
        let event = LambdaEvents.httpV1Proxy(exchange)
        #expect(event["version"] == "1.0")
        #expect(event["path"] == "/testStage/my/path")
        #expect(event["headers"] == ["x-multi": "two", "user-agent": "agent"])
        #expect(event["multiValueHeaders"]?["x-multi"] == ["one", "two"])
        #expect(event["queryStringParameters"] == ["a": "2"])
        #expect(event["multiValueQueryStringParameters"] == ["a": ["1", "2"]])
        #expect(event["requestContext"]?["authorizer"] == ["claims": ["sub": "u"], "scopes": ["s"]])
        #expect(event["body"] == .null)
    }

    @Test func binaryMediaTypesMatchWildcardsCaseAndParameters() {
        let types = BinaryMediaTypes(["image/*", "application/octet-stream", "application~1pdf"])
        #expect(types.matches("IMAGE/PNG"))
        #expect(types.matches("application/octet-stream; charset=binary"))
        #expect(types.matches("application/pdf"))
        #expect(types.matches("image/png, text/html"))
        #expect(!types.matches("text/html, image/png"), "an Accept list decides on its first type")
        #expect(!types.matches(nil))
        #expect(BinaryMediaTypes(["*/*"]).matches("text/plain"))
        #expect(!BinaryMediaTypes.none.matches("image/png"))
        #expect(BinaryMediaTypes.isText("application/vnd.api+json"))
        #expect(!BinaryMediaTypes.isText(nil))
    }
}
