public import DataPlane
import GatewayModel
import OpenAPI
import Foundation

/// Turns OpenAPI files into the APIs and stages `portcullis serve` deploys.
public struct ServedApiLoader: Sendable {
    /// A loaded file: what is served, the importer's warnings, and one line per file saying which
    /// kind of API it is served as and why (`notes`, with the importer's `info` notes).
    public struct Loaded: Sendable {
        public var served: [ServedApi]
        public var warnings: [String]
        public var notes: [String] = []
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let configuration: GatewayConfiguration

    public init(configuration: GatewayConfiguration) {
        self.configuration = configuration
    }

    /// Imports every file (the same file always gives the same API ids) and deploys it to the
    /// configured stage: `dev` for REST APIs and `$default` for HTTP APIs unless `stage` says
    /// otherwise.
    public func load(files: [String]) throws(Failure) -> Loaded {
        var served: [ServedApi] = []
        var warnings: [String] = []
        var notes: [String] = []
        var seen: Set<String> = []
        for file in files {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw Failure(description: "\(file): cannot be read (\(error.localizedDescription))")
            }
            let result: OpenAPIImport
            do {
                let variables = AWSImportVariables(accountId: configuration.accountId, region: configuration.region)
                result = try OpenAPIImporter(options: .init(apiType: configuration.apiType, variables: variables))
                    .importDocument(data, sourceName: file)
            } catch {
                throw Failure(description: error.description)
            }
            notes.append("\(file): served as a \(result.apiTypeReason)")
            warnings += result.diagnostics.filter { $0.severity != .info }.map { "\(file): \($0)" }
            warnings += result.operationsWithoutIntegration.map { "\(file): \($0)" }
            notes += result.diagnostics.filter { $0.severity == .info }.map { "\(file): \($0)" }
            let definition = result.definition
            guard seen.insert(definition.apiId).inserted else {
                throw Failure(description: "\(file): API \(definition.apiId) (\(definition.name)) is served twice")
            }
            served.append(ServedApi(definition: definition, stages: [stage(for: definition)]))
        }
        return Loaded(served: served, warnings: warnings, notes: notes)
    }

    func stage(for definition: ApiDefinition) -> StageSpecification {
        let name: String
        switch definition {
        case .rest: name = configuration.stage ?? "dev"
        case .http: name = configuration.stage ?? ApiGatewayV2.Stage.defaultStageName
        }
        return StageSpecification(
            name: name, deploymentId: ResourceIdentifier.stable(from: "\(definition.apiId)/\(name)"),
            variables: configuration.stageVariables)
    }
}
