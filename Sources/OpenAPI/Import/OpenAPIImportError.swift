/// An import that failed: the document has errors, or warnings while `failOnWarnings` is set.
///
/// Carries every diagnostic found (errors first), so a caller can show all problems at once.
/// The control plane answers it as AWS does, with a `BadRequestException` whose message is
/// ``description``.
public struct OpenAPIImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The diagnostics that made the import fail, followed by any others found.
    public var diagnostics: [Diagnostic]
    /// The name of the document (a file name or `-`), used in ``description``.
    public var sourceName: String

    public init(diagnostics: [Diagnostic], sourceName: String = "") {
        self.diagnostics = diagnostics
        self.sourceName = sourceName
    }

    /// The AWS exception an import failure maps to.
    public var code: String { "BadRequestException" }

    /// `true` when the import failed only because of warnings (`failOnWarnings`).
    public var failedOnWarnings: Bool { !diagnostics.contains { $0.severity == .error } }

    /// AWS-style: `Errors found during import:` then one line per diagnostic.
    public var description: String {
        let heading = failedOnWarnings ? "Warnings found during import" : "Errors found during import"
        let source = sourceName.isEmpty ? "" : " of \(sourceName)"
        let lines = diagnostics.filter { $0.severity != .info }.map { "\t\($0)" }
        return ([heading + source + ":"] + lines).joined(separator: "\n")
    }
}
