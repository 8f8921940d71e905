/// An export that cannot be made, e.g. an HTTP API as Swagger 2.0. The control plane answers it
/// as AWS does, with a `BadRequestException`.
public struct OpenAPIExportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    /// The AWS exception an export failure maps to.
    public var code: String { "BadRequestException" }

    public var description: String { message }
}
