/// Collects the diagnostics of one import. Readers report into it rather than throwing, so that
/// one pass names every problem of a document (swift-openapi-generator's `Diagnostics` style).
final class DiagnosticCollector {
    private(set) var diagnostics: [Diagnostic] = []

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func error(_ path: JSONPath, _ message: String) {
        diagnostics.append(Diagnostic(severity: .error, path: path.description, message: message))
    }

    func warning(_ path: JSONPath, _ message: String) {
        diagnostics.append(Diagnostic(severity: .warning, path: path.description, message: message))
    }

    func info(_ path: JSONPath, _ message: String) {
        diagnostics.append(Diagnostic(severity: .info, path: path.description, message: message))
    }

    /// Reports `expected` when `node` has the wrong type.
    func wrongType(_ node: DocumentNode, expected: String) {
        error(node.path, "expected \(expected), found \(node.value.typeName)")
    }
}
