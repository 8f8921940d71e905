/// A document that is not well-formed JSON or YAML, with the position of the problem.
struct DocumentSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `JSON` or `YAML`.
    var format: String
    var message: String
    /// 1-based; `nil` when the parser could not tell.
    var line: Int?
    var column: Int?

    var description: String {
        if let line, let column {
            return "invalid \(format) at line \(line), column \(column): \(message)"
        }
        return "invalid \(format): \(message)"
    }
}
