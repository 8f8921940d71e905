/// The `apigatewayv2` resources (HTTP APIs). They live in this namespace because several names
/// (`Integration`, `Stage`, `Deployment`) are shared with the REST API model; inside it the AWS
/// names are used verbatim.
public enum ApiGatewayV2 {}
