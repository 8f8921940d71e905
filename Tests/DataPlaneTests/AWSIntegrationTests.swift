import AWSSignatureV4
import Foundation
import GatewayModel
import JSON
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import AWSClients
@testable import DataPlane

/// The AWS integrations' compiled pieces: integration URIs, the subtype catalogue's parameter
/// rules, the query and JSON encodings of subtype parameters, Lambda error selection, the signed
/// service request (checked with the SigV4 verifier), and the choice of handler and credentials.
@Suite struct AWSIntegrationTests {
    @Test func actionAndPathURIs() throws {
        let action = try AWSIntegrationURI(parsing: "arn:aws:apigateway:eu-west-1:sqs:action/SendMessage&DelaySeconds=5", stageVariables: [:])
        #expect(action.region == "eu-west-1" && action.service.name == "sqs" && action.subdomain == nil)
        guard case .action(let name, let query) = action.kind else { Issue.record("not an action"); return }
        #expect(name == "SendMessage" && query == "DelaySeconds=5")

        let path = try AWSIntegrationURI(
            parsing: "arn:aws:apigateway:${stageVariables.region}:my-bucket.s3:path/{bucket}/{key}?x=1", stageVariables: ["region": "us-west-2"])
        #expect(path.region == "us-west-2" && path.service.name == "s3" && path.subdomain == "my-bucket")
        guard case .path(let parts, let pathQuery) = path.kind else { Issue.record("not a path"); return }
        #expect(parts == [.literal("/"), .parameter("bucket"), .literal("/"), .parameter("key")])
        #expect(pathQuery == "x=1")
    }

    @Test(arguments: [
        "arn:aws:apigateway:us-east-1:sqs", "arn:aws:apigateway:us-east-1:sqs:verb/x", "arn:aws:apigateway:us east:sqs:action/X",
        "arn:aws:apigateway:us-east-1:sqs:action/Send Message", "arn:aws:apigateway:us-east-1:sqs:action/X&a=b c",
        "arn:aws:lambda:us-east-1:sqs:action/X", "arn:aws:apigateway:us-east-1:a.b.c:action/X",
    ])
    func invalidAWSURIs(uri: String) {
        #expect(throws: IntegrationURI.ParseError.self) { try AWSIntegrationURI(parsing: uri, stageVariables: [:]) }
    }

    @Test func servicesAndEndpoints() {
        let sqs = AWSService(named: "sqs")
        #expect(sqs.sdkId == "SQS" && sqs.actionProtocol == .query(apiVersion: "2012-11-05"))
        #expect(AWSService(named: "states").sdkId == "SFN")
        #expect(AWSService(named: "dynamodb").actionProtocol == .json(targetPrefix: "DynamoDB_20120810", version: "1.0"))
        let aws = AWSEnvironment(region: "us-east-1")
        #expect(sqs.endpoint(in: aws, region: "eu-west-1") == "https://sqs.eu-west-1.amazonaws.com")
        #expect(AWSService(named: "states").endpoint(in: aws, region: "eu-west-1", hostPrefix: "sync-states") == "https://sync-states.eu-west-1.amazonaws.com")
        let local = AWSEnvironment(region: "us-east-1", serviceEndpoints: ["SQS": "http://127.0.0.1:4566/"], endpoint: "http://127.0.0.1:5000")
        #expect(sqs.endpoint(in: local, region: "eu-west-1") == "http://127.0.0.1:4566")
        #expect(AWSService(named: "kinesis").endpoint(in: local, region: "eu-west-1") == "http://127.0.0.1:5000")
    }

    @Test func subtypeParametersFollowAWSReference() throws {
        let send = try #require(AWSIntegrationSubtype.named("SQS-SendMessage"))
        #expect(send.problem(with: ["QueueUrl", "MessageBody", "Region", "DelaySeconds"]) == nil)
        #expect(send.problem(with: ["QueueUrl"])?.contains("MessageBody") == true)
        #expect(send.problem(with: ["QueueUrl", "MessageBody", "Colour"])?.contains("Colour") == true)
        let events = try #require(AWSIntegrationSubtype.named("EventBridge-PutEvents"))
        #expect(events.problem(with: ["Detail", "DetailType"])?.contains("Source") == true)
        #expect(AWSIntegrationSubtype.named("SQS-SendMessageBatch") == nil)
        #expect(AWSIntegrationSubtype.allNames.count == 10)
    }

