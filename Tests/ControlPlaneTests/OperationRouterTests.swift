import ControlPlane
import Testing

@Suite struct OperationRouterTests {
    let router = OperationRouter(operations: OperationDescriptor.apigateway + OperationDescriptor.apigatewayv2)

    @Test func botocoreTablesAreComplete() {
        #expect(OperationDescriptor.apigateway.count == 124)
        #expect(OperationDescriptor.apigatewayv2.count == 103)
        #expect(Set(OperationDescriptor.apigateway.map(\.name)).count == 124)
    }

    @Test(arguments: [
        ("GET", "/restapis", [(String, String)](), "GetRestApis", [String: String]()),
        ("POST", "/restapis", [], "CreateRestApi", [:]),
        ("POST", "/restapis", [("mode", "import")], "ImportRestApi", [:]),
        ("PUT", "/restapis/abc", [], "PutRestApi", ["restapi_id": "abc"]),
        ("GET", "/restapis/abc/resources/r1/methods/GET", [], "GetMethod", ["restapi_id": "abc", "resource_id": "r1", "http_method": "GET"]),
        ("GET", "/restapis/abc/resources/r1/methods/GET/responses/200", [], "GetMethodResponse", ["restapi_id": "abc", "resource_id": "r1", "http_method": "GET", "status_code": "200"]),
        ("PATCH", "/restapis/abc/stages/prod", [], "UpdateStage", ["restapi_id": "abc", "stage_name": "prod"]),
        ("GET", "/v2/apis/a1/routes/r1", [], "GetRoute", ["apiId": "a1", "routeId": "r1"]),
        ("DELETE", "/v2/apis/a1/stages/%24default", [], "DeleteStage", ["apiId": "a1", "stageName": "$default"]),
        ("GET", "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc", [], "GetTags", ["resource_arn": "arn:aws:apigateway:us-east-1::/restapis/abc"]),
    ])
    func routes(method: String, path: String, query: [(String, String)], operation: String, parameters: [String: String]) throws {
        let match = try #require(router.match(method: method, path: path, query: query))
        #expect(match.operation.name == operation)
        #expect(match.pathParameters == parameters)
    }

    @Test func unknownPathsDoNotMatch() {
        #expect(router.match(method: "GET", path: "/nothing/here", query: []) == nil)
        #expect(router.match(method: "TRACE", path: "/restapis", query: []) == nil)
    }
}
