import Testing

@testable import DataPlane

@Suite struct PipelineOrderTests {
    @Test func phaseOrderIsAWSOrder() {
        #expect(
            PhaseKind.order.map(\.rawValue) == [
                "endpoint", "resourcePolicy", "waf", "route", "authorizer", "apiKey", "throttle", "requestValidation",
                "integrationRequest", "cache", "integration", "integrationResponse", "gatewayResponse", "afterWrite",
            ])
    }

    @Test func compiledMethodSortsPhasesIntoOrder() {
        struct Marker: RequestPhase {
            let kind: PhaseKind
            func process(_ exchange: Exchange) -> PhaseOutcome { .proceed }
        }
        let method = CompiledMethod(
            resourceId: "r", resourcePath: "/", httpMethod: "GET", routeKey: "", parameterNames: [],
            phases: [Marker(kind: .throttle), Marker(kind: .authorizer), Marker(kind: .requestValidation), Marker(kind: .apiKey)],
            integration: UnavailableIntegration(reason: "test", dialect: .rest))
        #expect(method.phases.map(\.kind) == [.authorizer, .apiKey, .throttle, .requestValidation])
    }
}
