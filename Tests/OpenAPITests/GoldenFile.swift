import Foundation
import GatewayModel
import OpenAPI
import Testing

/// Golden files: an input document under `Fixtures/` (or `examples/`), imported and compared with
/// `NAME.expected.json`, the import encoded as pretty JSON with sorted keys. `UPDATE_GOLDEN=1`
/// rewrites the expected files (in the source tree) instead of comparing.
enum GoldenFile {
    /// What a golden file holds: the model, the diagnostics and the document's base path.
    struct Snapshot: Encodable {
        var apiType: ApiType
        var restApi: RestApiSnapshot?
        var httpApi: ApiGatewayV2.ApiSnapshot?
        var diagnostics: [Diagnostic]
        var documentBasePath: String?

        init(_ result: OpenAPIImport) {
            switch result.definition {
            case .rest(let snapshot):
                apiType = .rest
                restApi = snapshot
            case .http(let snapshot):
                apiType = .http
                httpApi = snapshot
            }
            diagnostics = result.diagnostics
            documentBasePath = result.documentBasePath
        }
    }

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// `Tests/OpenAPITests/Fixtures` in the source tree (symbolic links resolved, so that a
    /// development package linking to the folder writes into the real one).
    static var sourceFixtures: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The repository's `examples/` folder.
    static var examples: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
    }

    /// The bundled copy of `Fixtures/`.
    static var bundledFixtures: URL {
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures") ?? sourceFixtures
    }

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: bundledFixtures.appendingPathComponent(name))
    }

    static func example(_ name: String) throws -> Data {
        try Data(contentsOf: examples.appendingPathComponent(name))
    }

    static func encode(_ result: OpenAPIImport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Snapshot(result)), as: UTF8.self) + "\n"
    }

    /// Compares `result` with the golden file `expectedName`, or rewrites it when updating.
    static func check(_ result: OpenAPIImport, against expectedName: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = try encode(result)
        if updating {
            try actual.write(to: sourceFixtures.appendingPathComponent(expectedName), atomically: true, encoding: .utf8)
            return
        }
        let expectedURL = bundledFixtures.appendingPathComponent(expectedName)
        guard let expected = try? String(contentsOf: expectedURL, encoding: .utf8) else {
            Issue.record("missing golden file \(expectedName); run with UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = Array(zip(actualLines, expectedLines)).firstIndex { $0.0 != $0.1 } ?? min(actualLines.count, expectedLines.count)
            let actualLine = first < actualLines.count ? String(actualLines[first]) : "<end>"
            let expectedLine = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
            Issue.record(
                "\(expectedName) differs at line \(first + 1):\n  expected: \(expectedLine)\n  actual:   \(actualLine)\n(UPDATE_GOLDEN=1 rewrites it; review the change)",
                sourceLocation: sourceLocation)
        }
    }
}
