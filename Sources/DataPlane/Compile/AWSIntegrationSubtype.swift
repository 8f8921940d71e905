import AWSClients

/// The HTTP API first-class AWS service integrations (`AWS_PROXY` with an `integrationSubtype`),
/// as AWS's integration subtype reference lists them: each one action of one service, with the
/// request parameters it requires and those it takes (every subtype also takes `Region`).
///
/// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html
struct AWSIntegrationSubtype: Sendable {
    /// How the parameters become the service call.
    enum Encoding: Sendable {
        /// SQS's query protocol: `Action`, `Version` and the parameters form-encoded in a POST body,
        /// lists and maps flattened (`AttributeName.1`, `MessageAttribute.1.Name`).
        case query
        /// A JSON-protocol action (`X-Amz-Target`): the parameters are the members of the JSON
        /// body; `listMembers` are JSON arrays; EventBridge wraps them in one entry of `Entries`.
        case json(listMembers: Set<String>, wrapsInEntries: Bool)
        /// AppConfig's REST `GetConfiguration`:
        /// `GET /applications/{Application}/environments/{Environment}/configurations/{Configuration}`.
        case appConfig
    }

    let name: String
    let service: AWSService
    let action: String
    let required: [String]
    let optional: [String]
    let encoding: Encoding
    /// AWS's host prefix when it is not the service's name (`sync-states`).
    let hostPrefix: String?

    /// The subtype named `name` (e.g. `SQS-SendMessage`), or nil when AWS has none of that name.
    static func named(_ name: String) -> AWSIntegrationSubtype? { catalog[name] }

    static let allNames: [String] = catalog.keys.sorted()

    private static let catalog: [String: AWSIntegrationSubtype] = {
        let query = Encoding.query
        let json = Encoding.json(listMembers: [], wrapsInEntries: false)
        let subtypes = [
            AWSIntegrationSubtype(
                name: "EventBridge-PutEvents", service: AWSService(named: "events"), action: "PutEvents",
                required: ["Detail", "DetailType", "Source"], optional: ["Time", "EventBusName", "Resources", "TraceHeader"],
                encoding: .json(listMembers: ["Resources"], wrapsInEntries: true), hostPrefix: nil),
            AWSIntegrationSubtype(
                name: "SQS-SendMessage", service: AWSService(named: "sqs"), action: "SendMessage", required: ["QueueUrl", "MessageBody"],
                optional: ["DelaySeconds", "MessageAttributes", "MessageDeduplicationId", "MessageGroupId", "MessageSystemAttributes"],
                encoding: query, hostPrefix: nil),
            AWSIntegrationSubtype(
                name: "SQS-ReceiveMessage", service: AWSService(named: "sqs"), action: "ReceiveMessage", required: ["QueueUrl"],
                optional: [
                    "AttributeNames", "MaxNumberOfMessages", "MessageAttributeNames", "ReceiveRequestAttemptId", "VisibilityTimeout",
                    "WaitTimeSeconds",
                ], encoding: query, hostPrefix: nil),
            AWSIntegrationSubtype(
                name: "SQS-DeleteMessage", service: AWSService(named: "sqs"), action: "DeleteMessage",
                required: ["ReceiptHandle", "QueueUrl"], optional: [], encoding: query, hostPrefix: nil),
            AWSIntegrationSubtype(
                name: "SQS-PurgeQueue", service: AWSService(named: "sqs"), action: "PurgeQueue", required: ["QueueUrl"], optional: [],
                encoding: query, hostPrefix: nil),
            AWSIntegrationSubtype(
                name: "AppConfig-GetConfiguration", service: AWSService(named: "appconfig"), action: "GetConfiguration",
                required: ["Application", "Environment", "Configuration", "ClientId"], optional: ["ClientConfigurationVersion"],
                encoding: .appConfig, hostPrefix: nil),
            AWSIntegrationSubtype(
                name: "Kinesis-PutRecord", service: AWSService(named: "kinesis"), action: "PutRecord",
                required: ["StreamName", "Data", "PartitionKey"], optional: ["SequenceNumberForOrdering", "ExplicitHashKey"],
                encoding: json, hostPrefix: nil),
            AWSIntegrationSubtype(
                name: "StepFunctions-StartExecution", service: AWSService(named: "states"), action: "StartExecution",
                required: ["StateMachineArn"], optional: ["Name", "Input"], encoding: json, hostPrefix: nil),
            AWSIntegrationSubtype(
                name: "StepFunctions-StartSyncExecution", service: AWSService(named: "states"), action: "StartSyncExecution",
                required: ["StateMachineArn"], optional: ["Name", "Input", "TraceHeader"], encoding: json, hostPrefix: "sync-states"),
            AWSIntegrationSubtype(
                name: "StepFunctions-StopExecution", service: AWSService(named: "states"), action: "StopExecution",
                required: ["ExecutionArn"], optional: ["Cause", "Error"], encoding: json, hostPrefix: nil),
        ]
        return Dictionary(uniqueKeysWithValues: subtypes.map { ($0.name, $0) })
    }()

    /// Why `parameters` (the names an integration maps) do not fit this subtype, as AWS's
    /// `BadRequestException` would say it; nil when they do.
    func problem(with parameters: some Collection<String>) -> String? {
        let names = Set(parameters)
        let missing = required.filter { !names.contains($0) }
        if !missing.isEmpty { return "\(name) requires the parameters \(missing.joined(separator: ", "))" }
        let known = Set(required + optional + ["Region"])
        let unknown = names.subtracting(known).sorted()
        if !unknown.isEmpty { return "\(name) takes no parameter \(unknown.joined(separator: ", "))" }
        return nil
    }
}