    @Test func sqsParametersFlattenAsTheQueryProtocolWritesThem() {
        let attributes = AWSSubtypeIntegration.queryPairs(
            ("MessageAttributes", #"{"origin": {"DataType": "String", "StringValue": "web"}, "n": {"DataType": "Number", "StringValue": "1"}}"#))
        #expect(attributes.map { "\($0.0)=\($0.1)" } == [
            "MessageAttribute.1.Name=origin", "MessageAttribute.1.Value.DataType=String", "MessageAttribute.1.Value.StringValue=web",
            "MessageAttribute.2.Name=n", "MessageAttribute.2.Value.DataType=Number", "MessageAttribute.2.Value.StringValue=1",
        ])
        #expect(AWSSubtypeIntegration.queryPairs(("AttributeNames", #"["All", "SentTimestamp"]"#)).map(\.1) == ["All", "SentTimestamp"])
        #expect(AWSSubtypeIntegration.queryPairs(("MessageAttributeNames", "a, b")).map(\.0) == ["MessageAttributeName.1", "MessageAttributeName.2"])
        #expect(AWSSubtypeIntegration.queryPairs(("QueueUrl", "https://q")).map(\.1) == ["https://q"])
        #expect(AWSSubtypeIntegration.jsonMember("Resources", #"["arn:1","arn:2"]"#, isList: true) == .array(["arn:1", "arn:2"]))
        #expect(AWSSubtypeIntegration.jsonMember("Resources", "arn:1", isList: true) == .array(["arn:1"]))
        #expect(AWSSubtypeIntegration.jsonMember("Time", "2026-12-07T08:00:00Z", isList: false) == .number(1_796_630_400))
        #expect(AWSSubtypeIntegration.jsonMember("Detail", "{}", isList: false) == .string("{}"))
    }

