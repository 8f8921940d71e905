public import DataPlane
public import GatewayModel
public import Observability
import NIOCore
import Yams

/// Process configuration: listeners, TLS, what to serve, logging. Read once at start from a YAML
/// file, then the environment, then command-line flags (each overriding the one before).
///
/// ```yaml
/// listen: 127.0.0.1:8080          # data-plane listener (default 127.0.0.1:8080)
/// tls:                            # optional: HTTPS with HTTP/2 (ALPN) and HTTP/1.1
///   certificateChain: cert.pem
///   privateKey: key.pem
/// certificates: [{domains: [api.example.com], certificateChain: api.pem, privateKey: api.key}]
/// certificateArns: {"arn:aws:acm:...": {certificateChain: c.pem, privateKey: c.key}}
///   # custom domains' certificates by SNI and reloaded when the files change: see TLSCertificateSettings
/// stage: dev                      # REST stage name (default dev; HTTP APIs: $default)
/// stageVariables: {backend: 127.0.0.1:9090}
/// type: rest                      # rest | http; default: decided per document, as AWS does
/// threads: 2                      # event loops (default: the number of cores)
/// logLevel: info                  # trace | debug | info | notice | warning | error | critical
/// limits: {maximumHeaderBytes: 10240, maximumBodyBytes: 10485760}
///   # and the connection layer's (defaults shown): headerTimeoutMs: 30000, bodyTimeoutMs: 15000,
///   # minimumBodyBytesPerTimeout: 16384, idleTimeoutMs: 60000, handshakeTimeoutMs: 10000,
///   # maximumConnections: 10000, maximumConcurrentStreams: 100,
///   # maximumBufferedBytesPerConnection: 33554432
/// store: {path: .portcullis/portcullis.sqlite, keyFile: .portcullis/store.key}   # path: memory → not durable
/// management:
///   listen: 127.0.0.1:8081        # loopback by default
///   accessKeyId: ...              # with secretAccessKey: the admin credentials (default test/test,
///   secretAccessKey: ...          #   refused on a non-loopback address)
///   tls: {certificateChain: cert.pem, privateKey: key.pem}   # optional: HTTPS
///   idleTimeout: 60               # seconds a connection may wait for request data or sit idle
///   maximumConnections: 1024      # open connections; more wait in the accept backlog
/// iam: {identities: [...]}           # AWS_IAM signers besides the admin key: see IamIdentitySettings
/// privateEndpoints: [...]             # VPC endpoints for private APIs: see PrivateEndpointSettings
/// accountThrottle: {rateLimit: 10000, burstLimit: 5000}
/// quota: {flushIntervalMs: 1000}  # how often counted quota usage is written to the store; a crash
///                                 #   loses at most one interval's count (a graceful stop none)
/// accountId: "000000000000"
/// region: us-east-1
/// metricsListen: 127.0.0.1:9464   # Prometheus metrics, GET /metrics; "off" disables the listener
/// accessLog: stdout               # local access log sink: stdout or a file path (default: none)
/// accessLogQueue: 10000           # lines waiting for the access log sinks; more are dropped and counted
/// logRotation: {maximumFileBytes: 104857600, keptFiles: 5}   # rotate the access and execution log files (default: never)
/// stageCacheMemoryMB: 256         # REST stage caches, all stages together (cacheClusterSize up to this)
/// cloudWatchMetrics: false        # CloudWatch push and audit trail: GatewayConfiguration+Observability.swift
/// audit: {file: .portcullis/audit.jsonl}
/// executionLog: stderr            # local REST execution log sink: stdout, stderr or a file path (default: none)
/// tracing: {sampleRate: 0.05, allStages: false, otlpEndpoint: http://127.0.0.1:4318}   # see TracingSettings
/// ```
/// Environment: `PORTCULLIS_LISTEN`, `PORTCULLIS_STAGE`, `PORTCULLIS_STAGE_VARIABLES`
/// (`k=v,k2=v2`), `PORTCULLIS_TYPE`, `PORTCULLIS_THREADS`, `PORTCULLIS_LOG_LEVEL`,
/// `PORTCULLIS_TLS_CERTIFICATE_CHAIN`, `PORTCULLIS_TLS_PRIVATE_KEY`, `PORTCULLIS_SELF_SIGNED_CERTIFICATES`
/// (`true`: development only), `PORTCULLIS_STORE_PATH`,
/// `PORTCULLIS_STORE_KEY_FILE`, `PORTCULLIS_STORE_KEY` (base64 key), `PORTCULLIS_MANAGEMENT_LISTEN`,
/// `PORTCULLIS_ADMIN_ACCESS_KEY_ID`, `PORTCULLIS_ADMIN_SECRET_ACCESS_KEY`,
/// `PORTCULLIS_MANAGEMENT_TLS_CERTIFICATE_CHAIN`, `PORTCULLIS_MANAGEMENT_TLS_PRIVATE_KEY`,
/// `PORTCULLIS_MANAGEMENT_IDLE_TIMEOUT`, `PORTCULLIS_MANAGEMENT_MAXIMUM_CONNECTIONS`,
/// `PORTCULLIS_METRICS_LISTEN`, `PORTCULLIS_ACCESS_LOG`, `PORTCULLIS_ACCESS_LOG_QUEUE`, `PORTCULLIS_STAGE_CACHE_MEMORY_MB`,
/// `PORTCULLIS_ACCOUNT_ID`, `PORTCULLIS_REGION`, `PORTCULLIS_ACCOUNT_RATE_LIMIT`,
/// `PORTCULLIS_QUOTA_FLUSH_INTERVAL_MS`, `PORTCULLIS_ACCOUNT_BURST_LIMIT` (the account throttle, as `accountThrottle: {rateLimit,
/// burstLimit}` in the file: AWS's 10,000 and 5,000 by default; on AWS only support raises them). Unknown keys in the file are an error, so a typo
/// never silently means a default. ``checkServable()`` refuses what must not be served.
public struct GatewayConfiguration: Sendable, Equatable {
    public struct TLS: Sendable, Equatable, Codable {
        public var certificateChain: String
        public var privateKey: String
        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }

