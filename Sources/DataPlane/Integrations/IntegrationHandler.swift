/// The backend call of a method, compiled once per deployment: MOCK, HTTP, HTTP_PROXY, and later
/// AWS and AWS_PROXY. `invoke` runs on the exchange's event loop and calls `completion` there,
/// exactly once, with the client's response or the gateway error to render.
public protocol IntegrationHandler: Sendable {
    func invoke(
        _ exchange: Exchange, loop: LoopContext,
        completion: @escaping (Result<GatewayHTTPResponse, GatewayError>) -> Void
    )
}

/// An integration that cannot run (a type not built yet, or a configuration AWS would refuse at
/// invocation): it answers 500 and says why in the log, never to the client.
struct UnavailableIntegration: IntegrationHandler {
    let reason: String
    let apiKind: ApiKind

    func invoke(
        _ exchange: Exchange, loop: LoopContext,
        completion: @escaping (Result<GatewayHTTPResponse, GatewayError>) -> Void
    ) {
        switch apiKind {
        case .rest: completion(.failure(.configuration(cause: reason)))
        case .http: completion(.failure(.httpApiInternalError(cause: reason)))
        }
    }
}
