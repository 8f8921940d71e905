public import NIOCore

/// A method's integration, compiled once per deployment: MOCK, HTTP, HTTP_PROXY, AWS_PROXY and
/// AWS. The pipeline runs it as three of its phases:
///
/// - `prepare` is the *integration request*: parameter mapping and templates make the call;
/// - the *integration* phase makes the call: the runner sends an upstream request on the loop's
///   pool (to a backend, or signed to Lambda or another AWS service), waits for what the call
///   needs first (an integration role's session), or takes a local outcome (MOCK), and maps a transport
///   failure with `failure(for:)`;
/// - `respond` is the *integration response*: what the client gets from the outcome.
///
/// All three run on the exchange's event loop.
public protocol IntegrationHandler: Sendable {
    func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError>
    func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError>
    /// The gateway's answer when the call itself failed (timeout, unreachable, broken answer).
    func failure(for error: UpstreamError) -> GatewayError
}

/// What the integration phase does for a request.
public enum IntegrationCall: Sendable {
    /// Send this request to an HTTP backend or, SigV4-signed, to Lambda or another AWS service.
    case upstream(UpstreamRequest)
    /// Nothing leaves the gateway (MOCK): the outcome is known.
    case local(IntegrationOutcome)
    /// The call is made once something it needs is there (an integration role's credentials,
    /// assumed through STS): the future completes on the exchange's loop.
    case pending(EventLoopFuture<Result<IntegrationCall, GatewayError>>)
}

/// What the integration phase got.
public enum IntegrationOutcome: Sendable {
    case upstream(UpstreamResponse)
    /// MOCK: the status code the request template chose.
    case mock(statusCode: Int)
}

/// An integration that cannot run (a type not built yet, or a configuration AWS would refuse at
/// invocation): it answers 500 and says why in the log, never to the client.
struct UnavailableIntegration: IntegrationHandler {
    let reason: String
    let dialect: ApiDialect

    func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError> {
        .failure(dialect.internalError(cause: reason))
    }

    func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError> {
        .failure(dialect.internalError(cause: reason))
    }

    func failure(for error: UpstreamError) -> GatewayError { dialect.internalError(cause: reason) }
}
