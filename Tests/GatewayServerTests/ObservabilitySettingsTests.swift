import GatewayServer
import Testing

/// The CloudWatch push and audit trail settings: YAML, environment, defaults, refusals.
@Suite struct ObservabilitySettingsTests {
    @Test func cloudWatchMetricsFromYamlAndEnvironment() throws {
        var configuration = GatewayConfiguration()
        #expect(configuration.cloudWatchMetrics.enabled == false)
        try configuration.apply(yaml: "cloudWatchMetrics: true", source: "a.yaml")
        #expect(configuration.cloudWatchMetrics.enabled)
        #expect(configuration.cloudWatchMetrics.namespace == "AWS/ApiGateway")
        #expect(configuration.cloudWatchMetrics.flushInterval == .seconds(60))
        try configuration.apply(
            yaml: "cloudWatchMetrics: {namespace: Portcullis/ApiGateway, flushIntervalMs: 5000}", source: "b.yaml")
        #expect(configuration.cloudWatchMetrics.enabled)
        #expect(configuration.cloudWatchMetrics.namespace == "Portcullis/ApiGateway")
        #expect(configuration.cloudWatchMetrics.flushInterval == .seconds(5))
        try configuration.apply(environment: ["PORTCULLIS_CLOUDWATCH_METRICS": "false", "PORTCULLIS_CLOUDWATCH_METRICS_FLUSH_INTERVAL_MS": "250"])
        #expect(!configuration.cloudWatchMetrics.enabled)
        #expect(configuration.cloudWatchMetrics.flushInterval == .milliseconds(250))
        #expect(throws: GatewayConfiguration.Error.self) { try configuration.apply(yaml: "cloudWatchMetrics: {period: 60}", source: "c.yaml") }
        #expect(throws: GatewayConfiguration.Error.self) { try configuration.apply(environment: ["PORTCULLIS_CLOUDWATCH_METRICS": "maybe"]) }
        #expect(throws: GatewayConfiguration.Error.self) {
            try configuration.apply(environment: ["PORTCULLIS_CLOUDWATCH_METRICS_NAMESPACE": ":bad"])
        }
    }

    @Test func auditFileDefaultsBesideTheStore() throws {
        var configuration = GatewayConfiguration()
        configuration.store.path = "/var/lib/portcullis/portcullis.sqlite"
        #expect(configuration.audit.resolvedFile(store: configuration.store) == "/var/lib/portcullis/audit.jsonl")
        configuration.store.path = "memory"
        #expect(configuration.audit.resolvedFile(store: configuration.store) == nil)
        try configuration.apply(
            yaml: """
                audit:
                  file: /tmp/trail.jsonl
                  maximumFileBytes: 1024
                  keptFiles: 2
                  logGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:trail
                """, source: "a.yaml")
        #expect(configuration.audit.resolvedFile(store: configuration.store) == "/tmp/trail.jsonl")
        #expect(configuration.audit.maximumFileBytes == 1024)
        #expect(configuration.audit.keptFiles == 2)
        #expect(configuration.audit.logGroupArn == "arn:aws:logs:us-east-1:123456789012:log-group:trail")
        try configuration.apply(environment: ["PORTCULLIS_AUDIT_FILE": "off"])
        #expect(configuration.audit.resolvedFile(store: configuration.store) == nil)
        #expect(throws: GatewayConfiguration.Error.self) {
            try configuration.apply(yaml: "audit: {logGroupArn: arn:aws:sns:us-east-1:1:topic}", source: "b.yaml")
        }
        #expect(throws: GatewayConfiguration.Error.self) { try configuration.apply(yaml: "audit: {rotate: daily}", source: "c.yaml") }
    }
}
