public import ControlPlane
public import Foundation
public import JSON

/// A management call as a CloudTrail event (`eventType` `AwsApiCall`): the fields CloudTrail
/// writes for API Gateway's management API, in its order, with secrets removed by
/// ``AuditRedaction``.
///
/// - `requestParameters`: the path parameters under botocore's member names (`restApiId`,
///   `resourceId`; HTTP APIs `apiId`), the query parameters, and the JSON body's members, flat,
///   as CloudTrail shows API Gateway calls. An OpenAPI document or CSV body (imports) is not
///   copied: its `body` shows `HIDDEN_DUE_TO_SECURITY_REASONS`.
/// - `responseElements`: the identifiers of what the call created or changed (`id`, `…Id`,
///   names, paths, keys), or `null` (deletes, empty answers, failures).
/// - `errorCode` / `errorMessage`: AWS's exception name and message when the call failed.
public enum AuditEvent {
    public static let eventVersion = "1.09"
    public static let eventSource = "apigateway.amazonaws.com"

    /// The event of `call`, received in `region` of `accountId`; `eventId` is CloudTrail's `eventID`.
    public static func make(_ call: ManagementCall, region: String, accountId: String, eventId: UUID = UUID()) -> JSONValue {
        let apiKeyOperation = call.operation.name.contains("ApiKey")
        var event = JSONObject()
        event["eventVersion"] = .string(eventVersion)
        event["userIdentity"] = identity(call.request.caller, accountId: accountId)
        event["eventTime"] = .string(timestamp(call.receivedAt))
        event["eventSource"] = .string(eventSource)
        event["eventName"] = .string(call.operation.name)
        event["awsRegion"] = .string(region)
        event["sourceIPAddress"] = .string(call.request.sourceAddress ?? "unknown")
        event["userAgent"] = .string(call.request.header("User-Agent") ?? "")
        let failure = (200..<300).contains(call.response.status) ? nil : error(of: call.response)
        if let failure {
            event["errorCode"] = .string(failure.code)
            event["errorMessage"] = .string(failure.message)
        }
        event["requestParameters"] = AuditRedaction.redact(requestParameters(call), apiKeyOperation: apiKeyOperation)
        event["responseElements"] =
            failure == nil ? AuditRedaction.redact(responseElements(call.response), apiKeyOperation: apiKeyOperation) : .null
        event["requestID"] = .string(call.requestId)
        event["eventID"] = .string(eventId.uuidString.lowercased())
        event["readOnly"] = .bool(call.isReadOnly)
        event["eventType"] = .string("AwsApiCall")
        event["managementEvent"] = .bool(true)
        event["recipientAccountId"] = .string(accountId)
        event["eventCategory"] = .string("Management")
        return .object(event)
    }

    static func identity(_ caller: ManagementCaller?, accountId: String) -> JSONValue {
        guard let caller else { return ["type": "Unknown", "accountId": .string(accountId)] }
        return [
            "type": .string(caller.type), "principalId": .string(caller.principalId), "arn": .string(caller.arn),
            "accountId": .string(caller.accountId), "accessKeyId": .string(caller.accessKeyId),
        ]
    }

    /// CloudTrail's `eventTime`: UTC, to the second.
    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// botocore member names of the path parameters whose location name differs by more than
    /// `snake_case` → `camelCase` (the rest are converted).
    static let memberNames: [String: String] = [
        "restapi_id": "restApiId", "usageplanId": "usagePlanId", "clientcertificate_id": "clientCertificateId",
        "doc_version": "documentationVersion", "part_id": "documentationPartId", "requestvalidator_id": "requestValidatorId",
        "sdktype_id": "id", "vpclink_id": "vpcLinkId", "api_Key": "apiKey", "resource-arn": "resourceArn",
    ]

    static func memberName(_ locationName: String) -> String {
        if let known = memberNames[locationName] { return known }
        let parts = locationName.split(separator: "_")
        guard let first = parts.first else { return locationName }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Operations whose body is a document (OpenAPI, CSV), not parameters.
    static let documentOperations: Set<String> = ["ImportRestApi", "PutRestApi", "ImportApiKeys", "ImportDocumentationParts", "ImportApi", "ReimportApi"]

    static func requestParameters(_ call: ManagementCall) -> JSONValue {
        var parameters = JSONObject()
        for name in call.pathParameters.keys.sorted() {
            parameters[memberName(name)] = .string(call.pathParameters[name] ?? "")
        }
        for (name, value) in call.request.query { parameters[name] = .string(value) }
        guard !call.request.body.isEmpty else { return .object(parameters) }
        if !documentOperations.contains(call.operation.name), case .object(let body)? = try? bodyParser.parse(call.request.body) {
            for (key, value) in body { parameters[key] = value }
        } else {
            parameters["body"] = .string(AuditRedaction.hidden)
        }
        return .object(parameters)
    }

    private static let bodyParser = JSONValueParser(maxDepth: 64)

    /// Members of an answer that identify what the call made or changed.
    static let identifyingNames: Set<String> = [
        "id", "name", "path", "pathPart", "stageName", "domainName", "basePath", "statusCode", "httpMethod", "routeKey", "value",
        "responseType", "restApiId", "apiId", "keyId", "keyType", "deploymentId", "resourceId", "parentId",
    ]

    static func responseElements(_ response: ManagementResponse) -> JSONValue {
        guard !response.body.isEmpty, case .object(let body)? = try? bodyParser.parse(response.body) else { return .null }
        var elements = JSONObject()
        for (key, value) in body where identifyingNames.contains(key) || (key.hasSuffix("Id") && value.stringValue != nil) {
            elements[key] = value
        }
        return elements.isEmpty ? .null : .object(elements)
    }

    /// AWS's exception name (`x-amzn-ErrorType`) and message of a failed answer.
    static func error(of response: ManagementResponse) -> (code: String, message: String) {
        let code = response.headers.last { $0.0.lowercased() == "x-amzn-errortype" }?.1 ?? "HTTP\(response.status)"
        let message = (try? bodyParser.parse(response.body))?["message"]?.stringValue ?? ""
        return (code.split(separator: ":").first.map(String.init) ?? code, message)
    }
}
