public import AsyncHTTPClient
public import NIOCore
import Foundation

/// Amazon Data Firehose, as far as access logs need it: `PutRecordBatch` (JSON 1.1, SigV4 for the
/// service `firehose`), bounded in time and answer size. The endpoint is
/// `AWS_ENDPOINT_URL_FIREHOSE`, else `AWS_ENDPOINT_URL`, else `https://firehose.{region}.amazonaws.com`.
public struct FirehoseClient: Sendable {
    public typealias Failure = AWSServiceFailure

    /// `PutRecordBatch` limits: 500 records and 4 MiB a call, 1,000 KiB a record.
    public static let maximumRecordsPerBatch = 500
    public static let maximumBatchBytes = 4 * 1024 * 1024
    public static let maximumRecordBytes = 1000 * 1024

    private let service: SignedServiceCall

    public init(http: HTTPClient, environment: AWSEnvironment, timeout: TimeAmount = .seconds(10)) {
        service = SignedServiceCall(
            http: http, environment: environment, serviceId: "Firehose", hostPrefix: "firehose", signingName: "firehose",
            endpointAliases: ["FIREHOSE"], timeout: timeout)
    }

    /// Sends `records` to the delivery stream `stream` in one `PutRecordBatch`; the indexes of the
    /// records Firehose did not take (its `FailedPutCount` answers), to be sent again.
    public func putRecordBatch(stream: String, records: [String], region: String?) async throws(Failure) -> [Int] {
        let body: [String: Any] = [
            "DeliveryStreamName": stream,
            "Records": records.map { ["Data": Data($0.utf8).base64EncodedString()] },
        ]
        let answer = try await service.jsonCall(target: "Firehose_20150804.PutRecordBatch", body: body, region: region)
        guard let failed = answer["FailedPutCount"] as? Int, failed > 0, let responses = answer["RequestResponses"] as? [[String: Any]] else {
            return []
        }
        return responses.enumerated().compactMap { index, response in response["ErrorCode"] == nil ? nil : index }
    }
}
