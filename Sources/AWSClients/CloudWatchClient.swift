public import AsyncHTTPClient
import Foundation
public import NIOCore

/// CloudWatch, as far as the metrics push needs it: `PutMetricData` in AWS's query protocol
/// (`Action=PutMetricData&Version=2010-08-01`, form-encoded, SigV4 for the service
/// `monitoring`), which CloudWatch has always accepted and every emulator (moto, LocalStack)
/// reads; newer SDKs may send JSON or CBOR, CloudWatch takes all three. The endpoint is
/// `AWS_ENDPOINT_URL_MONITORING` (the SDKs' older name) or `AWS_ENDPOINT_URL_CLOUDWATCH`, else
/// `AWS_ENDPOINT_URL`, else `https://monitoring.{region}.amazonaws.com`.
public struct CloudWatchClient: Sendable {
    /// A statistic set: the samples of one metric in one period, as `StatisticValues`.
    public struct StatisticSet: Sendable, Equatable {
        public var sampleCount: Double
        public var sum: Double
        public var minimum: Double
        public var maximum: Double
        public init(sampleCount: Double, sum: Double, minimum: Double, maximum: Double) {
            self.sampleCount = sampleCount
            self.sum = sum
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    /// One `MetricDatum`: a metric's statistic set for the minute starting at `timestamp`.
    public struct Datum: Sendable, Equatable {
        public var metricName: String
        /// In the order given (CloudWatch identifies a metric by the set, not the order).
        public var dimensions: [(name: String, value: String)]
        /// Seconds since the epoch.
        public var timestamp: Int64
        public var statistics: StatisticSet
        /// `Count`, `Milliseconds`, `Bytes`.
        public var unit: String

        public init(metricName: String, dimensions: [(name: String, value: String)], timestamp: Int64, statistics: StatisticSet, unit: String) {
            self.metricName = metricName
            self.dimensions = dimensions
            self.timestamp = timestamp
            self.statistics = statistics
            self.unit = unit
        }

        public static func == (lhs: Datum, rhs: Datum) -> Bool {
            lhs.metricName == rhs.metricName && lhs.dimensions.elementsEqual(rhs.dimensions, by: { $0 == $1 })
                && lhs.timestamp == rhs.timestamp && lhs.statistics == rhs.statistics && lhs.unit == rhs.unit
        }
    }

    /// `PutMetricData` limits: 1,000 metric data a call, 1 MB of request.
    public static let maximumDataPerCall = 1_000
    public static let maximumRequestBytes = 1_000_000

    private let service: SignedServiceCall

    public init(http: HTTPClient, environment: AWSEnvironment, timeout: TimeAmount = .seconds(10)) {
        service = SignedServiceCall(
            http: http, environment: environment, serviceId: "CloudWatch", hostPrefix: "monitoring", signingName: "monitoring",
            endpointAliases: ["MONITORING"], timeout: timeout)
    }

    /// The base URL calls go to.
    public var endpoint: String { service.endpoint }

    /// Whether the endpoint is AWS's own (nothing overrides it): CloudWatch there refuses
    /// namespaces that begin with `AWS/`.
    public var isAWSEndpoint: Bool {
        service.environment.serviceEndpoints["MONITORING"] == nil && !service.environment.isOverridden(serviceId: "CloudWatch")
    }

    /// Sends `data` (at most ``maximumDataPerCall``, encoded within ``maximumRequestBytes``:
    /// see ``PutMetricDataBatches``) in one call.
    public func putMetricData(namespace: String, data: [Datum], region: String? = nil) async throws(AWSServiceFailure) {
        let body = Self.formBody(namespace: namespace, encodedData: data.enumerated().map { Self.encode($0.element, index: $0.offset + 1) })
        let response = try await service.post(
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], payload: Array(body.utf8), region: region)
        guard (200..<300).contains(response.status) else {
            let text = String(buffer: response.body)
            let code = Self.element("Code", in: text) ?? "HTTP\(response.status)"
            throw AWSServiceFailure(
                code: code, message: Self.element("Message", in: text) ?? "",
                retryable: response.status >= 500 || AWSServiceFailure.throttlingCodes.contains(code))
        }
    }

    /// The whole form: the action, the version, the namespace, then each datum's fields.
    public static func formBody(namespace: String, encodedData: [String]) -> String {
        var body = "Action=PutMetricData&Version=2010-08-01&Namespace=" + formEncode(namespace)
        for datum in encodedData { body += datum }
        return body
    }

    /// One datum's `&MetricData.member.N.…` fields.
    public static func encode(_ datum: Datum, index: Int) -> String {
        let prefix = "&MetricData.member.\(index)."
        var text = prefix + "MetricName=" + formEncode(datum.metricName)
        for (position, dimension) in datum.dimensions.enumerated() {
            let dimensionPrefix = prefix + "Dimensions.member.\(position + 1)."
            text += dimensionPrefix + "Name=" + formEncode(dimension.name) + dimensionPrefix + "Value=" + formEncode(dimension.value)
        }
        text += prefix + "Timestamp=" + formEncode(iso8601(datum.timestamp))
        let statistics = datum.statistics
        text += prefix + "StatisticValues.SampleCount=" + number(statistics.sampleCount)
        text += prefix + "StatisticValues.Sum=" + number(statistics.sum)
        text += prefix + "StatisticValues.Minimum=" + number(statistics.minimum)
        text += prefix + "StatisticValues.Maximum=" + number(statistics.maximum)
        text += prefix + "Unit=" + formEncode(datum.unit)
        return text
    }

    /// The bytes of the form around the data (action, version, namespace).
    static func envelopeBytes(namespace: String) -> Int { formBody(namespace: namespace, encodedData: []).utf8.count }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func iso8601(_ seconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// `application/x-www-form-urlencoded` as AWS's query protocol reads it: unreserved bytes as
    /// they are, everything else percent-encoded.
    static func formEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
                || byte == 0x2E || byte == 0x5F || byte == 0x7E
            {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// The text of the first `<name>…</name>` of an XML error answer.
    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }
}

/// Splits metric data into `PutMetricData` calls within CloudWatch's limits: at most
/// ``CloudWatchClient/maximumDataPerCall`` data and ``CloudWatchClient/maximumRequestBytes`` of
/// form each.
public enum PutMetricDataBatches {
    public static func split(_ data: [CloudWatchClient.Datum], namespace: String) -> [[CloudWatchClient.Datum]] {
        let envelope = CloudWatchClient.envelopeBytes(namespace: namespace)
        var batches: [[CloudWatchClient.Datum]] = []
        var current: [CloudWatchClient.Datum] = []
        var bytes = envelope
        for datum in data {
            // Encoded with the largest index a batch can hold: an upper bound of its size there.
            let size = CloudWatchClient.encode(datum, index: CloudWatchClient.maximumDataPerCall).utf8.count
            if !current.isEmpty, current.count == CloudWatchClient.maximumDataPerCall || bytes + size > CloudWatchClient.maximumRequestBytes {
                batches.append(current)
                current = []
                bytes = envelope
            }
            current.append(datum)
            bytes += size
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
