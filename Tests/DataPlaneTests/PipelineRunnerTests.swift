import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DataPlane

/// The real pipeline in process (`RequestPipeline`), on an embedded loop: phases in AWS's order
/// wherever they are declared, a phase that answers, a phase that suspends and resumes, and the
/// integration last; the order test pushes a marker through every `PhaseKind`.
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

    /// A local integration that notes each of its three phases.
    struct Answer: IntegrationHandler {
        let trace: Trace
        func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError> {
            trace.steps.append("integrationRequest")
            return .success(.local(.mock(statusCode: 200)))
        }
        func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError> {
            trace.steps.append("integrationResponse")
            return .success(GatewayHTTPResponse(status: .ok))
        }
        func failure(for error: UpstreamError) -> GatewayError { .configuration(cause: "\(error)") }
    }

    /// Serves one stage at `/dev/thing` with `stagePhases` and `methodPhases`, runs a GET through
    /// the whole pipeline and its after-write phase.
    private func run(
        stagePhases: [any RequestPhase] = [], methodPhases: [any RequestPhase], trace: Trace
    ) throws -> (PipelineResult?, [PhaseKind]) {
        let loop = EmbeddedEventLoop()
        let method = CompiledMethod(
            resourceId: "r", resourcePath: "/thing", httpMethod: "GET", routeKey: "", parameterNames: [], phases: methodPhases,
            integration: Answer(trace: trace))
        var builder = PathRouter<MethodTable>.Builder()
        var table = MethodTable()
        table.methods["GET"] = method
        builder.add(try PathTemplate(parsing: "/thing"), table) { $1 }
        let stage = CompiledStage(
            apiId: "a", kind: .rest, name: "dev", deploymentId: "d", variables: [:], router: builder.build(), defaultRoute: nil,
            phases: stagePhases, recordsExecution: true)
        let gateway = CompiledGateway(apis: [CompiledApi(apiId: "a", name: "a", kind: .rest, stages: ["dev": stage], executeApiEndpointDisabled: false)])
        let context = LoopContext(
            eventLoop: loop, gateway: gateway, upstreams: UpstreamConnectionPool(eventLoop: loop, tls: UpstreamTLSContexts()),
            logger: Logger(label: "test"))
        let request = IncomingRequest(
            head: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/dev/thing", headers: ["Host": "localhost"]), body: nil,
            sourceIp: "127.0.0.1", localPort: 8080, isSecure: false, receivedAtMilliseconds: 0)
        var result: PipelineResult?
        guard case .exchange(let exchange) = RequestPipeline.resolve(request, loop: context) else {
            Issue.record("the endpoint phase found no stage")
            return (nil, [])
        }
        RequestPipeline.run(exchange, loop: context) { result = $0 }
        loop.run()
        result?.afterWrite(atMilliseconds: 1)
        try loop.syncShutdownGracefully()
        return (result, exchange.trace?.phases ?? [])
    }

    @Test func everyPhaseRunsInAWSOrderThroughTheRealPipeline() throws {
        let trace = Trace()
        func marker(_ kind: PhaseKind) -> Step { Step(kind: kind, name: kind.rawValue, trace: trace, outcome: { .proceed }) }
        // Declared out of order, on purpose: the pipeline owns the order.
        let (result, phases) = try run(
            stagePhases: [marker(.waf), marker(.resourcePolicy)],
            methodPhases: [marker(.cache), marker(.requestValidation), marker(.throttle), marker(.apiKey), marker(.authorizer)],
            trace: trace)
        #expect(result?.response.status == .ok)
        #expect(phases == PhaseKind.order)
        #expect(
            trace.steps == [
                "resourcePolicy", "waf", "authorizer", "apiKey", "throttle", "requestValidation", "integrationRequest", "cache",
                "integrationResponse",
            ])
        #expect(result?.response.headers["x-amzn-RequestId"].count == 1, "the gateway-response phase stamps the dialect's ids")
    }

    @Test func aPhaseThatAnswersStopsThePipeline() throws {
        let trace = Trace()
        let denied = GatewayError(type: .default4XX, status: .forbidden, message: "Forbidden", errorType: "ForbiddenException", source: .client)
        let (result, phases) = try run(
            methodPhases: [
                Step(kind: .apiKey, name: "apiKey", trace: trace, outcome: { .respond(denied) }),
                Step(kind: .throttle, name: "throttle", trace: trace, outcome: { .proceed }),
            ], trace: trace)
        #expect(trace.steps == ["apiKey"])
        #expect(result?.response.status == .forbidden)
        #expect(result.map { String(buffer: $0.response.body ?? ByteBuffer()) } == #"{"message":"Forbidden"}"#)
        #expect(phases == [.endpoint, .route, .apiKey, .gatewayResponse, .afterWrite])
    }

    @Test func aSuspendedPhaseResumesThePipeline() throws {
        let trace = Trace()
        let (result, _) = try run(
            methodPhases: [
                Step(kind: .authorizer, name: "authorizer", trace: trace, outcome: { .suspend { resume in resume(.proceed) } }),
                Step(kind: .requestValidation, name: "validation", trace: trace, outcome: { .proceed }),
            ], trace: trace)
        #expect(trace.steps == ["authorizer", "validation", "integrationRequest", "integrationResponse"])
        #expect(result?.response.status == .ok)
    }
}
