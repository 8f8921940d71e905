import GatewayServer
import Testing

/// `tracing:` and `executionLog` in the configuration file and the environment.
@Suite struct TracingSettingsTests {
    @Test func fileThenEnvironment() throws {
        var configuration = GatewayConfiguration()
        try configuration.apply(
            yaml: """
                executionLog: /tmp/execution.log
                tracing: {sampleRate: 0.25, allStages: true, otlpEndpoint: "http://127.0.0.1:4318", queue: 50}
                """, source: "test.yaml")
        #expect(configuration.executionLog == "/tmp/execution.log")
        #expect(configuration.tracing.sampleRate == 0.25)
        #expect(configuration.tracing.allStages)
        #expect(configuration.tracing.otlpEndpoint == "http://127.0.0.1:4318")
        #expect(configuration.tracing.queue == 50)
        try configuration.apply(environment: [
            "PORTCULLIS_TRACING_SAMPLE_RATE": "1", "PORTCULLIS_TRACING_ALL_STAGES": "false", "PORTCULLIS_EXECUTION_LOG": "stderr",
        ])
        #expect(configuration.tracing.sampleRate == 1)
        #expect(!configuration.tracing.allStages)
        #expect(configuration.executionLog == "stderr")
    }
}
