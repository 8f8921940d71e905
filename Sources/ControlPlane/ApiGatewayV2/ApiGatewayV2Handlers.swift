/// The `apigatewayv2` (HTTP APIs) operations.
enum ApiGatewayV2Handlers {
    static func register(into registry: inout HandlerRegistry) {
    }
}
