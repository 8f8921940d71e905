/// An AWS management API error: the exception name goes into `x-amzn-ErrorType`, the message into
/// `{"message": …}`. Messages are AWS's own texts where they are known.
public struct ManagementError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var status: Int
    public var message: String

    public init(code: String, status: Int, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    public var description: String { "\(code) (\(status)): \(message)" }

    public static func badRequest(_ message: String) -> ManagementError {
        ManagementError(code: "BadRequestException", status: 400, message: message)
    }

    public static func notFound(_ message: String) -> ManagementError {
        ManagementError(code: "NotFoundException", status: 404, message: message)
    }

    public static func conflict(_ message: String) -> ManagementError {
        ManagementError(code: "ConflictException", status: 409, message: message)
    }

    public static func limitExceeded(_ message: String) -> ManagementError {
        ManagementError(code: "LimitExceededException", status: 429, message: message)
    }

    public static func tooManyRequests(_ message: String) -> ManagementError {
        ManagementError(code: "TooManyRequestsException", status: 429, message: message)
    }

    /// An operation of the AWS API that Portcullis does not implement yet (listed as *not yet* in
    /// `docs/aws-compatibility.md`).
    public static func notImplemented(_ operation: String) -> ManagementError {
        ManagementError(code: "NotImplementedException", status: 501, message: "\(operation) is not supported by Portcullis yet")
    }

    public static func internalFailure() -> ManagementError {
        ManagementError(code: "InternalFailure", status: 500, message: "An internal error occurred")
    }
}