    /// The durable store.
    public struct StoreSettings: Sendable, Equatable {
        /// The SQLite file, or `memory` for a store that lives as long as the process.
        public var path: String = ".portcullis/portcullis.sqlite"
        /// The AES-256 key file for secrets at rest (created 0600 on first start); default: beside
        /// the database. `PORTCULLIS_STORE_KEY` (base64) takes precedence.
        public var keyFile: String?
        public init() {}
    }

    /// The management API listener and its admin credentials.
    public struct ManagementSettings: Sendable, Equatable {
        /// Loopback by default: the management API is not for the network.
        public var listen = ListenAddress(host: "127.0.0.1", port: 8081)
        /// nil: the development default `test`/`test`, with a warning at start (and a refusal to
        /// start when `listen` is not loopback).
        public var credentials: ManagementCredentials?
        /// HTTPS on the management listener. Default nil (plain HTTP).
        public var tls: TLS?
        /// How long a connection may go without reading a request part or finishing an answer
        /// before it is closed: covers unfinished headers, a stalled body and idle keep-alive.
        /// Default 60 s (nginx's `client_header_timeout` / `client_body_timeout`).
        public var idleTimeout: Duration = .seconds(60)
        /// Open connections at most; beyond it the listener stops accepting until one closes.
        /// Default 1024 (nginx's `worker_connections`).
        public var maximumConnections = 1024
        public init() {}
    }

