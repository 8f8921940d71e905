/// The `apigateway` (REST APIs, v1) operations.
enum ApiGatewayHandlers {
    static func register(into registry: inout HandlerRegistry) {
    }
}
