import GatewayModel
import GatewayServer
import Testing

@Suite struct GatewayConfigurationTests {
    @Test func yamlThenEnvironmentThenFlags() throws {
        var configuration = GatewayConfiguration()
        try configuration.apply(
            yaml: """
                listen: 0.0.0.0:9000
                stage: prod
                stageVariables: {backend: 10.0.0.1:80}
                type: http
                threads: 3
                logLevel: debug
                limits: {maximumBodyBytes: 1000}
                store: {path: memory}
                management: {listen: 127.0.0.1:9001, accessKeyId: AKID, secretAccessKey: s3cr3t-value}
                accountId: "123456789012"
                stageCacheMemoryMB: 64
                """, source: "test.yaml")
        #expect(configuration.listen == ListenAddress(host: "0.0.0.0", port: 9000))
        #expect(configuration.stage == "prod")
        #expect(configuration.stageVariables == ["backend": "10.0.0.1:80"])
        #expect(configuration.apiType == .http)
        #expect(configuration.threads == 3)
        #expect(configuration.limits.maximumBodyBytes == 1000)
        #expect(configuration.store.path == "memory")
        #expect(configuration.management.listen.port == 9001)
        #expect(configuration.management.credentials?.accessKeyId == "AKID")
        #expect(configuration.management.credentials?.description.contains("s3cr3t-value") == false)
        #expect(configuration.accountId == "123456789012")
        #expect(configuration.stageCacheMemoryMB == 64)

        try configuration.apply(environment: [
            "PORTCULLIS_LISTEN": ":7000", "PORTCULLIS_STAGE_VARIABLES": "a=1,b=x=y", "PORTCULLIS_LOG_LEVEL": "ERROR",
            "PORTCULLIS_STAGE_CACHE_MEMORY_MB": "512",
        ])
        #expect(configuration.stageCacheMemoryMB == 512)
        #expect(configuration.listen == ListenAddress(host: "0.0.0.0", port: 7000))
        #expect(configuration.stageVariables == ["backend": "10.0.0.1:80", "a": "1", "b": "x=y"])
        #expect(configuration.logLevel == "error")

        try configuration.applyStageVariable("backend=127.0.0.1:1", source: "--stage-variable")
        #expect(configuration.stageVariables["backend"] == "127.0.0.1:1")
    }

    @Test(arguments: [
        ("unknown: 1", "unknown key 'unknown'"),
        ("listen: nowhere", "is not HOST:PORT"),
        ("threads: -1", "threads must be a positive integer"),
        ("type: soap", "is not rest or http"),
        ("stageVariables: {'bad-name': x}", "stage variable names"),
        ("tls: {certificateChain: a.pem}", "tls needs exactly"),
        ("management: {accessKeyId: only}", "go together"),
        ("management: {tls: {certificateChain: a.pem}}", "management.tls needs exactly certificateChain and privateKey"),
        ("management: {idleTimeout: 0}", "management.idleTimeout must be a number of seconds"),
        ("management: {idleTimeout: soon}", "management.idleTimeout must be a number of seconds"),
        ("management: {maximumConnections: -3}", "management.maximumConnections must be a positive integer"),
        ("management: {certificateFile: a.pem}", "management takes"),
        ("accountId: 12", "12 digits"),
        ("stageCacheMemoryMB: 0", "stageCacheMemoryMB must be a positive integer"),
        ("logRotation: {keptFiles: 2}", "logRotation.maximumFileBytes is required"),
        ("logRotation: {maximumFileBytes: 100, keep: 2}", "unknown key 'keep'"),
        ("tracing: {sampleRate: 1.5}", "tracing.sampleRate must be a number from 0 to 1"),
        ("tracing: {sampleRate: -0.1}", "tracing.sampleRate must be a number from 0 to 1"),
        ("tracing: {allStages: maybe}", "tracing.allStages must be true or false"),
        ("tracing: {otlpEndpoint: 'grpc://collector:4317'}", "must be an http:// or https:// URL"),
        ("tracing: {sampleRat: 0.1}", "unknown key 'sampleRat'"),
        ("tracing: 0.1", "tracing must be a mapping"),
        ("- a list", "must be a mapping"),
        ("key: [unclosed", "not valid YAML"),
    ])
    func invalidConfigurations(yaml: String, message: String) {
        var configuration = GatewayConfiguration()
        #expect {
            try configuration.apply(yaml: yaml, source: "bad.yaml")
        } throws: { error in
            (error as? GatewayConfiguration.Error)?.description.contains(message) == true
        }
    }

    @Test func stageVariableLimits() {
        var configuration = GatewayConfiguration()
        #expect(throws: GatewayConfiguration.Error.self) {
            try configuration.applyStageVariable("v=" + String(repeating: "x", count: 513), source: "flag")
        }
        #expect(throws: GatewayConfiguration.Error.self) {
            try configuration.applyStageVariable(String(repeating: "n", count: 65) + "=1", source: "flag")
        }
        #expect(throws: GatewayConfiguration.Error.self) { try configuration.applyStageVariable("novalue", source: "flag") }
    }
}
