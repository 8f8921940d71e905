public import AWSSignatureV4
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
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// AWS's error code (`ResourceNotFoundException`, `ThrottlingException`, …) or `transport`.
        public var code: String
        public var message: String
        /// Whether trying again may succeed (throttling, 5xx, transport).
        public var retryable: Bool
        public var description: String { "\(code): \(message)" }
    }

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

    let http: HTTPClient
    let environment: AWSEnvironment
    let timeout: TimeAmount
    private let keyCache = SigningKeyCache(capacity: 8)

    public init(http: HTTPClient, environment: AWSEnvironment, timeout: TimeAmount = .seconds(10)) {
        self.http = http
        self.environment = environment
        self.timeout = timeout
    }

    /// The base URL calls go to.
    public var endpoint: String {
        if let chosen = environment.serviceEndpoints["LOGS"] { return chosen.hasSuffix("/") ? String(chosen.dropLast()) : chosen }
        return environment.endpoint(serviceId: "CloudWatch Logs", hostPrefix: "logs")
    }

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
        guard let credentials = environment.credentials else {
            throw Failure(code: "NoCredentials", message: "no AWS credentials to sign the CloudWatch Logs call", retryable: false)
        }
        let base = endpoint
        if let problem = ColdPathURL.check(base, allowPlainHTTPEverywhere: environment.serviceEndpoints["LOGS"] != nil
            || environment.isOverridden(serviceId: "CloudWatch Logs"))
        {
            throw Failure(code: "transport", message: "\(problem)", retryable: false)
        }
        let payload: [UInt8]
        do {
            payload = Array(try JSONSerialization.data(withJSONObject: body, options: []))
        } catch {
            throw Failure(code: "SerializationError", message: "\(error)", retryable: false)
        }
        var signable = SignableRequest(
            method: "POST", path: "/",
            headers: [
                .init("Host", LambdaClient.authority(of: base)), .init("Content-Type", "application/x-amz-json-1.1"),
                .init("X-Amz-Target", "Logs_20140328.\(operation)"),
            ],
            payload: .bytes(payload))
        Signer(credentials: credentials, region: region ?? environment.region, service: "logs", keyCache: keyCache).sign(&signable)
        let request: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            for header in signable.headers where header.name.lowercased() != "host" { headers.add(name: header.name, value: header.value) }
            request = try HTTPClient.Request(url: base + "/", method: .POST, headers: headers, body: .bytes(payload))
        } catch {
            throw Failure(code: "transport", message: "the endpoint URL \(base) is not valid", retryable: false)
        }
        let response: BoundedResponse
        do {
            response = try await http.boundedExecute(request, maxBytes: 64 * 1024, timeout: timeout, on: http.eventLoopGroup.any()).get()
        } catch {
            throw Failure(code: "transport", message: "\(error)", retryable: true)
        }
        guard (200..<300).contains(response.status) else {
            let answer = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
            let type = (answer?["__type"] as? String).map { $0.split(separator: "#").last.map(String.init) ?? $0 } ?? "HTTP\(response.status)"
            let message = (answer?["message"] as? String) ?? (answer?["Message"] as? String) ?? ""
            throw Failure(
                code: type, message: message,
                retryable: response.status >= 500 || type == "ThrottlingException" || type == "ServiceUnavailableException")
        }
    }
}
