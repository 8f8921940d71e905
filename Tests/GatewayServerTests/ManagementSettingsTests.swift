import GatewayServer
import Testing

/// The `management:` settings: TLS, timeouts and caps from YAML, environment and flags; loopback
/// detection; the refusal to expose the development credentials.
@Suite struct ManagementSettingsTests {
    @Test func yamlThenEnvironment() throws {
        var configuration = GatewayConfiguration()
        #expect(configuration.management.idleTimeout == .seconds(60))
        #expect(configuration.management.maximumConnections == 1024)
        #expect(configuration.management.tls == nil)
        try configuration.apply(
            yaml: """
                management:
                  listen: 127.0.0.1:9001
                  tls: {certificateChain: cert.pem, privateKey: key.pem}
                  idleTimeout: 2.5
                  maximumConnections: 10
                """, source: "test.yaml")
        #expect(configuration.management.tls == GatewayConfiguration.TLS(certificateChain: "cert.pem", privateKey: "key.pem"))
        #expect(configuration.management.idleTimeout == .milliseconds(2500))
        #expect(configuration.management.maximumConnections == 10)
        #expect(configuration.tls == nil, "the data plane's TLS is its own")

        try configuration.apply(environment: [
            "PORTCULLIS_MANAGEMENT_TLS_CERTIFICATE_CHAIN": "a.pem", "PORTCULLIS_MANAGEMENT_TLS_PRIVATE_KEY": "b.pem",
            "PORTCULLIS_MANAGEMENT_IDLE_TIMEOUT": "30", "PORTCULLIS_MANAGEMENT_MAXIMUM_CONNECTIONS": "64",
        ])
        #expect(configuration.management.tls == GatewayConfiguration.TLS(certificateChain: "a.pem", privateKey: "b.pem"))
        #expect(configuration.management.idleTimeout == .seconds(30))
        #expect(configuration.management.maximumConnections == 64)
    }

    @Test func invalidEnvironment() {
        var configuration = GatewayConfiguration()
        #expect(throws: GatewayConfiguration.Error.self) {
            try configuration.apply(environment: ["PORTCULLIS_MANAGEMENT_TLS_PRIVATE_KEY": "b.pem"])
        }
        #expect(throws: GatewayConfiguration.Error.self) {
            try configuration.apply(environment: ["PORTCULLIS_MANAGEMENT_MAXIMUM_CONNECTIONS": "many"])
        }
        #expect(throws: GatewayConfiguration.Error.self) {
            try configuration.apply(environment: ["PORTCULLIS_MANAGEMENT_IDLE_TIMEOUT": "-1"])
        }
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.8.9.10", true), ("localhost", true), ("LOCALHOST", true), ("::1", true),
        ("0:0:0:0:0:0:0:1", true), ("::ffff:127.0.0.1", true),
        ("0.0.0.0", false), ("::", false), ("10.0.0.1", false), ("128.0.0.1", false), ("192.168.1.20", false),
        ("fe80::1", false), ("example.com", false), ("localhost.example.com", false), ("::ffff:10.0.0.1", false),
    ])
    func loopback(host: String, expected: Bool) {
        #expect(ListenAddress(host: host, port: 8081).isLoopback == expected)
    }

    @Test func theDevelopmentCredentialsStayOnLoopback() throws {
        var configuration = GatewayConfiguration()
        try configuration.checkServable()  // 127.0.0.1 with test/test: fine

        configuration.management.listen = ListenAddress(host: "0.0.0.0", port: 8081)
        let refusal = #expect(throws: GatewayConfiguration.Error.self) { try configuration.checkServable() }
        #expect(refusal?.description.contains("refusing to start") == true)
        #expect(refusal?.description.contains("0.0.0.0:8081") == true)
        #expect(refusal?.description.contains("PORTCULLIS_ADMIN_ACCESS_KEY_ID") == true)

        // test/test set explicitly is just as well known.
        configuration.management.credentials = ManagementCredentials(accessKeyId: "test", secretAccessKey: "test")
        #expect(throws: GatewayConfiguration.Error.self) { try configuration.checkServable() }
        // Real credentials may listen anywhere.
        configuration.management.credentials = ManagementCredentials(accessKeyId: "AKIDADMIN", secretAccessKey: "long-secret")
        try configuration.checkServable()
        // The IPv6 wildcard is no loopback either.
        configuration.management.credentials = ManagementCredentials(accessKeyId: "test", secretAccessKey: "test")
        configuration.management.listen = ListenAddress(host: "::", port: 8081)
        let again = #expect(throws: GatewayConfiguration.Error.self) { try configuration.checkServable() }
        #expect(again?.description.contains("[::]:8081") == true)
    }
}
