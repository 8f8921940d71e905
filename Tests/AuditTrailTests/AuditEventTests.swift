import ControlPlane
import Foundation
import JSON
import Testing

@testable import AuditTrail
@testable import Observability

/// Management calls as CloudTrail events: the shape, the identity, the parameters under
/// botocore's member names, failures, and secrets removed.
@Suite struct AuditEventTests {
    static let operations = OperationDescriptor.apigateway + OperationDescriptor.apigatewayv2

    func call(
        _ name: String, service: OperationDescriptor.Service = .apigateway, path: [String: String] = [:], query: [(String, String)] = [],
        body: String = "", status: Int = 201, answer: String = "", headers: [(String, String)] = []
    ) throws -> ManagementCall {
        let operation = try #require(Self.operations.first { $0.name == name && $0.service == service })
        return ManagementCall(
            operation: operation, pathParameters: path,
            request: ManagementRequest(
                method: operation.method, path: "/", query: query, headers: [("User-Agent", "Boto3/1.43.11 md/Botocore#1.43.11")],
                body: Array(body.utf8), caller: .root(accessKeyId: "AKIDADMIN", accountId: "123456789012"), sourceAddress: "127.0.0.1"),
            response: ManagementResponse(status: status, headers: headers, body: Array(answer.utf8)),
            receivedAt: Date(timeIntervalSince1970: 1_765_086_000), requestId: "5f3c0b2e-0000-4000-8000-000000000001")
    }

    func event(_ call: ManagementCall) -> JSONValue {
        AuditEvent.make(call, region: "eu-west-1", accountId: "123456789012", eventId: UUID(uuidString: "00000000-0000-4000-8000-0000000000AA")!)
    }

