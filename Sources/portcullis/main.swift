import ArgumentParser
import AuditTrail
import Foundation
import GatewayModel
import DataPlane
import GatewayServer
import JSON
import Logging
import OpenAPI

@main
struct Portcullis: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "portcullis",
        abstract: "A self-hosted API gateway that speaks AWS API Gateway.",
        version: version,
        subcommands: [Serve.self, Validate.self, Audit.self, Version.self]
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve OpenAPI documents (REST or HTTP APIs with x-amazon-apigateway extensions).")

    @Argument(
        help: ArgumentHelp(
            "OpenAPI 2.0/3.0 documents, JSON or YAML, imported and deployed at start. None: serve the store as it is.",
            discussion: """
                The APIs of these documents answer at the short address http://HOST:PORT/{stage}/{path} whatever else \
                the store holds: with several, the first whose stage is named by the first path segment, else the \
                first with a $default stage. Every API of the store also answers with the Host \
                {apiId}.execute-api.{region}.amazonaws.com and at /restapis/{apiId}/{stage}/_user_request_/{path}; \
                the start log lists each with its addresses.
                """))
    var files: [String] = []

    @Option(help: "Data-plane listener, HOST:PORT (default 127.0.0.1:8080).")
    var listen: String?

    @Option(help: "Stage name (default: dev for REST APIs, $default for HTTP APIs).")
    var stage: String?

    @Option(name: .customLong("stage-variable"), help: "A stage variable, NAME=VALUE; repeatable.")
    var stageVariables: [String] = []

    @Option(help: "API type for every document: rest or http (default: decided per document, as AWS does).")
    var type: String?

    @Option(help: "YAML process configuration; the environment and flags override it.")
    var config: String?

    @Option(help: "The SQLite store file, or 'memory' (default .portcullis/portcullis.sqlite).")
    var store: String?

    @Option(
        name: .customLong("management-listen"),
        help: "Management API listener, HOST:PORT (default 127.0.0.1:8081; not loopback: admin credentials required).")
    var managementListen: String?

    @Option(name: .customLong("management-tls-certificate-chain"), help: "PEM certificate chain: HTTPS on the management listener.")
    var managementTLSCertificateChain: String?

    @Option(name: .customLong("management-tls-private-key"), help: "PEM private key of --management-tls-certificate-chain.")
    var managementTLSPrivateKey: String?

    @Option(
        name: .customLong("metrics-listen"),
        help: "Prometheus metrics listener, HOST:PORT, GET /metrics (default 127.0.0.1:9464; 'off': none).")
    var metricsListen: String?

    @Option(
        name: .customLong("access-log"),
        help: "Local access log sink: 'stdout' or a file (default: none; stages' CloudWatch Logs destinations are written regardless).")
    var accessLog: String?

    @Flag(
        name: .customLong("cloudwatch-metrics"),
        help: "Push AWS's metrics to CloudWatch with PutMetricData (endpoint: AWS_ENDPOINT_URL_MONITORING, else AWS's).")
    var cloudWatchMetrics = false

    @Option(name: .customLong("audit-file"), help: "The audit trail's JSON-lines file, or 'off' (default: audit.jsonl beside the store).")
    var auditFile: String?

    func run() async throws {
        var configuration = try loadConfiguration(
            config: config, listen: listen, stage: stage, stageVariables: stageVariables, type: type)
        if let store { configuration.store.path = store }
        do {
            if let metricsListen {
                configuration.metricsListen = try GatewayConfiguration.metricsListen(metricsListen, source: "--metrics-listen")
            }
            if let accessLog { configuration.accessLog = try GatewayConfiguration.accessLog(accessLog, source: "--access-log") }
            if cloudWatchMetrics { configuration.cloudWatchMetrics.enabled = true }
            if let auditFile { try configuration.applyAuditFile(auditFile, source: "--audit-file") }
            if let managementListen {
                configuration.management.listen = try ListenAddress(parsing: managementListen, source: "--management-listen")
            }
            if let tls = try GatewayConfiguration.tls(
                certificateChain: managementTLSCertificateChain, privateKey: managementTLSPrivateKey,
                source: "--management-tls-certificate-chain and --management-tls-private-key")
            {
                configuration.management.tls = tls
            }
        } catch {
            throw ValidationError(error.description)
        }
        let logger = bootstrapLogging(level: configuration.logLevel)
        do {
            try await PortcullisServer(configuration: configuration, logger: logger).run(files: files)
        } catch let failure as ServedApiLoader.Failure {
            throw ValidationError(failure.description)
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check OpenAPI documents as an import would: errors and warnings with their JSON paths.")

    @Argument(help: "OpenAPI 2.0/3.0 documents, JSON or YAML.")
    var files: [String]

    @Option(help: "API type: rest or http (default: REST unless the document can only be an HTTP API; the choice and its reason are printed).")
    var type: String?

    @Option(name: .customLong("account-id"), help: "The account id ${AWS::AccountId} resolves to (default 000000000000).")
    var accountId = "000000000000"

    @Option(help: "The Region ${AWS::Region} resolves to (default us-east-1).")
    var region = "us-east-1"

    @Flag(name: .customLong("fail-on-warnings"), help: "Treat warnings as errors (AWS failOnWarnings).")
    var failOnWarnings = false

    func run() throws {
        var failed = false
        let apiType = try type.map { text -> ApiType in
            guard let parsed = ApiType(rawValue: text.lowercased()) else { throw ValidationError("--type must be rest or http") }
            return parsed
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("\(file): cannot be read")
                failed = true
                continue
            }
            do {
                let variables = AWSImportVariables(accountId: accountId, region: region)
                let result = try OpenAPIImporter(options: .init(apiType: apiType, failOnWarnings: failOnWarnings, variables: variables))
                    .importDocument(data, sourceName: file)
                print("\(file): \(result.apiTypeReason)")
                for diagnostic in result.diagnostics { print("\(file): \(diagnostic)") }
                let unserved = result.operationsWithoutIntegration
                for message in unserved { print("\(file): warning: \(message)") }
                // A guard that is not enforced yet would make `serve` refuse the method: an error.
                let refused = DeploymentCompiler.unenforcedGuards(in: result.definition)
                for message in refused { print("\(file): error: \(message)") }
                if !refused.isEmpty {
                    failed = true
                    continue
                }
                let kind = if case .rest = result.definition { "REST API" } else { "HTTP API" }
                let notes = result.diagnostics.count { $0.severity == .info }
                let noteText = notes == 0 ? "" : ", \(notes) note(s)"
                if failOnWarnings, !unserved.isEmpty {
                    failed = true
                    continue
                }
                print("\(file): OK — \(kind) \"\(result.definition.name)\" (\(result.warnings.count + unserved.count) warning(s)\(noteText))")
            } catch {
                for diagnostic in error.diagnostics { print("\(file): \(diagnostic)") }
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")
    func run() { print("portcullis \(Portcullis.version)") }
}

func loadConfiguration(config: String?, listen: String?, stage: String?, stageVariables: [String], type: String?) throws
    -> GatewayConfiguration
{
    var configuration = GatewayConfiguration()
    do {
        if let config {
            guard let data = FileManager.default.contents(atPath: config), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("\(config): cannot be read")
            }
            try configuration.apply(yaml: text, source: config)
        }
        try configuration.apply(environment: ProcessInfo.processInfo.environment)
        if let listen { configuration.listen = try ListenAddress(parsing: listen, source: "--listen") }
        if let stage { configuration.stage = stage }
        for pair in stageVariables { try configuration.applyStageVariable(pair, source: "--stage-variable") }
        if let type {
            guard let parsed = ApiType(rawValue: type.lowercased()) else { throw ValidationError("--type must be rest or http") }
            configuration.apiType = parsed
        }
    } catch let error as GatewayConfiguration.Error {
        throw ValidationError(error.description)
    }
    return configuration
}

func bootstrapLogging(level: String) -> Logger {
    let logLevel = Logger.Level(rawValue: level) ?? .info
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = logLevel
        return handler
    }
    var logger = Logger(label: "portcullis")
    logger.logLevel = logLevel
    return logger
}

/// `portcullis audit`: the audit trail of management writes, read back from its JSON-lines file
/// (and its rotated files), filtered, as JSON lines or a table.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the audit trail: every management write (CloudTrail events), oldest first.")

    @Option(help: "The audit file (default: the configuration's audit.file, else audit.jsonl beside the store).")
    var file: String?

    @Option(help: "YAML process configuration (for audit.file and the store path).")
    var config: String?

    @Option(help: "The SQLite store file whose directory holds the default audit file (default .portcullis/portcullis.sqlite).")
    var store: String?

    @Option(help: "Events at or after this time: ISO 8601 (2026-12-07T08:00:00Z, 2026-12-07) or a time ago (30s, 15m, 2h, 7d).")
    var since: String?

    @Option(help: "Events at or before this time (same forms as --since).")
    var until: String?

    @Option(name: .customLong("api-id"), help: "Calls on this REST or HTTP API (and the call that created it).")
    var apiId: String?

    @Option(help: "Calls signed by this access key id or principal ARN.")
    var user: String?

    @Option(name: .customLong("event-name"), help: "Calls of this operation (CreateApiKey, DeleteRestApi, …); repeatable.")
    var eventNames: [String] = []

    @Option(help: "json (one event a line, the default) or table.")
    var format = "json"

    func run() throws {
        guard format == "json" || format == "table" else { throw ValidationError("--format must be json or table") }
        var filter = AuditEventFilter(apiId: apiId, user: user, eventNames: eventNames)
        if let since {
            guard let time = AuditEventFilter.time(since) else { throw ValidationError("--since: '\(since)' is not a time") }
            filter.since = time
        }
        if let until {
            guard let time = AuditEventFilter.time(until) else { throw ValidationError("--until: '\(until)' is not a time") }
            filter.until = time
        }
        let configuration = try loadConfiguration(config: config, listen: nil, stage: nil, stageVariables: [], type: nil)
        var store = configuration.store
        if let path = self.store { store.path = path }
        guard let path = file ?? configuration.audit.resolvedFile(store: store) else {
            throw ValidationError("no audit file: the configuration turns the audit trail off (or the store is in memory); name one with --file")
        }
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(path): no audit trail there yet") }
        let (events, skipped) = try AuditTrailReader(file: path, keptFiles: configuration.audit.keptFiles).events(matching: filter)
        if format == "table" {
            print(AuditTrailReader.table(events))
        } else {
            for event in events { print(JSONWriter.compact(event)) }
        }
        if skipped > 0 {
            FileHandle.standardError.write(Data("portcullis audit: \(skipped) line(s) that are not JSON events skipped\n".utf8))
        }
    }
}
