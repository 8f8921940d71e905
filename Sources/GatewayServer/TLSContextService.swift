public import AWSClients
public import AsyncHTTPClient
import ControlPlane
import DataPlane
import Foundation
public import GatewayModel
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Keeps the data-plane listener's ``TLSContextTable`` current without a restart: every
/// `certificateReloadIntervalMs` it compares the modification times and sizes of the certificate
/// files (and local truststores) with those it loaded, and when one changed — or when a new
/// gateway brings other domain names (``requestReload()``) — it builds a new table and swaps it
/// in. Connections already open keep the context they were made with.
///
/// A reload that fails (a file half-written, a key that does not match) keeps the table that
/// works and logs why. S3 truststores are fetched again only when a domain's `truststoreUri` or
/// `truststoreVersion` changes, as AWS reads them on `UpdateDomainName` — or, while one could not
/// be fetched, at every check until it is (its domain refuses every client meanwhile).
public final class TLSContextService: Service, Sendable {
    public let box: TLSContextTableBox
    private let tls: GatewayConfiguration.TLS?
    private let settings: TLSCertificateSettings
    private let domains: @Sendable () -> DomainSnapshot
    private let truststores: TruststoreLoader
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    private let events: AsyncStream<Void>
    private let eventInput: AsyncStream<Void>.Continuation

    /// What the table in the box was built from.
    private struct State {
        var stamps: [String: FileStamp] = [:]
        var domains: [DomainTLSSettings]?
        /// By `uri#version`: S3 truststores fetched.
        var fetched: [String: Result<TLSTruststore, TruststoreLoadError>] = [:]
        /// By domain name: generated stand-in certificates (development flag).
        var selfSigned: [String: ServerCertificate] = [:]

        /// Whether a truststore failed to load: then the next check tries again.
        var hasFailedTruststore: Bool {
            fetched.values.contains { if case .failure = $0 { true } else { false } }
        }
    }

    struct FileStamp: Equatable {
        let modified: Date?
        let size: Int?
    }

    public init(
        tls: GatewayConfiguration.TLS?, settings: TLSCertificateSettings, domains: @escaping @Sendable () -> DomainSnapshot,
        environment: AWSEnvironment, http: HTTPClient?, logger: Logger
    ) {
        self.box = TLSContextTableBox()
        self.tls = tls
        self.settings = settings
        self.domains = domains
        self.truststores = TruststoreLoader(s3: http.map { S3Client(http: $0, environment: environment) })
        self.logger = logger
        (events, eventInput) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The first table, before the listener opens. A served custom domain no certificate
    /// covers stops the start with an error naming it (development flag: a self-signed one).
    public func load() async throws {
        let uncovered = try await refresh(force: true)
        if !uncovered.isEmpty {
            throw GatewayConfiguration.Error(
                """
                no TLS certificate for the custom domain name(s) \(uncovered.joined(separator: ", ")): add them to \
                certificates (by name) or certificateArns (by their certificateArn), or set selfSignedCertificates: true \
                for development
                """)
        }
    }

    /// A new gateway was installed: its domain names may differ. Returns at once.
    public func requestReload() {
        eventInput.yield(())
    }

    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            let input = eventInput
            let interval = settings.reloadInterval
            group.addTask {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: interval) } catch { return }
                    input.yield(())
                }
            }
            for await _ in events.cancelOnGracefulShutdown() {
                do {
                    let uncovered = try await refresh(force: false)
                    for name in uncovered {
                        logger.error("no TLS certificate for the custom domain name \(name): its clients get the default certificate")
                    }
                } catch {
                    logger.error("TLS certificates not reloaded (the previous ones stay in use): \(error)")
                }
            }
            group.cancelAll()
        }
    }

    /// Builds and installs a table when something it depends on changed (always with `force`);
    /// returns the custom domains without a certificate.
    @discardableResult
    func refresh(force: Bool) async throws -> [String] {
        let domainSettings = DomainTLSSettings.all(domains())
        var files = settings.files(default: tls)
        files += domainSettings.compactMap { $0.truststoreUri.flatMap(TruststoreLoader.localPath) }
        let stamps = Dictionary(files.map { ($0, Self.stamp($0)) }, uniquingKeysWith: { first, _ in first })
        let previous = state.withLockedValue { $0 }
        if !force, previous.stamps == stamps, previous.domains == domainSettings, !previous.hasFailedTruststore { return [] }

        var builder = TLSContextTableBuilder()
        builder.defaultCertificate = try tls?.load(source: "tls")
        for (index, entry) in settings.entries.enumerated() {
            builder.entries.append((entry.domains, try entry.files.load(source: "certificates[\(index)]")))
        }
        for (arn, files) in settings.byArn { builder.byArn[arn] = try files.load(source: "certificateArns.\(arn)") }
        builder.domains = domainSettings
        var fetched: [String: Result<TLSTruststore, TruststoreLoadError>] = [:]
        for domain in domainSettings {
            guard let uri = domain.truststoreUri else { continue }
            let key = uri + "#" + (domain.truststoreVersion ?? "")
            let result: Result<TLSTruststore, TruststoreLoadError>
            if TruststoreLoader.localPath(uri) == nil, let known = previous.fetched[key] ?? fetched[key], case .success = known {
                result = known
            } else {
                result = await truststores.load(uri: uri, version: domain.truststoreVersion)
            }
            fetched[key] = result
            builder.truststores[domain.name] = result
        }
        var selfSigned = previous.selfSigned
        if settings.selfSigned {
            for domain in domainSettings where selfSigned[domain.name] == nil {
                guard builder.certificate(for: domain, defaultNames: builder.defaultCertificate?.dnsNames ?? []) == nil else { continue }
                let generated = try SelfSignedCertificate.make(commonName: domain.name, purpose: .serverAuthentication(dnsNames: [domain.name]))
                selfSigned[domain.name] = try ServerCertificate(certificatePem: generated.certificatePem, privateKeyPem: generated.privateKeyPem)
                logger.warning("custom domain \(domain.name): serving a self-signed certificate (selfSignedCertificates is on)")
            }
        }
        builder.selfSigned = selfSigned
        let built = try builder.build()
        for problem in built.problems { logger.warning("\(problem)") }
        box.install(built.table)
        state.withLockedValue { state in
            state = State(stamps: stamps, domains: domainSettings, fetched: fetched, selfSigned: selfSigned)
        }
        if !force { logger.info("TLS certificates reloaded", metadata: ["domains": "\(domainSettings.count)"]) }
        return built.uncovered
    }

    static func stamp(_ path: String) -> FileStamp {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return FileStamp(modified: attributes?[.modificationDate] as? Date, size: (attributes?[.size] as? NSNumber)?.intValue)
    }
}
