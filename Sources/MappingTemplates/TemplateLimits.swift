/// The bounds of one render. A template comes from the API's owner, but its input comes from any
/// client, so every render ends in bounded time and memory whatever the two do together.
public struct TemplateLimits: Sendable, Hashable {
    /// Iterations of one `#foreach`. Default 1,000: AWS's quota ("Number of iterations in a
    /// #foreach ... #end loop in mapping templates", not adjustable).
    public var maxLoopIterations: Int
    /// Bytes of output, and of any string a render builds. Default 10 MB, API Gateway's payload
    /// quota: nothing larger could be sent on.
    public var maxOutputBytes: Int
    /// Units of work: one per node rendered, expression evaluated, loop iteration and method call,
    /// plus one per 256 bytes a string method reads or builds. Default 2,000,000, a few hundred
    /// milliseconds at most on a slow core; typical templates take a few hundred.
    public var maxSteps: Int
    /// Nesting of `#define` references during a render and of directives, expressions and
    /// string literals when parsing. Default 64.
    public var maxDepth: Int

    public init(maxLoopIterations: Int = 1_000, maxOutputBytes: Int = 10 * 1024 * 1024, maxSteps: Int = 2_000_000, maxDepth: Int = 64) {
        self.maxLoopIterations = maxLoopIterations
        self.maxOutputBytes = maxOutputBytes
        self.maxSteps = maxSteps
        self.maxDepth = maxDepth
    }

    public static let aws = TemplateLimits()
}