    public var listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080)
    public var store = StoreSettings()
    public var management = ManagementSettings()
    public var accountId = "000000000000"
    public var region = "us-east-1"
    public var tls: TLS?
    /// Custom domains' certificates (by name or ARN), beside `tls`.
    public var certificates = TLSCertificateSettings()
    /// nil: `dev` for REST APIs, `$default` for HTTP APIs.
    public var stage: String?
    public var stageVariables: [String: String] = [:]
    public var apiType: ApiType?
    public var threads: Int = System.coreCount
    public var logLevel: String = "info"
    public var limits: RequestLimits = .aws
    /// IAM identities that may sign `AWS_IAM` requests besides the account root.
    public var iamIdentities: [IamIdentitySettings] = []
    /// The VPC endpoints clients may come through (private APIs, `aws:SourceVpce`).
    public var privateEndpoints: [PrivateEndpointSettings] = []
    /// The account-level throttle (AWS: 10,000 requests a second, burst 5,000).
    public var accountThrottle = ThrottleSettings(burstLimit: 5_000, rateLimit: 10_000)
    /// Timeouts and caps of the data-plane listener's connections.
    public var connectionLimits: ConnectionLimits = .standard
    /// How often the quota counters are written to the store (default 1 s).
    public var quotaFlushInterval: Duration = .seconds(1)
    /// The Prometheus metrics listener (`GET /metrics`). Default 127.0.0.1:9464; nil: none.
    public var metricsListen: ListenAddress? = ListenAddress(host: "127.0.0.1", port: 9464)
    /// The local access log sink: `stdout` or a file path; nil (the default): none. Stages'
    /// CloudWatch Logs destinations are written whatever this says.
    public var accessLog: String?
    /// Access log lines that may wait for the sinks; beyond, lines are dropped and counted.
    /// Default 10,000.
    public var accessLogQueue: Int = 10_000
    /// Size-based rotation of the access and execution log files (`NAME` → `NAME.1` … as
    /// logrotate's `size` and `rotate` do); nil (the default): the files only grow, for an
    /// external logrotate.
    public var logRotation: LocalLogSink.Rotation?
    /// MiB every REST stage cache of the process may hold together, whatever `cacheClusterSize`
    /// a stage asks for (AWS's sizes go to 237 GB). Default 256.
    public var stageCacheMemoryMB: Int = StageCaches.defaultMemoryLimit >> 20
    /// The CloudWatch metrics push and the audit trail: see `GatewayConfiguration+Observability.swift`.
    public var cloudWatchMetrics = CloudWatchMetricsSettings()
    public var audit = AuditSettings()
    /// The local REST execution log sink (`stdout`, `stderr` or a file path); nil (the default):
    /// none. CloudWatch Logs groups `API-Gateway-Execution-Logs_{apiId}/{stage}` are written whatever this says.
    public var executionLog: String?
    /// Tracing: sampling, which stages, the OTLP exporter.
    public var tracing = TracingSettings()

    public init() {}

    /// The error for a configuration that cannot be used; the message says where and why.
    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    private static let knownKeys: Set<String> = [
        "listen", "tls", "stage", "stageVariables", "type", "threads", "logLevel", "limits", "store", "management",
        "accountId", "region", "accountThrottle", "iam", "privateEndpoints", "quota", "metricsListen", "accessLog", "accessLogQueue",
        "certificates", "certificateArns", "certificateReloadIntervalMs", "selfSignedCertificates", "stageCacheMemoryMB", "executionLog", "tracing",
        "logRotation",
    ]

    /// Applies a YAML configuration file.
    public mutating func apply(yaml text: String, source: String) throws(Error) {
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw Error("\(source): not valid YAML: \(error)")
        }
        guard let node else { return }
        guard let root = node as? [String: Any] else { throw Error("\(source): the configuration must be a mapping") }
        let knownKeys = Self.knownKeys.union(Self.observabilityKeys)
        for key in root.keys where !knownKeys.contains(key) {
            throw Error("\(source): unknown key '\(key)' (known: \(knownKeys.sorted().joined(separator: ", ")))")
        }
        try applyObservability(yaml: root, source: source)
        if let value = root["listen"] { listen = try ListenAddress(parsing: "\(value)", source: "\(source): listen") }
        if let value = root["stage"] { stage = "\(value)" }
        if let value = root["type"] { apiType = try Self.apiType("\(value)", source: "\(source): type") }
        if let value = root["threads"] { threads = try Self.positiveInteger(value, source: "\(source): threads") }
        if let value = root["logLevel"] { logLevel = try Self.logLevel("\(value)", source: "\(source): logLevel") }
        if let value = root["stageVariables"] {
            guard let map = value as? [String: Any] else { throw Error("\(source): stageVariables must be a mapping") }
            for (key, variable) in map {
                try Self.validateStageVariable(key, "\(variable)", source: "\(source): stageVariables")
                stageVariables[key] = "\(variable)"
            }
        }
        if let value = root["tls"] { tls = try Self.tls(value, source: "\(source): tls") }
        if let value = root["certificates"] { certificates.entries = try TLSCertificateSettings.entries(value, source: "\(source): certificates") }
        if let value = root["certificateArns"] { certificates.byArn = try TLSCertificateSettings.arns(value, source: "\(source): certificateArns") }
        if let value = root["certificateReloadIntervalMs"] {
            certificates.reloadInterval = .milliseconds(try Self.positiveInteger(value, source: "\(source): certificateReloadIntervalMs"))
        }
        if let value = root["selfSignedCertificates"] {
            guard let flag = value as? Bool else { throw Error("\(source): selfSignedCertificates must be true or false") }
            certificates.selfSigned = flag
        }
        if let value = root["store"] {
            guard let map = value as? [String: Any], Set(map.keys).isSubset(of: ["path", "keyFile"]) else {
                throw Error("\(source): store takes path and keyFile")
            }
            if let path = map["path"] { store.path = "\(path)" }
            if let keyFile = map["keyFile"] { store.keyFile = "\(keyFile)" }
        }
        if let value = root["management"] { try applyManagement(value, source: "\(source): management") }
        if let value = root["accountId"] { accountId = try Self.accountId("\(value)", source: "\(source): accountId") }
        if let value = root["region"] { region = "\(value)" }
        if let value = root["metricsListen"] { metricsListen = try Self.metricsListen("\(value)", source: "\(source): metricsListen") }
        if let value = root["accessLog"] { accessLog = try Self.accessLog("\(value)", source: "\(source): accessLog") }
        if let value = root["accessLogQueue"] { accessLogQueue = try Self.positiveInteger(value, source: "\(source): accessLogQueue") }
        if let value = root["logRotation"] { logRotation = try Self.logRotation(value, source: "\(source): logRotation") }
        if let value = root["stageCacheMemoryMB"] {
            stageCacheMemoryMB = try Self.positiveInteger(value, source: "\(source): stageCacheMemoryMB")
        }
        if let value = root["executionLog"] { executionLog = try Self.accessLog("\(value)", source: "\(source): executionLog") }
        if let value = root["tracing"] { try tracing.apply(value, source: "\(source): tracing") }
        if let value = root["iam"] {
            guard let map = value as? [String: Any] else { throw Error("\(source): iam must be a mapping") }
            for key in map.keys where key != "identities" { throw Error("\(source): unknown key 'iam.\(key)'") }
            if let identities = map["identities"] { iamIdentities = try IamIdentitySettings.list(identities, source: "\(source): iam.identities") }
        }
        if let value = root["privateEndpoints"] {
            privateEndpoints = try PrivateEndpointSettings.list(value, source: "\(source): privateEndpoints")
        }
        if let value = root["accountThrottle"] {
            guard let map = value as? [String: Any] else { throw Error("\(source): accountThrottle must be a mapping") }
            for (key, limit) in map {
                switch key {
                case "rateLimit": accountThrottle.rateLimit = try Self.positiveNumber(limit, source: "\(source): accountThrottle.rateLimit")
                case "burstLimit":
                    accountThrottle.burstLimit = Int(try Self.positiveNumber(limit, source: "\(source): accountThrottle.burstLimit"))
                default: throw Error("\(source): unknown key 'accountThrottle.\(key)'")
                }
            }
        }
        if let value = root["quota"] {
            guard let map = value as? [String: Any], Set(map.keys).isSubset(of: ["flushIntervalMs"]) else {
                throw Error("\(source): quota takes flushIntervalMs")
            }
            if let interval = map["flushIntervalMs"] {
                quotaFlushInterval = .milliseconds(try Self.positiveInteger(interval, source: "\(source): quota.flushIntervalMs"))
            }
        }
        if let value = root["limits"] {
            guard let map = value as? [String: Any] else { throw Error("\(source): limits must be a mapping") }
            for (key, limit) in map {
                guard let number = limit as? Int, number > 0 else { throw Error("\(source): limits.\(key) must be a positive integer") }
                switch key {
                case "maximumHeaderBytes": limits.maximumHeaderBytes = number
                case "maximumBodyBytes": limits.maximumBodyBytes = number
                case "headerTimeoutMs": connectionLimits.headerTimeout = .milliseconds(Int64(number))
                case "bodyTimeoutMs": connectionLimits.bodyTimeout = .milliseconds(Int64(number))
                case "minimumBodyBytesPerTimeout": connectionLimits.minimumBodyBytesPerTimeout = number
                case "idleTimeoutMs": connectionLimits.idleTimeout = .milliseconds(Int64(number))
                case "handshakeTimeoutMs": connectionLimits.handshakeTimeout = .milliseconds(Int64(number))
                case "maximumConnections": connectionLimits.maximumConnections = number
                case "maximumConcurrentStreams": connectionLimits.maximumConcurrentStreams = number
                case "maximumBufferedBytesPerConnection": connectionLimits.maximumBufferedBytesPerConnection = number
                default: throw Error("\(source): unknown key 'limits.\(key)'")
                }
            }
        }
    }

    /// A positive number from the file or the environment.
    /// `HOST:PORT`, or `off` for no metrics listener.
    public static func metricsListen(_ value: String, source: String) throws(Error) -> ListenAddress? {
        if value == "off" { return nil }
        return try ListenAddress(parsing: value, source: source)
    }

    /// `stdout`, or a file path; empty means none.
    /// `{maximumFileBytes: N, keptFiles: K}` (keptFiles default 5).
    static func logRotation(_ value: Any, source: String) throws(Error) -> LocalLogSink.Rotation {
        guard let map = value as? [String: Any] else { throw Error("\(source) must be a mapping") }
        for key in map.keys where key != "maximumFileBytes" && key != "keptFiles" { throw Error("\(source): unknown key '\(key)'") }
        guard let bytes = map["maximumFileBytes"] else { throw Error("\(source).maximumFileBytes is required") }
        let maximum = try positiveInteger(bytes, source: "\(source).maximumFileBytes")
        var kept = 5
        if let value = map["keptFiles"] {
            guard let count = (value as? Int) ?? Int("\(value)"), count >= 0 else { throw Error("\(source).keptFiles must be 0 or more") }
            kept = count
        }
        return LocalLogSink.Rotation(maximumBytes: maximum, keptFiles: kept)
    }

    public static func accessLog(_ value: String, source: String) throws(Error) -> String? {
        guard !value.isEmpty else { return nil }
        guard !value.contains("\0") else { throw Error("\(source) is not a file path") }
        return value
    }

    static func positiveNumber(_ value: Any, source: String) throws(Error) -> Double {
        let number = (value as? Double) ?? (value as? Int).map(Double.init) ?? Double("\(value)")
        guard let number, number > 0, number.isFinite else { throw Error("\(source) must be a positive number") }
        return number
    }

    /// Applies `PORTCULLIS_*` environment variables.
    public mutating func apply(environment: [String: String]) throws(Error) {
        if let value = environment["PORTCULLIS_LISTEN"] { listen = try ListenAddress(parsing: value, source: "PORTCULLIS_LISTEN") }
        if let value = environment["PORTCULLIS_STAGE"] { stage = value }
        if let value = environment["PORTCULLIS_TYPE"] { apiType = try Self.apiType(value, source: "PORTCULLIS_TYPE") }
        if let value = environment["PORTCULLIS_THREADS"] {
            guard let count = Int(value), count > 0 else { throw Error("PORTCULLIS_THREADS must be a positive integer") }
            threads = count
        }
        if let value = environment["PORTCULLIS_LOG_LEVEL"] { logLevel = try Self.logLevel(value, source: "PORTCULLIS_LOG_LEVEL") }
        if let value = environment["PORTCULLIS_STAGE_VARIABLES"] {
            for pair in value.split(separator: ",") {
                try applyStageVariable(String(pair), source: "PORTCULLIS_STAGE_VARIABLES")
            }
        }
        if let value = environment["PORTCULLIS_STORE_PATH"] { store.path = value }
        if let value = environment["PORTCULLIS_STORE_KEY_FILE"] { store.keyFile = value }
        if let value = environment["PORTCULLIS_MANAGEMENT_LISTEN"] {
            management.listen = try ListenAddress(parsing: value, source: "PORTCULLIS_MANAGEMENT_LISTEN")
        }
        switch (environment["PORTCULLIS_ADMIN_ACCESS_KEY_ID"], environment["PORTCULLIS_ADMIN_SECRET_ACCESS_KEY"]) {
        case (nil, nil): break
        case (let id?, let secret?): management.credentials = ManagementCredentials(accessKeyId: id, secretAccessKey: secret)
        default: throw Error("PORTCULLIS_ADMIN_ACCESS_KEY_ID and PORTCULLIS_ADMIN_SECRET_ACCESS_KEY go together")
        }
        if let tls = try Self.tls(
            certificateChain: environment["PORTCULLIS_MANAGEMENT_TLS_CERTIFICATE_CHAIN"],
            privateKey: environment["PORTCULLIS_MANAGEMENT_TLS_PRIVATE_KEY"],
            source: "PORTCULLIS_MANAGEMENT_TLS_CERTIFICATE_CHAIN and PORTCULLIS_MANAGEMENT_TLS_PRIVATE_KEY")
        {
            management.tls = tls
        }
        if let value = environment["PORTCULLIS_MANAGEMENT_IDLE_TIMEOUT"] {
            management.idleTimeout = try Self.seconds(Double(value), source: "PORTCULLIS_MANAGEMENT_IDLE_TIMEOUT")
        }
        if let value = environment["PORTCULLIS_MANAGEMENT_MAXIMUM_CONNECTIONS"] {
            management.maximumConnections = try Self.positiveInteger(
                Int(value) ?? 0, source: "PORTCULLIS_MANAGEMENT_MAXIMUM_CONNECTIONS")
        }
        if let value = environment["PORTCULLIS_ACCOUNT_ID"] { accountId = try Self.accountId(value, source: "PORTCULLIS_ACCOUNT_ID") }
        if let value = environment["PORTCULLIS_REGION"] { region = value }
        if let value = environment["PORTCULLIS_QUOTA_FLUSH_INTERVAL_MS"] {
            quotaFlushInterval = .milliseconds(try Self.positiveInteger(Int(value) ?? 0, source: "PORTCULLIS_QUOTA_FLUSH_INTERVAL_MS"))
        }
        if let value = environment["PORTCULLIS_METRICS_LISTEN"] { metricsListen = try Self.metricsListen(value, source: "PORTCULLIS_METRICS_LISTEN") }
        if let value = environment["PORTCULLIS_ACCESS_LOG"] { accessLog = try Self.accessLog(value, source: "PORTCULLIS_ACCESS_LOG") }
        if let value = environment["PORTCULLIS_STAGE_CACHE_MEMORY_MB"] {
            stageCacheMemoryMB = try Self.positiveInteger(Int(value) ?? 0, source: "PORTCULLIS_STAGE_CACHE_MEMORY_MB")
        }
        if let value = environment["PORTCULLIS_EXECUTION_LOG"] { executionLog = try Self.accessLog(value, source: "PORTCULLIS_EXECUTION_LOG") }
        try tracing.apply(environment: environment)
        if let value = environment["PORTCULLIS_ACCESS_LOG_QUEUE"] {
            guard let count = Int(value), count > 0 else { throw Error("PORTCULLIS_ACCESS_LOG_QUEUE must be a positive integer") }
            accessLogQueue = count
        }
        try applyObservability(environment: environment)
        if let value = environment["PORTCULLIS_IAM_IDENTITIES"] {
            iamIdentities = try IamIdentitySettings.list(json: value, source: "PORTCULLIS_IAM_IDENTITIES")
        }
        if let value = environment["PORTCULLIS_PRIVATE_ENDPOINTS"] {
            privateEndpoints = try PrivateEndpointSettings.list(json: value, source: "PORTCULLIS_PRIVATE_ENDPOINTS")
        }
        if let value = environment["PORTCULLIS_ACCOUNT_RATE_LIMIT"] {
            accountThrottle.rateLimit = try Self.positiveNumber(value, source: "PORTCULLIS_ACCOUNT_RATE_LIMIT")
        }
        if let value = environment["PORTCULLIS_ACCOUNT_BURST_LIMIT"] {
            accountThrottle.burstLimit = Int(try Self.positiveNumber(value, source: "PORTCULLIS_ACCOUNT_BURST_LIMIT"))
        }
        if let tls = try Self.tls(
            certificateChain: environment["PORTCULLIS_TLS_CERTIFICATE_CHAIN"],
            privateKey: environment["PORTCULLIS_TLS_PRIVATE_KEY"],
            source: "PORTCULLIS_TLS_CERTIFICATE_CHAIN and PORTCULLIS_TLS_PRIVATE_KEY")
        {
            self.tls = tls
        }
        if let value = environment["PORTCULLIS_SELF_SIGNED_CERTIFICATES"] {
            guard let flag = Bool(value.lowercased()) else { throw Error("PORTCULLIS_SELF_SIGNED_CERTIFICATES must be true or false") }
            certificates.selfSigned = flag
        }
    }

    /// Whether the data-plane listener speaks TLS: a default certificate, or custom domains'.
    public var servesTLS: Bool { tls != nil || !certificates.isEmpty }

    /// Refuses a configuration that must not be served: the management API on an address others
    /// can reach with the development credentials `test`/`test`, which anyone may sign with (and
    /// read every API key value). Run before anything starts.
    public func checkServable() throws(Error) {
        let credentials = management.credentials ?? .developmentDefault
        if credentials.isWellKnown, !management.listen.isLoopback {
            throw Error(
                "refusing to start: the management API would listen on \(management.listen), which is not a loopback "
                    + "address, with the development credentials test/test that anyone can sign with. Set admin "
                    + "credentials (management.accessKeyId and management.secretAccessKey, or "
                    + "PORTCULLIS_ADMIN_ACCESS_KEY_ID and PORTCULLIS_ADMIN_SECRET_ACCESS_KEY), or listen on 127.0.0.1.")
        }
    }

    /// The `management:` mapping of the YAML file.
    private mutating func applyManagement(_ value: Any, source: String) throws(Error) {
        let keys: Set<String> = ["listen", "accessKeyId", "secretAccessKey", "tls", "idleTimeout", "maximumConnections"]
        guard let map = value as? [String: Any], Set(map.keys).isSubset(of: keys) else {
            throw Error("\(source) takes \(keys.sorted().joined(separator: ", "))")
        }
        if let listen = map["listen"] { management.listen = try ListenAddress(parsing: "\(listen)", source: "\(source).listen") }
        switch (map["accessKeyId"], map["secretAccessKey"]) {
        case (nil, nil): break
        case (let id?, let secret?): management.credentials = ManagementCredentials(accessKeyId: "\(id)", secretAccessKey: "\(secret)")
        default: throw Error("\(source): accessKeyId and secretAccessKey go together")
        }
        if let tls = map["tls"] { management.tls = try Self.tls(tls, source: "\(source).tls") }
        if let timeout = map["idleTimeout"] {
            let seconds = (timeout as? Int).map(Double.init) ?? (timeout as? Double)
            management.idleTimeout = try Self.seconds(seconds, source: "\(source).idleTimeout")
        }
        if let count = map["maximumConnections"] {
            management.maximumConnections = try Self.positiveInteger(count, source: "\(source).maximumConnections")
        }
    }

    /// A YAML `{certificateChain, privateKey}` mapping.
    static func tls(_ value: Any, source: String) throws(Error) -> TLS {
        guard let map = value as? [String: Any], let chain = map["certificateChain"] as? String,
            let key = map["privateKey"] as? String, map.count == 2
        else {
            throw Error("\(source) needs exactly certificateChain and privateKey (file paths)")
        }
        return TLS(certificateChain: chain, privateKey: key)
    }

    /// A certificate chain and key that go together (two variables, two flags); nil when neither is set.
    public static func tls(certificateChain: String?, privateKey: String?, source: String) throws(Error) -> TLS? {
        switch (certificateChain, privateKey) {
        case (nil, nil): nil
        case (let chain?, let key?): TLS(certificateChain: chain, privateKey: key)
        default: throw Error("\(source) go together")
        }
    }

    /// A positive number of seconds, up to a day.
    static func seconds(_ seconds: Double?, source: String) throws(Error) -> Duration {
        guard let seconds, seconds > 0, seconds <= 86_400 else {
            throw Error("\(source) must be a number of seconds above 0 and up to 86400")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    static func positiveInteger(_ value: Any, source: String) throws(Error) -> Int {
        guard let number = value as? Int, number > 0 else { throw Error("\(source) must be a positive integer") }
        return number
    }

    /// Applies one `NAME=VALUE` stage variable.
    public mutating func applyStageVariable(_ pair: String, source: String) throws(Error) {
        guard let equals = pair.firstIndex(of: "=") else { throw Error("\(source): '\(pair)' is not NAME=VALUE") }
        let name = String(pair[..<equals])
        let value = String(pair[pair.index(after: equals)...])
        try Self.validateStageVariable(name, value, source: source)
        stageVariables[name] = value
    }

    /// AWS's rules: names `[A-Za-z0-9_]{1,64}`, values up to 512 characters.
    static func validateStageVariable(_ name: String, _ value: String, source: String) throws(Error) {
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw Error("\(source): stage variable names match [A-Za-z0-9_]{1,64}, not '\(name)'")
        }
        guard value.count <= 512 else { throw Error("\(source): the value of stage variable '\(name)' is over 512 characters") }
    }

    static func accountId(_ text: String, source: String) throws(Error) -> String {
        guard text.count == 12, text.allSatisfy(\.isNumber) else { throw Error("\(source): an account id is 12 digits") }
        return text
    }

    static func apiType(_ text: String, source: String) throws(Error) -> ApiType {
        guard let type = ApiType(rawValue: text.lowercased()) else { throw Error("\(source): '\(text)' is not rest or http") }
        return type
    }

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    static func logLevel(_ text: String, source: String) throws(Error) -> String {
        guard logLevels.contains(text.lowercased()) else {
            throw Error("\(source): '\(text)' is not one of \(logLevels.joined(separator: ", "))")
        }
        return text.lowercased()
    }
}