    @Test func lambdaErrorsSelectByErrorMessage() throws {
        func entry(_ status: Int, _ pattern: String?) throws -> IntegrationResponses.Entry {
            IntegrationResponses.Entry(
                selectionPattern: pattern, pattern: try pattern.map { try SelectionPattern($0) }, status: HTTPResponseStatus(statusCode: status),
                headers: [], templates: [:])
        }
        let responses = IntegrationResponses(entries: [try entry(404, ".*not found.*"), try entry(400, "Invalid:[\\s\\S]*")], defaultEntry: try entry(200, nil))
        func invocation(_ payload: String, error: String?) -> LambdaClient.Invocation {
            LambdaClient.Invocation(status: 200, functionError: error, payload: ByteBuffer(string: payload))
        }
        #expect(responses.select(lambdaInvocation: invocation(#"{"errorMessage":"Item not found: 7"}"#, error: "Unhandled"))?.status == .notFound)
        #expect(responses.select(lambdaInvocation: invocation(#"{"errorMessage":"Invalid:\nline two"}"#, error: "Handled"))?.status == .badRequest)
        #expect(responses.select(lambdaInvocation: invocation(#"{"errorMessage":"boom"}"#, error: "Unhandled"))?.status == .ok)
        #expect(responses.select(lambdaInvocation: invocation("not json", error: "Unhandled"))?.status == .ok)
        #expect(responses.select(lambdaInvocation: invocation(#"{"errorMessage":"not found"}"#, error: nil))?.status == .ok,
                "a success takes the default whatever its output says")
    }

    @Test func serviceRequestsAreSignedForTheServiceAndRegion() throws {
        let environment = AWSEnvironment(region: "us-east-1", serviceEndpoints: ["DYNAMODB": "http://127.0.0.1:8000"])
        let target = try AWSServiceTarget(service: AWSService(named: "dynamodb"), region: "eu-west-1", environment: environment)
        #expect(target.endpoint == UpstreamEndpoint(useTLS: false, host: "127.0.0.1", port: 8000))
        let credentials = AWSCredentials(accessKeyID: "ASIAROLE", secretAccessKey: "role-secret", sessionToken: "token-1")
        var headers = HTTPHeaders()
        headers.add(name: "X-Amz-Target", value: "DynamoDB_20120810.GetItem")
        headers.add(name: "Content-Type", value: "application/x-amz-json-1.0")
        let body = ByteBuffer(string: #"{"TableName":"t"}"#)
        let request = target.signedRequest(
            method: .POST, path: "/", query: "Action=GetItem", headers: headers, body: body, credentials: credentials, timeoutMilliseconds: 1000)
        #expect(request.head.uri == "/?Action=GetItem" && request.head.headers.first(name: "host") == "127.0.0.1:8000")
        #expect(request.head.headers.first(name: "x-amz-security-token") == "token-1")
        let signable = SignableRequest(
            method: "POST", target: request.head.uri, headers: request.head.headers.map { .init($0.name, $0.value) },
            payload: .bytes(body.readableBytesView))
        let verifier = Verifier(configuration: .init(region: "eu-west-1", service: "dynamodb")) { id in id == "ASIAROLE" ? credentials : nil }
        let verified = try verifier.verify(signable)
        #expect(verified.sessionToken == "token-1" && verified.signedHeaders.contains("x-amz-target"))
    }

    @Test func assumeRoleAnswersAreRead() throws {
        let answer = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
            <AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>s3cr&amp;t</SecretAccessKey>
            <SessionToken>FQoGZXIvYXdzE+/=</SessionToken><Expiration>2026-12-07T09:00:00.123Z</Expiration>
            </Credentials></AssumeRoleResult></AssumeRoleResponse>
            """
        let session = try STSClient.session(fromAssumeRoleResponse: answer)
        #expect(session.credentials == AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "s3cr&t", sessionToken: "FQoGZXIvYXdzE+/="))
        #expect(abs(session.expiration.timeIntervalSince1970 - 1_796_634_000.123) < 0.01)
        #expect(throws: STSClient.Failure.self) { try STSClient.session(fromAssumeRoleResponse: "<ErrorResponse/>") }
    }

    @Test func roleCredentialsAreAssumedOnceCachedAndRenewed() throws {
        let loop = EmbeddedEventLoop()
        let role = AssumedRoles(sts: nil).role("arn:aws:iam::111122223333:role/r")
        // No STS client: the first use fails its waiters, and the next requests fail at once.
        guard case .loading(let first) = role.credentials(on: loop) else { Issue.record("expected a load"); return }
        final class Outcome: @unchecked Sendable { var failed = false }  // touched on the embedded loop only
        let outcome = Outcome()
        first.whenFailure { _ in outcome.failed = true }
        loop.run()
        #expect(outcome.failed)
        guard case .unavailable = role.credentials(on: loop) else { Issue.record("expected a remembered failure"); return }

        let now = Date()
        let fresh = AWSCredentials(accessKeyID: "ASIA1", secretAccessKey: "s", sessionToken: "t")
        role.finished(.success(STSClient.Session(credentials: fresh, expiration: now + 3600)), now: now)
        guard case .ready(let ready) = role.credentials(on: loop, now: now) else { Issue.record("expected credentials"); return }
        #expect(ready == fresh)
        // Within five minutes of the expiry the session still serves while a renewal runs.
        guard case .ready = role.credentials(on: loop, now: now + 3400) else { Issue.record("expected the old session"); return }
        // Expired: requests wait.
        guard case .loading = role.credentials(on: loop, now: now + 3595) else { Issue.record("expected a wait"); return }
    }

    @Test func restAWSIntegrationsCompileToTheirHandlers() {
        func compile(_ integration: GatewayModel.Integration) -> (any IntegrationHandler, [String]) {
            var resource = Resource(id: "r1", path: "/things")
            resource.resourceMethods = ["POST": Method(httpMethod: "POST", authorizationType: "NONE", methodIntegration: integration)]
            let snapshot = RestApiSnapshot(api: RestApi(id: "a1", name: "aws"), resources: [resource])
            let gateway = DeploymentCompiler().compile([ServedApi(definition: .rest(snapshot), stages: [StageSpecification(name: "prod", deploymentId: "d")])])
            let method = gateway.apis["a1"]?.stages["prod"]?.route(method: "POST", path: "/things")?.0
            return (method?.integration ?? UnavailableIntegration(reason: "none", dialect: .rest), gateway.diagnostics)
        }
        var sqs = GatewayModel.Integration(type: .aws)
        sqs.httpMethod = "POST"
        sqs.uri = "arn:aws:apigateway:us-east-1:sqs:action/SendMessage"
        #expect(compile(sqs).0 is AWSServiceIntegration)
        var lambda = sqs
        lambda.uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations"
        #expect(compile(lambda).0 is LambdaIntegration)
        var caller = sqs
        caller.credentials = "arn:aws:iam::*:user/*"
        let (refused, diagnostics) = compile(caller)
        #expect(refused is UnavailableIntegration && diagnostics.contains { $0.contains("not built yet") })
        var noMethod = sqs
        noMethod.httpMethod = nil
        #expect(compile(noMethod).0 is UnavailableIntegration)
        var badRole = sqs
        badRole.credentials = "arn:aws:iam::1:user/alice"
        #expect(compile(badRole).0 is UnavailableIntegration)
    }

    @Test func requestBodyMembersAreMappingValues() {
        #expect(ValueTemplate("$request.body.message", stageVariables: [:]) != nil)
        #expect(ValueTemplate("${request.body}", stageVariables: [:]) != nil)
        #expect(ValueTemplate("$request.body..x", stageVariables: [:]) == nil)
        #expect(ValueTemplate("fixed-${stageVariables.v}", stageVariables: ["v": "1"])?.literal == "fixed-1")
    }
}
