import GatewayModel
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DataPlane

/// Request validation and custom gateway responses, compiled from a REST snapshot and run
/// through the real pipeline in process (MOCK integrations, an embedded loop).
@Suite struct RequestValidationTests {
    static let apiId = "v1a2"
    static let petSchema = #"""
        {"$schema":"http://json-schema.org/draft-04/schema#","type":"object","required":["name","price"],
         "properties":{"name":{"type":"string","maxLength":5},"price":{"type":"integer","minimum":1},
         "tag":{"$ref":"https://apigateway.amazonaws.com/restapis/v1a2/models/Tag"}}}
        """#
    static let tagSchema = #"{"type":"string","enum":["a","b"]}"#

    private func snapshot(
        validator: RequestValidator = RequestValidator(id: "val", validateRequestBody: true, validateRequestParameters: true),
        requestModels: [String: String]? = ["application/json": "Pet"], gatewayResponses: [GatewayResponse]? = nil,
        binaryMediaTypes: [String]? = nil, responseTemplate: String = #"{"ok":true}"#, contentHandling: String? = nil
    ) -> RestApiSnapshot {
        let integration = Integration(
            type: .mock, requestTemplates: ["application/json": #"{"statusCode": 200}"#, "image/png": #"{"statusCode": 200}"#],
            integrationResponses: [
                "200": IntegrationResponse(statusCode: "200", responseTemplates: ["application/json": responseTemplate], contentHandling: contentHandling)
            ])
        let post = Method(
            httpMethod: "POST", requestValidatorId: validator.id,
            requestParameters: ["method.request.header.x-trace": true, "method.request.querystring.q": true, "method.request.querystring.opt": false],
            requestModels: requestModels, methodIntegration: integration)
        var api = RestApi(id: Self.apiId, name: "pets")
        api.binaryMediaTypes = binaryMediaTypes
        var snapshot = RestApiSnapshot(api: api, resources: [Resource(id: "r0", path: "/pets", resourceMethods: ["POST": post])])
        snapshot.requestValidators = [validator]
        snapshot.models = [Model(id: "m1", name: "Pet", schema: Self.petSchema), Model(id: "m2", name: "Tag", schema: Self.tagSchema)]
        snapshot.gatewayResponses = gatewayResponses
        return snapshot
    }

    private func send(
        _ snapshot: RestApiSnapshot, uri: String = "/dev/pets?q=1", headers: HTTPHeaders = ["x-trace": "t", "Content-Type": "application/json"],
        body: String?
    ) throws -> GatewayHTTPResponse {
        try send(snapshot, uri: uri, headers: headers, bytes: body.map { Array($0.utf8) })
    }

    private func send(_ snapshot: RestApiSnapshot, uri: String, headers: HTTPHeaders, bytes: [UInt8]?) throws -> GatewayHTTPResponse {
        let gateway = DeploymentCompiler().compile([ServedApi(definition: .rest(snapshot), stages: [StageSpecification(name: "dev", deploymentId: "d1")])])
        let loop = EmbeddedEventLoop()
        defer { try? loop.syncShutdownGracefully() }
        let context = LoopContext(
            eventLoop: loop, gateway: gateway, upstreams: UpstreamConnectionPool(eventLoop: loop, tls: UpstreamTLSContexts()),
            logger: Logger(label: "test"))
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: uri, headers: headers)
        head.headers.add(name: "Host", value: "localhost")
        let request = IncomingRequest(
            head: head, body: bytes.map { ByteBuffer(bytes: $0) }, sourceIp: "127.0.0.1", localPort: 8080, isSecure: false,
            receivedAtMilliseconds: 0)
        guard case .exchange(let exchange) = RequestPipeline.resolve(request, loop: context) else {
            throw Failure(description: "the endpoint phase found no stage")
        }
        var result: PipelineResult?
        RequestPipeline.run(exchange, loop: context) { result = $0 }
        loop.run()
        guard let response = result?.response else { throw Failure(description: "no answer") }
        return response
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    private func text(_ response: GatewayHTTPResponse) -> String { String(buffer: response.body ?? ByteBuffer()) }

    // MARK: Validation

    @Test func validBodyAndParametersPass() throws {
        let response = try send(snapshot(), body: #"{"name":"rex","price":3,"tag":"a"}"#)
        #expect(response.status == .ok)
        #expect(text(response) == #"{"ok":true}"#)
    }

    @Test func missingParametersAreListedInTheOrderOfTheirFullNames() throws {
        let response = try send(snapshot(), uri: "/dev/pets?q=", headers: ["Content-Type": "application/json"], body: #"{"name":"a","price":1}"#)
        #expect(response.status == .badRequest)
        #expect(text(response) == #"{"message":"Missing required request parameters: [x-trace, q]"}"#)
        #expect(response.headers.first(name: "x-amzn-ErrorType") == "BadRequestException")
    }

    @Test func invalidBodyAnswersInvalidRequestBody() throws {
        let response = try send(snapshot(), body: #"{"name":"a","price":"3"}"#)
        #expect(response.status == .badRequest)
        #expect(text(response) == #"{"message":"Invalid request body"}"#)
        #expect(response.headers.first(name: "x-amzn-ErrorType") == "BadRequestException")
        // A $ref to another model of the deployment is followed.
        #expect(try send(snapshot(), body: #"{"name":"a","price":3,"tag":"zzz"}"#).status == .badRequest)
        // Not JSON at all.
        #expect(try send(snapshot(), body: #"{"name":"#).status == .badRequest)
    }

    @Test func anEmptyBodyValidatesAsAnEmptyObject() throws {
        // Pet requires name and price: {} fails.
        #expect(try send(snapshot(), body: nil).status == .badRequest)
        // Without requestModels the method uses Empty ({"type":"object"}): {} passes, an array does not.
        #expect(try send(snapshot(requestModels: nil), body: nil).status == .ok)
        #expect(try send(snapshot(requestModels: nil), body: "[1]").status == .badRequest)
    }

    @Test func aContentTypeWithoutAModelIsNotValidated() throws {
        let headers: HTTPHeaders = ["x-trace": "t", "Content-Type": "text/plain"]
        #expect(try send(snapshot(), headers: headers, body: "not json").status != .badRequest)
        // $default covers every type.
        #expect(try send(snapshot(requestModels: ["$default": "Pet"]), headers: headers, body: "{}").status == .badRequest)
    }

    @Test func aValidatorThatChecksOnlyParametersIgnoresTheBody() throws {
        let validator = RequestValidator(id: "params", validateRequestBody: false, validateRequestParameters: true)
        #expect(try send(snapshot(validator: validator), body: "garbage").status == .ok)
        #expect(try send(snapshot(validator: validator), uri: "/dev/pets", body: "{}").status == .badRequest)
    }

    @Test func anUnknownModelAnswers500() throws {
        let response = try send(snapshot(requestModels: ["application/json": "Nope"]), body: "{}")
        #expect(response.status == .internalServerError)
    }

    // MARK: Gateway responses

    @Test func customGatewayResponseForBadRequestBody() throws {
        let custom = GatewayResponse(
            responseType: "BAD_REQUEST_BODY", statusCode: "422",
            responseParameters: [
                "gatewayresponse.header.x-static": "'fixed'", "gatewayresponse.header.x-trace": "method.request.header.x-trace",
                "gatewayresponse.header.x-stage": "context.stage",
            ],
            responseTemplates: ["application/json": #"{"error":"bad body"}"#])
        let response = try send(snapshot(gatewayResponses: [custom]), body: "{}")
        #expect(response.status.code == 422)
        #expect(text(response) == #"{"error":"bad body"}"#)
        #expect(response.headers.first(name: "x-static") == "fixed")
        #expect(response.headers.first(name: "x-trace") == "t")
        #expect(response.headers.first(name: "x-stage") == "dev")
        #expect(response.headers.first(name: "x-amzn-ErrorType") == "BadRequestException")
    }

    @Test func default4XXCoversTheClassAndKeepsEachStatusWhenItHasNone() throws {
        let default4xx = GatewayResponse(
            responseType: "DEFAULT_4XX", statusCode: nil, responseParameters: ["gatewayresponse.header.Access-Control-Allow-Origin": "'*'"],
            responseTemplates: ["application/json": #"{"message":$context.error.messageString}"#])
        let response = try send(snapshot(gatewayResponses: [default4xx]), uri: "/dev/pets", body: "{}")
        #expect(response.status == .badRequest)
        #expect(response.headers.first(name: "Access-Control-Allow-Origin") == "*")
        #expect(text(response) == #"{"message":"Missing required request parameters: [q]"}"#)
        // A route that does not exist is a 4XX too (MISSING_AUTHENTICATION_TOKEN, 403).
        let missing = try send(snapshot(gatewayResponses: [default4xx]), uri: "/dev/nothing", body: nil)
        #expect(missing.status == .forbidden && missing.headers.first(name: "Access-Control-Allow-Origin") == "*")
        // A status on DEFAULT_4XX overrides every member of the class.
        var fixed = default4xx
        fixed.statusCode = "418"
        #expect(try send(snapshot(gatewayResponses: [fixed]), uri: "/dev/pets", body: "{}").status.code == 418)
        // A 5XX failure is not covered by DEFAULT_4XX.
        #expect(try send(snapshot(requestModels: ["application/json": "Nope"], gatewayResponses: [fixed]), body: "{}").status == .internalServerError)
    }

    /// Gateway-response templates are VTL with `$context.error.*`; one that fails to render
    /// answers the type's default body.
    @Test func velocityTemplatesRenderTheErrorContext() throws {
        let custom = GatewayResponse(
            responseType: "BAD_REQUEST_PARAMETERS", statusCode: "400",
            responseTemplates: ["application/json": #"{"why":"$context.error.validationErrorString","type":"$context.error.responseType"}"#])
        let response = try send(snapshot(gatewayResponses: [custom]), uri: "/dev/pets", body: "{}")
        #expect(text(response) == #"{"why":"Missing required request parameters: [q]","type":"BAD_REQUEST_PARAMETERS"}"#)
        let broken = GatewayResponse(
            responseType: "BAD_REQUEST_PARAMETERS", statusCode: "400",
            responseTemplates: ["application/json": #"#foreach($x in [1..5000])$x#end"#])
        let fallback = try send(snapshot(gatewayResponses: [broken]), uri: "/dev/pets", body: "{}")
        #expect(text(fallback) == #"{"message":"Missing required request parameters: [q]"}"#)
    }

    @Test func validationErrorStringIsInAWSFormat() throws {
        let error = GatewayError.badRequestBody(report: [#"instance type (string) does not match any allowed primitive type (allowed: ["integer"])"#])
        #expect(error.validationErrorString == #"[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]"#)
        #expect(GatewayError.badRequestParameters(missing: ["a", "b"]).message == "Missing required request parameters: [a, b]")
    }

    // MARK: Binary

    @Test func convertToBinaryDecodesAMockTemplate() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x10]
        let base64 = "iVBORwD/EA=="
        let mock = snapshot(
            validator: RequestValidator(id: "none"), binaryMediaTypes: ["image/*"], responseTemplate: base64, contentHandling: "CONVERT_TO_BINARY")
        let response = try send(mock, uri: "/dev/pets", headers: ["Content-Type": "application/json"], body: nil)
        #expect(Array(response.body?.readableBytesView ?? ByteBuffer().readableBytesView) == png)
        // Text asked for as text stays text without contentHandling.
        let plain = snapshot(validator: RequestValidator(id: "none"), binaryMediaTypes: ["image/*"], responseTemplate: base64)
        #expect(text(try send(plain, uri: "/dev/pets", headers: ["Content-Type": "application/json"], body: nil)) == base64)
        // …and is decoded when the client accepts a binary type.
        let accepted = try send(plain, uri: "/dev/pets", headers: ["Content-Type": "application/json", "Accept": "image/png"], body: nil)
        #expect(Array(accepted.body?.readableBytesView ?? ByteBuffer().readableBytesView) == png)
    }
}
