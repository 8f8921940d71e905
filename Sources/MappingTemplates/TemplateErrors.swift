/// Why a template could not be compiled, with the line and column (1-based) where it went wrong.
///
/// API Gateway accepts any template text when it is stored and fails the request that renders it;
/// Portcullis finds the problem once, when the deployment is compiled, and reports it there.
public struct TemplateSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int

    init(_ message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Why a render stopped. Each is a request the gateway answers with a 500, as AWS does when its
/// engine throws; the description is for the log, never for the client.
public struct TemplateRenderError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A `#foreach` went past AWS's 1,000 iterations.
        public static let loopLimit = Code("loopLimit")
        /// The render used up its work budget (``TemplateLimits/maxSteps``).
        public static let workLimit = Code("workLimit")
        /// The output, or a string built on the way, went past ``TemplateLimits/maxOutputBytes``.
        public static let outputLimit = Code("outputLimit")
        /// `#define` blocks referencing each other deeper than ``TemplateLimits/maxDepth``.
        public static let depthLimit = Code("depthLimit")
        /// A Java method threw: an index out of range, a bad regular expression, invalid JSON for
        /// `$util.parseJson`, invalid base64 or URL encoding.
        public static let methodFailed = Code("methodFailed")
        /// A template set the same `$context.requestOverride`/`responseOverride` entry twice.
        public static let overrideSetTwice = Code("overrideSetTwice")
    }

    public let code: Code
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func overrideSetTwice(_ name: String) -> TemplateRenderError {
        TemplateRenderError(.overrideSetTwice, "the override '\(name)' is set twice (AWS answers 5XX)")
    }

    static func method(_ message: String) -> TemplateRenderError {
        TemplateRenderError(.methodFailed, message)
    }
}
