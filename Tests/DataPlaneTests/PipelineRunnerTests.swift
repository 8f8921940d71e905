import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DataPlane

/// The runner in process: phases in order, a phase that answers, a phase that suspends and
/// resumes on the loop, and the integration last.
@Suite struct PipelineRunnerTests {
    final class Trace: @unchecked Sendable {  // touched on one embedded loop only
        var steps: [String] = []
    }

    struct Step: RequestPhase {
        let kind: PhaseKind
        let name: String
        let trace: Trace
        let outcome: @Sendable () -> PhaseOutcome
        func process(_ exchange: Exchange) -> PhaseOutcome {
            trace.steps.append(name)
            return outcome()
        }
    }

    struct Answer: IntegrationHandler {
        let trace: Trace
        func invoke(_ exchange: Exchange, loop: LoopContext, completion: @escaping (Result<GatewayHTTPResponse, GatewayError>) -> Void) {
            trace.steps.append("integration")
            completion(.success(GatewayHTTPResponse(status: .ok)))
        }
    }

    private func run(_ phases: [any RequestPhase], trace: Trace) throws -> Result<GatewayHTTPResponse, GatewayError>? {
        let loop = EmbeddedEventLoop()
        let context = LoopContext(
            eventLoop: loop, gateway: .empty, upstreams: UpstreamConnectionPool(eventLoop: loop, tls: UpstreamTLSContexts()),
            logger: Logger(label: "test"))
        let method = CompiledMethod(
            resourceId: "r", resourcePath: "/", httpMethod: "GET", routeKey: "", parameterNames: [], phases: phases,
            integration: Answer(trace: trace))
        let stage = CompiledStage(
            apiId: "a", kind: .rest, name: "dev", deploymentId: "d", variables: [:], router: PathRouter<MethodTable>.Builder().build(),
            defaultRoute: nil)
        let exchange = Exchange(
            head: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/dev"), body: nil, context: RequestContext(),
            resourcePathRequested: "/", rawQuery: nil, stage: stage, isSecure: false, localPort: 8080)
        var result: Result<GatewayHTTPResponse, GatewayError>?
        PipelineRunner.run(exchange, method: method, loop: context) { result = $0 }
        loop.run()
        try loop.syncShutdownGracefully()
        return result
    }

    @Test func phasesRunInOrderThenTheIntegration() throws {
        let trace = Trace()
        let result = try run(
            [
                Step(kind: .throttle, name: "throttle", trace: trace, outcome: { .proceed }),
                Step(kind: .authorizer, name: "authorizer", trace: trace, outcome: { .proceed }),
            ], trace: trace)
        #expect(trace.steps == ["authorizer", "throttle", "integration"])
        #expect((try? result?.get())?.status == .ok)
    }

    @Test func aPhaseThatAnswersStopsThePipeline() throws {
        let trace = Trace()
        let denied = GatewayError(type: .default4XX, status: .forbidden, message: "Forbidden", errorType: "ForbiddenException", source: .client)
        let result = try run(
            [
                Step(kind: .apiKey, name: "apiKey", trace: trace, outcome: { .respond(denied) }),
                Step(kind: .throttle, name: "throttle", trace: trace, outcome: { .proceed }),
            ], trace: trace)
        #expect(trace.steps == ["apiKey"])
        guard case .failure(let error) = result else {
            Issue.record("expected the phase's answer")
            return
        }
        #expect(error.status == .forbidden)
    }

    @Test func aSuspendedPhaseResumesThePipeline() throws {
        let trace = Trace()
        let result = try run(
            [
                Step(kind: .authorizer, name: "authorizer", trace: trace, outcome: { .suspend { resume in resume(.proceed) } }),
                Step(kind: .requestValidation, name: "validation", trace: trace, outcome: { .proceed }),
            ], trace: trace)
        #expect(trace.steps == ["authorizer", "validation", "integration"])
        #expect((try? result?.get())?.status == .ok)
    }
}
