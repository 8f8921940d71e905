// swift-tools-version: 6.1
import PackageDescription

let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Portcullis",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "portcullis", targets: ["portcullis"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "GatewayModel", targets: ["GatewayModel"]),
        .library(name: "OpenAPI", targets: ["OpenAPI"]),
        .library(name: "DataPlane", targets: ["DataPlane"]),
        .library(name: "GatewayServer", targets: ["GatewayServer"]),
        .library(name: "GatewayTesting", targets: ["GatewayTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.0.0"),
    ],
    targets: [
        // Bottom: JSONValue with its strict parser and writer, shared by the model and the engines.
        .target(name: "JSON", swiftSettings: strictness),
        // Model: AWS resources as value types whose JSON is the management API's JSON.
        .target(name: "GatewayModel", swiftSettings: strictness),
        // Engines: know nothing of the gateway.
        .target(
            name: "AWSSignatureV4",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictness
        ),
        .target(name: "IAMPolicy", dependencies: ["JSON"], swiftSettings: strictness),
        .target(name: "JSONSchemaValidation", dependencies: ["JSON"], swiftSettings: strictness),
        // API Gateway's Velocity (VTL) mapping templates with JSONPath, `$input`, `$util`, `$context`.
        .target(name: "MappingTemplates", dependencies: ["JSON"], swiftSettings: strictness),
        // Calling AWS (Lambda, key sets of token issuers) the way the AWS SDKs find credentials,
        // region and endpoints; on async-http-client, for the cold paths.
        .target(
            name: "AWSClients",
            dependencies: [
                "AWSSignatureV4",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        // Storage: protocols and the in-memory store; SQLite as the embedded default.
        .target(name: "GatewayStore", dependencies: ["GatewayModel"], swiftSettings: strictness),
        .target(
            name: "GatewayStoreSQLite",
            dependencies: [
                "GatewayStore", "GatewayModel",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness
        ),
        // OpenAPI 2.0/3.0 import with the x-amazon-apigateway extensions.
        .target(
            name: "OpenAPI",
            dependencies: ["GatewayModel", "JSON", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictness
        ),
        // The data plane: deployment compiler, router, phases, integrations, HTTP server handler.
        .target(
            name: "DataPlane",
            dependencies: [
                "GatewayModel", "JSON", "MappingTemplates",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                "AWSSignatureV4", "IAMPolicy", "AWSClients", "JSONSchemaValidation",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictness
        ),
        // After-write observers: AWS's metrics (swift-metrics, exposed by swift-prometheus) and
        // access logs in the `$context` format, with their sinks (CloudWatch Logs, stdout, file).
        .target(
            name: "Observability",
            dependencies: [
                "DataPlane", "GatewayModel", "JSON", "AWSClients", "AWSSignatureV4",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictness
        ),
        // The audit trail: management writes as CloudTrail events, their sink and reader.
        .target(
            name: "AuditTrail",
            dependencies: ["ControlPlane", "Observability", "JSON"],
            swiftSettings: strictness
        ),
        // The AWS-compatible management API (apigateway, apigatewayv2), independent of the HTTP server.
        .target(
            name: "ControlPlane",
            dependencies: [
                "GatewayModel", "GatewayStore", "JSON", "OpenAPI", "IAMPolicy",
                .product(name: "Logging", package: "swift-log"),
                // Client certificates (`GenerateClientCertificate`): RSA keys and X.509.
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictness
        ),
        // Wiring: process configuration → listeners and services.
        .target(
            name: "GatewayServer",
            dependencies: [
                "GatewayModel", "OpenAPI", "DataPlane", "ControlPlane", "GatewayStore", "GatewayStoreSQLite",
                "AWSSignatureV4", "IAMPolicy", "AWSClients", "Observability", "AuditTrail",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                // TLS by domain: certificates, truststores and the client certificate check.
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        // Test kit: live gateway, mock backends.
        .target(
            name: "GatewayTesting",
            dependencies: [
                "GatewayModel", "OpenAPI", "DataPlane", "GatewayServer", "JSON",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "portcullis",
            dependencies: [
                "GatewayServer", "OpenAPI", "GatewayModel", "DataPlane", "AuditTrail", "JSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "router-benchmark",
            dependencies: ["DataPlane", "GatewayModel"],
            path: "Benchmarks/RouterBenchmark",
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "quota-benchmark",
            dependencies: ["DataPlane", "GatewayModel"],
            path: "Benchmarks/QuotaBenchmark",
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "template-benchmark",
            dependencies: ["MappingTemplates", "JSON"],
            path: "Benchmarks/TemplateBenchmark",
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "observer-benchmark",
            dependencies: [
                "DataPlane", "GatewayModel", "OpenAPI", "Observability",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ObserverBenchmark",
            swiftSettings: strictness
        ),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strictness),
        .executableTarget(
            name: "snapshot-benchmark",
            dependencies: [
                "DataPlane", "GatewayModel", "GatewayStore", "GatewayStoreSQLite",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/SnapshotBenchmark",
            swiftSettings: strictness
        ),
        .testTarget(
            name: "GatewayModelTests",
            dependencies: ["GatewayModel", "JSON"],
            swiftSettings: strictness
        ),
        .testTarget(name: "IAMPolicyTests", dependencies: ["IAMPolicy", "JSON"], swiftSettings: strictness),
        .testTarget(name: "AWSSignatureV4Tests", dependencies: ["AWSSignatureV4"], swiftSettings: strictness),
        .testTarget(
            name: "AWSClientsTests",
            dependencies: ["AWSClients", "AWSSignatureV4", .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "MappingTemplatesTests",
            dependencies: ["MappingTemplates", "JSON"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "JSONSchemaValidationTests",
            dependencies: ["JSONSchemaValidation", "JSON"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "GatewayStoreTests",
            dependencies: ["GatewayStore", "GatewayStoreSQLite", "GatewayModel"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OpenAPITests",
            dependencies: ["OpenAPI", "GatewayModel"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "DataPlaneTests",
            dependencies: [
                "DataPlane", "GatewayModel", "GatewayTesting", "IAMPolicy", "JSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: [
                "Observability", "DataPlane", "GatewayModel", "OpenAPI", "JSON", "AWSClients",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "AuditTrailTests",
            dependencies: ["AuditTrail", "ControlPlane", "JSON", "Observability"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "ControlPlaneTests",
            dependencies: ["ControlPlane", "GatewayStore", "GatewayModel", "JSON", "OpenAPI"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "GatewayServerTests",
            dependencies: [
                "GatewayServer", "GatewayTesting", "DataPlane", "GatewayModel", "OpenAPI", "ControlPlane", "GatewayStore", "JSON",
                "AWSSignatureV4",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness
        ),
    ]
)
