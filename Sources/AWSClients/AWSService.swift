/// An AWS service as API Gateway integrations name it (`arn:aws:apigateway:{region}:{service}:…`)
/// and as a signed call needs it: where it is, what it signs as, and how its operations are
/// called when an integration names only an action.
///
/// - Endpoint: `AWS_ENDPOINT_URL_<SDK ID>` (`AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_DYNAMODB`,
///   `AWS_ENDPOINT_URL_EVENTBRIDGE`, `AWS_ENDPOINT_URL_SFN`, …), else `AWS_ENDPOINT_URL`, else
///   `https://{service}.{region}.amazonaws.com`.
/// - Protocol of an action: the JSON protocol (`X-Amz-Target: {prefix}.{Action}`,
///   `application/x-amz-json-1.x`) for DynamoDB, Kinesis, EventBridge, Step Functions, SSM, Logs…;
///   the query protocol (`Action=…&Version=…`) for SQS, SNS, STS….
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// How an action-style call reaches the service.
    public enum ActionProtocol: Sendable, Hashable {
        /// `X-Amz-Target: {targetPrefix}.{Action}`, body `application/x-amz-json-{version}`.
        case json(targetPrefix: String, version: String)
        /// `Action={Action}&Version={apiVersion}`.
        case query(apiVersion: String)
        /// Not known here: only `Action={Action}` is sent, the rest is the integration's mapping.
        case unknown
    }

    /// The name in the integration ARN (`sqs`, `dynamodb`, `states`, `events`).
    public let name: String
    /// The SDK's service id, as written in `AWS_ENDPOINT_URL_<ID>` (upper case, `_` for spaces).
    public let sdkId: String
    /// SigV4's signing name.
    public let signingName: String
    public let actionProtocol: ActionProtocol

    public var description: String { name }

    /// The service the ARN names; unknown names are signed and addressed by their own name.
    public init(named name: String) {
        self.name = name
        let known = Self.catalog[name]
        sdkId = known?.sdkId ?? name.uppercased().replacingOccurrences(of: "-", with: "_")
        signingName = known?.signingName ?? name
        actionProtocol = known?.actionProtocol ?? .unknown
    }

    private struct Entry {
        let sdkId: String
        let signingName: String
        let actionProtocol: ActionProtocol
    }

    /// The services integrations use most, with botocore's service ids, signing names, JSON
    /// target prefixes and query API versions (`botocore/data/{service}/…/service-2.json`).
    private static let catalog: [String: Entry] = [
        "sqs": Entry(sdkId: "SQS", signingName: "sqs", actionProtocol: .query(apiVersion: "2012-11-05")),
        "sns": Entry(sdkId: "SNS", signingName: "sns", actionProtocol: .query(apiVersion: "2010-03-31")),
        "sts": Entry(sdkId: "STS", signingName: "sts", actionProtocol: .query(apiVersion: "2011-06-15")),
        "dynamodb": Entry(sdkId: "DYNAMODB", signingName: "dynamodb", actionProtocol: .json(targetPrefix: "DynamoDB_20120810", version: "1.0")),
        "kinesis": Entry(sdkId: "KINESIS", signingName: "kinesis", actionProtocol: .json(targetPrefix: "Kinesis_20131202", version: "1.1")),
        "firehose": Entry(sdkId: "FIREHOSE", signingName: "firehose", actionProtocol: .json(targetPrefix: "Firehose_20150804", version: "1.1")),
        "events": Entry(sdkId: "EVENTBRIDGE", signingName: "events", actionProtocol: .json(targetPrefix: "AWSEvents", version: "1.1")),
        "states": Entry(sdkId: "SFN", signingName: "states", actionProtocol: .json(targetPrefix: "AWSStepFunctions", version: "1.0")),
        "ssm": Entry(sdkId: "SSM", signingName: "ssm", actionProtocol: .json(targetPrefix: "AmazonSSM", version: "1.1")),
        "logs": Entry(sdkId: "CLOUDWATCH_LOGS", signingName: "logs", actionProtocol: .json(targetPrefix: "Logs_20140328", version: "1.1")),
        "secretsmanager": Entry(sdkId: "SECRETS_MANAGER", signingName: "secretsmanager", actionProtocol: .json(targetPrefix: "secretsmanager", version: "1.1")),
        "appconfig": Entry(sdkId: "APPCONFIG", signingName: "appconfig", actionProtocol: .unknown),
        "lambda": Entry(sdkId: "LAMBDA", signingName: "lambda", actionProtocol: .unknown),
        "s3": Entry(sdkId: "S3", signingName: "s3", actionProtocol: .unknown),
    ]

    /// The base URL (no trailing slash) of the service in `region`: the environment's override,
    /// else AWS's regional endpoint (`hostPrefix` replaces the service name in the host:
    /// `sync-states` for synchronous Step Functions executions).
    public func endpoint(in environment: AWSEnvironment, region: String, hostPrefix: String? = nil) -> String {
        if environment.isOverridden(serviceId: sdkId) {
            return environment.endpoint(serviceId: sdkId, hostPrefix: hostPrefix ?? name)
        }
        return "https://\(hostPrefix ?? name).\(region).amazonaws.com"
    }
}
