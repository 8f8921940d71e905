public import Foundation

/// Who signed a management request, as CloudTrail's `userIdentity` names it. The management API
/// accepts the admin credentials, which stand for the account's root (as the data plane's
/// `AWS_IAM` check also takes them): `type` `Root`, `arn` `arn:aws:iam::{account}:root`.
public struct ManagementCaller: Sendable, Hashable {
    /// CloudTrail's identity type: `Root`, `IAMUser`, `AssumedRole`.
    public var type: String
    public var accessKeyId: String
    public var arn: String
    public var principalId: String
    public var accountId: String

    public init(type: String, accessKeyId: String, arn: String, principalId: String, accountId: String) {
        self.type = type
        self.accessKeyId = accessKeyId
        self.arn = arn
        self.principalId = principalId
        self.accountId = accountId
    }

    /// The account root, signing with `accessKeyId`.
    public static func root(accessKeyId: String, accountId: String) -> ManagementCaller {
        ManagementCaller(type: "Root", accessKeyId: accessKeyId, arn: "arn:aws:iam::\(accountId):root", principalId: accountId, accountId: accountId)
    }
}

/// One management call that ran an operation: what an audit trail records.
public struct ManagementCall: Sendable {
    public var operation: OperationDescriptor
    /// By botocore location name (`restapi_id`, `apiId`).
    public var pathParameters: [String: String]
    public var request: ManagementRequest
    public var response: ManagementResponse
    /// When the request reached the control plane.
    public var receivedAt: Date
    /// The `x-amzn-RequestId` the answer carried.
    public var requestId: String

    public init(
        operation: OperationDescriptor, pathParameters: [String: String], request: ManagementRequest, response: ManagementResponse,
        receivedAt: Date, requestId: String
    ) {
        self.operation = operation
        self.pathParameters = pathParameters
        self.request = request
        self.response = response
        self.receivedAt = receivedAt
        self.requestId = requestId
    }

    /// Whether the operation only reads (`GET`): CloudTrail's `readOnly`.
    public var isReadOnly: Bool { operation.method == "GET" }
}

/// Sees every management call that matched an operation, once its answer is ready (success and
/// failure alike). Called on the request's task: it must not block (a sink with I/O hands the
/// call to a bounded queue).
public protocol ManagementCallObserver: Sendable {
    func completed(_ call: ManagementCall)
}
