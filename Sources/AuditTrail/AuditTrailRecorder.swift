public import ControlPlane
import Foundation
import JSON
public import Observability

/// The audit trail's hook in the control plane: every call of an operation that is not a read
/// (`Create*`, `Update*`, `Delete*`, `Put*`, `Import*`, `Tag*`, `Flush*`, … — success and failure
/// alike) becomes a CloudTrail event (``AuditEvent``), rendered as one JSON line and handed to
/// the bounded queue of the audit trail's sink service (a full queue drops and counts:
/// `portcullis_audit_dropped_events_total`). Reads are not recorded, as a trail of management
/// writes only (CloudTrail's `ReadWriteType: WriteOnly`).
public struct AuditTrailRecorder: ManagementCallObserver {
    let queue: AccessLogQueue
    let region: String
    let accountId: String
    /// The CloudWatch Logs log group events also go to.
    let destination: LogGroupDestination?

    public init(queue: AccessLogQueue, region: String, accountId: String, logGroupArn: String?) {
        self.queue = queue
        self.region = region
        self.accountId = accountId
        // CloudTrail's own stream name in a log group it delivers to.
        destination = logGroupArn.flatMap { LogGroupDestination(arn: $0, streamName: "\(accountId)_CloudTrail_\(region)") }
    }

    public func completed(_ call: ManagementCall) {
        guard !call.isReadOnly else { return }
        let event = AuditEvent.make(call, region: region, accountId: accountId)
        queue.offer(
            AccessLogLine(
                timestamp: Int64((call.receivedAt.timeIntervalSince1970 * 1000).rounded()), line: JSONWriter.compact(event),
                destination: destination))
    }
}