    @Test func theCloudTrailShape() throws {
        let created = event(
            try call(
                "CreateResource", path: ["restapi_id": "a1b2c3d4e5", "parent_id": "r00t"], body: #"{"pathPart":"pets"}"#,
                answer: #"{"id":"x9y8z7","parentId":"r00t","path":"/pets","pathPart":"pets"}"#))
        let expected: JSONValue = [
            "eventVersion": "1.09",
            "userIdentity": [
                "type": "Root", "principalId": "123456789012", "arn": "arn:aws:iam::123456789012:root", "accountId": "123456789012",
                "accessKeyId": "AKIDADMIN",
            ],
            "eventTime": "2025-12-07T05:40:00Z", "eventSource": "apigateway.amazonaws.com", "eventName": "CreateResource",
            "awsRegion": "eu-west-1", "sourceIPAddress": "127.0.0.1", "userAgent": "Boto3/1.43.11 md/Botocore#1.43.11",
            "requestParameters": ["parentId": "r00t", "restApiId": "a1b2c3d4e5", "pathPart": "pets"],
            "responseElements": ["id": "x9y8z7", "parentId": "r00t", "path": "/pets", "pathPart": "pets"],
            "requestID": "5f3c0b2e-0000-4000-8000-000000000001", "eventID": "00000000-0000-4000-8000-0000000000aa", "readOnly": false,
            "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "123456789012", "eventCategory": "Management",
        ]
        #expect(created == expected)
        // The keys in CloudTrail's order.
        #expect(JSONWriter.compact(created).hasPrefix(#"{"eventVersion":"1.09","userIdentity":{"type":"Root""#))
    }

    @Test func failuresCarryAWSsErrorAndNoResponse() throws {
        let failed = event(
            try call(
                "DeleteRestApi", path: ["restapi_id": "nope"], status: 404, answer: #"{"message":"Invalid API identifier specified 123456789012:nope"}"#,
                headers: [("x-amzn-ErrorType", "NotFoundException")]))
        #expect(failed["errorCode"] == "NotFoundException")
        #expect(failed["errorMessage"] == "Invalid API identifier specified 123456789012:nope")
        #expect(failed["responseElements"] == .null)
        #expect(failed["requestParameters"] == ["restApiId": "nope"])
        let deleted = event(try call("DeleteRestApi", path: ["restapi_id": "a1"], status: 202))
        #expect(deleted["responseElements"] == .null)
        #expect(deleted["errorCode"] == nil)
    }

    @Test func memberNamesOfPathParameters() {
        #expect(AuditEvent.memberName("restapi_id") == "restApiId")
        #expect(AuditEvent.memberName("http_method") == "httpMethod")
        #expect(AuditEvent.memberName("usageplanId") == "usagePlanId")
        #expect(AuditEvent.memberName("api_Key") == "apiKey")
        #expect(AuditEvent.memberName("apiId") == "apiId")
    }

    @Test func apiKeyValuesAreHidden() throws {
        let created = event(
            try call(
                "CreateApiKey", body: #"{"name":"partner","enabled":true,"value":"s3cr3t-key-value-0123456789"}"#,
                answer: #"{"id":"k1","name":"partner","value":"s3cr3t-key-value-0123456789","enabled":true}"#))
        let text = JSONWriter.compact(created)
        #expect(!text.contains("s3cr3t"))
        #expect(created["requestParameters"]?["value"] == "HIDDEN_DUE_TO_SECURITY_REASONS")
        #expect(created["requestParameters"]?["name"] == "partner")
        #expect(created["responseElements"]?["value"] == "HIDDEN_DUE_TO_SECURITY_REASONS")
        #expect(created["responseElements"]?["id"] == "k1")
        let imported = event(try call("ImportApiKeys", query: [("format", "csv")], body: "name,key\npartner,s3cr3t-in-csv-0123456789\n"))
        #expect(!JSONWriter.compact(imported).contains("s3cr3t"))
        #expect(imported["requestParameters"] == ["format": "csv", "body": "HIDDEN_DUE_TO_SECURITY_REASONS"])
    }

    @Test func secretsAtAnyDepthAreHidden() throws {
        let authorizer = event(
            try call(
                "CreateAuthorizer", path: ["restapi_id": "a1"],
                body: #"{"name":"auth","type":"TOKEN","authorizerCredentials":"arn:aws:iam::123456789012:role/invoker","identitySource":"method.request.header.Authorization"}"#))
        #expect(authorizer["requestParameters"]?["authorizerCredentials"] == "HIDDEN_DUE_TO_SECURITY_REASONS")
        #expect(authorizer["requestParameters"]?["identitySource"] == "method.request.header.Authorization")
        let integration = event(
            try call(
                "PutIntegration", path: ["restapi_id": "a1", "resource_id": "r1", "http_method": "GET"],
                body: #"{"type":"HTTP","requestParameters":{"integration.request.header.Authorization":"'Bearer abc123'","integration.request.header.x-api-key":"'k-123'","integration.request.path.id":"method.request.path.id"}}"#))
        let mapping = integration["requestParameters"]?["requestParameters"]
        #expect(mapping?["integration.request.header.Authorization"] == "HIDDEN_DUE_TO_SECURITY_REASONS")
        #expect(mapping?["integration.request.header.x-api-key"] == "HIDDEN_DUE_TO_SECURITY_REASONS")
        #expect(mapping?["integration.request.path.id"] == "method.request.path.id")
        let domain = event(try call("CreateDomainName", body: #"{"domainName":"api.example.com","certificatePrivateKey":"-----BEGIN PRIVATE KEY-----"}"#))
        #expect(domain["requestParameters"]?["certificatePrivateKey"] == "HIDDEN_DUE_TO_SECURITY_REASONS")
        let patched = event(
            try call(
                "UpdateAuthorizer", path: ["restapi_id": "a1", "authorizer_id": "z1"],
                body: #"{"patchOperations":[{"op":"replace","path":"/authorizerCredentials","value":"arn:aws:iam::1:role/x"},{"op":"replace","path":"/name","value":"renamed"}]}"#,
                status: 200))
        let operations = patched["requestParameters"]?["patchOperations"]?.arrayValue
        #expect(operations?.first?["value"] == "HIDDEN_DUE_TO_SECURITY_REASONS")
        #expect(operations?.last?["value"] == "renamed")
        // A JWT authorizer's issuer and audience are not secrets; `authorizationType` is no token.
        #expect(!AuditRedaction.isSecretName("authorizationType", apiKeyOperation: false))
        #expect(!AuditRedaction.isSecretName("apiKeySource", apiKeyOperation: false))
        #expect(!AuditRedaction.isSecretName("value", apiKeyOperation: false))
        #expect(AuditRedaction.isSecretName("clientSecret", apiKeyOperation: false))
    }

    @Test func importDocumentsAreNotCopied() throws {
        let imported = event(try call("ImportRestApi", query: [("mode", "import")], body: "openapi: 3.0.1\n"))
        #expect(imported["requestParameters"] == ["mode": "import", "body": "HIDDEN_DUE_TO_SECURITY_REASONS"])
    }

    @Test func readsAreNotRecordedWritesAre() throws {
        let metrics = GatewayMetrics()
        let queue = AccessLogQueue(capacity: 10, dropped: LogSinkKind.audit.dropped(metrics))
        let recorder = AuditTrailRecorder(
            queue: queue, region: "eu-west-1", accountId: "123456789012", logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:trail")
        recorder.completed(try call("GetRestApis", status: 200))
        recorder.completed(try call("TagResource", path: ["resource_arn": "arn:aws:apigateway:eu-west-1::/restapis/a1"], status: 204))
        let lines = queue.take()
        #expect(lines.count == 1)
        #expect(lines.first?.destination?.groupName == "trail")
        #expect(lines.first?.destination?.streamName == "123456789012_CloudTrail_eu-west-1")
        #expect(lines.first?.timestamp == 1_765_086_000_000)
        let parsed = try JSONValueParser().parse(lines.first?.line ?? "")
        #expect(parsed["eventName"] == "TagResource")
        #expect(parsed["requestParameters"]?["resourceArn"] == "arn:aws:apigateway:eu-west-1::/restapis/a1")
    }
}
