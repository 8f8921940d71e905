import AWSClients
import NIOCore

/// One synchronous Lambda invocation the integration phase makes (`IntegrationCall.lambda`): the
/// client, the function (name or ARN, stage variables resolved), the event, and the
/// integration's timeout. The call completes on the exchange's loop.
public struct LambdaCall: Sendable {
    let client: LambdaClient
    let function: String
    let payload: ByteBuffer
    let timeout: TimeAmount
    /// `X-Amzn-Trace-Id` for the Invoke call.
    var traceHeader: String?
}

extension UpstreamError {
    /// A failed invocation as the integration's `failure(for:)` sees it: no answer within the
    /// timeout is `timedOut`, an answer over Lambda's 6 MB `responseTooLarge`, and everything
    /// that kept the call from being made (no credentials, a name Lambda cannot take, an
    /// unreachable endpoint) `connectFailed`.
    init(lambdaFailure error: any Error, timeout: TimeAmount) {
        switch error as? LambdaClient.Failure {
        case .transport(.timedOut): self = .timedOut(milliseconds: timeout.nanoseconds / 1_000_000)
        case .transport(.tooLarge(let limit)): self = .responseTooLarge(limit: limit)
        case .some(let failure): self = .connectFailed("\(failure)")
        case .none: self = .connectFailed("\(error)")
        }
    }
}
