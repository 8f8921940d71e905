public import AsyncHTTPClient
public import NIOCore
import NIOHTTP1
import Foundation

/// CloudWatch Logs, as far as access logs need it: `CreateLogStream` and `PutLogEvents` (JSON 1.1,
/// SigV4 for the service `logs`), bounded in time and answer size. The endpoint is
/// `AWS_ENDPOINT_URL_LOGS` (or the SDK's `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`), else
/// `AWS_ENDPOINT_URL`, else `https://logs.{region}.amazonaws.com`.
public struct CloudWatchLogsClient: Sendable {
    /// A call CloudWatch Logs refused or that did not reach it.
    public typealias Failure = AWSServiceFailure

    /// One log event: milliseconds since the epoch, and the line.
    public struct Event: Sendable, Equatable {
        public var timestamp: Int64
        public var message: String
        public init(timestamp: Int64, message: String) {
            self.timestamp = timestamp
            self.message = message
        }
    }

    /// `PutLogEvents` limits: 10,000 events and 1,048,576 bytes a batch, counting 26 bytes per event.
    public static let maximumEventsPerBatch = 10_000
    public static let maximumBatchBytes = 1_048_576
    public static let eventOverheadBytes = 26

    private let service: SignedServiceCall

    public init(http: HTTPClient, environment: AWSEnvironment, timeout: TimeAmount = .seconds(10)) {
        service = SignedServiceCall(
            http: http, environment: environment, serviceId: "CloudWatch Logs", hostPrefix: "logs", signingName: "logs",
            endpointAliases: ["LOGS"], timeout: timeout)
    }

    /// The base URL calls go to.
    public var endpoint: String { service.endpoint }

    /// Creates a log group (the groups API Gateway names itself, as its execution log groups); one
    /// that exists already is not an error.
    public func createLogGroup(group: String, region: String?) async throws(Failure) {
        do {
            try await call("CreateLogGroup", ["logGroupName": group], region: region)
        } catch let error where error.code == "ResourceAlreadyExistsException" {
            return
        }
    }

    /// Creates a log stream; one that exists already is not an error.
    public func createLogStream(group: String, stream: String, region: String?) async throws(Failure) {
        do {
            try await call("CreateLogStream", ["logGroupName": group, "logStreamName": stream], region: region)
        } catch let error where error.code == "ResourceAlreadyExistsException" {
            return
        }
    }

    /// Sends `events` (sorted by time here, as CloudWatch Logs requires) in one `PutLogEvents`.
    public func putLogEvents(group: String, stream: String, events: [Event], region: String?) async throws(Failure) {
        let sorted = events.sorted { $0.timestamp < $1.timestamp }
        let body: [String: Any] = [
            "logGroupName": group, "logStreamName": stream,
            "logEvents": sorted.map { ["timestamp": $0.timestamp, "message": $0.message] as [String: Any] },
        ]
        try await call("PutLogEvents", body, region: region)
    }

    private func call(_ operation: String, _ body: [String: Any], region: String?) async throws(Failure) {
        try await service.jsonCall(target: "Logs_20140328.\(operation)", body: body, region: region)
    }
}
