/// One step of a method's pipeline between routing and the integration (authorizer, API key,
/// throttle, validation, …). Compiled once per deployment with its settings and shared state;
/// a request only calls `process`.
///
/// A phase that lets the request go on:
/// ```swift
/// struct StampPhase: RequestPhase {
///     let kind = PhaseKind.requestValidation
///     func process(_ exchange: Exchange) -> PhaseOutcome { .proceed }
/// }
/// ```
/// A phase that answers it:
/// ```swift
/// struct DenyPhase: RequestPhase {
///     let kind = PhaseKind.apiKey
///     func process(_ exchange: Exchange) -> PhaseOutcome {
///         .respond(GatewayError(type: .default4XX, status: .forbidden, message: "Forbidden",
///                               errorType: "ForbiddenException", source: .client))
///     }
/// }
/// ```
/// Phases run synchronously on the event loop. One that must wait (a Lambda authorizer, a JWKS
/// refresh) returns `.suspend`, and the runner resumes with its outcome on the same loop.
public protocol RequestPhase: Sendable {
    /// Where the phase stands in `PhaseKind.order`.
    var kind: PhaseKind { get }
    func process(_ exchange: Exchange) -> PhaseOutcome
}

/// What a phase decided.
public enum PhaseOutcome {
    case proceed
    case respond(GatewayError)
    /// Wait for `resume` to be called (on the exchange's event loop) with the real outcome.
    case suspend((@escaping (PhaseOutcome) -> Void) -> Void)
}
