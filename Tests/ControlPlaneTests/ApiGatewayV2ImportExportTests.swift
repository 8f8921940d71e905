import ControlPlane
import Foundation
import GatewayModel
import GatewayStore
import Testing

@Suite struct ApiGatewayV2ImportExportTests {
    let client = ApiGatewayV2TestClient()

    static let document = """
        openapi: 3.0.1
        info:
          title: Pets
          version: "2024-01-01"
        servers:
          - url: https://example.com/v1
        paths:
          /pets:
            get:
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: https://backend.example.com/pets
                payloadFormatVersion: "1.0"
          /pets/{id}:
            get:
              parameters:
                - name: id
                  in: path
                  required: true
                  schema:
                    type: string
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:lambda:eu-west-1:123456789012:function:pets
                payloadFormatVersion: "2.0"
        """

    @Test func importApiCreatesANewApiEachTime() async throws {
        let answer = await client.send("PUT", "/v2/apis", ["body": .string(Self.document)])
        #expect(answer.status == 201, "\(answer.text)")
        let apiId = try #require(answer["apiId"]?.stringValue)
        #expect(answer["name"] == "Pets")
        #expect(answer["version"] == "2024-01-01")
        #expect(answer["protocolType"] == "HTTP")
        #expect(answer["routeSelectionExpression"] == "$request.method $request.path")
        #expect(answer["apiEndpoint"]?.stringValue == "https://\(apiId).execute-api.eu-west-1.amazonaws.com")
        let routes = try await client.records(HttpApiCollections.routes, parent: StoreParent(apiId))
        #expect(Set(routes.map(\.routeKey)) == ["GET /pets", "GET /pets/{id}"])
        let integrations = try await client.records(HttpApiCollections.integrations, parent: StoreParent(apiId))
        #expect(Set(integrations.map(\.integrationType)) == ["HTTP_PROXY", "AWS_PROXY"])
        let again = await client.send("PUT", "/v2/apis", ["body": .string(Self.document)])
        #expect(again["apiId"]?.stringValue != apiId)
        let prepended = await client.send("PUT", "/v2/apis", ["body": .string(Self.document)], query: [("basepath", "prepend")])
        let prependedId = try #require(prepended["apiId"]?.stringValue)
        let prependedRoutes = try await client.records(HttpApiCollections.routes, parent: StoreParent(prependedId))
        #expect(Set(prependedRoutes.map(\.routeKey)) == ["GET /v1/pets", "GET /v1/pets/{id}"])
    }

    @Test func importErrors() async {
        #expect(await client.send("PUT", "/v2/apis", [:]).status == 400)
        #expect(await client.send("PUT", "/v2/apis", ["body": "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}"]).status == 400)
        #expect(await client.send("PUT", "/v2/apis", ["body": .string(Self.document)], query: [("basepath", "drop")]).status == 400)
        let warned = """
            openapi: 3.0.1
            info: {title: W, version: '1'}
            x-amazon-apigateway-binary-media-types: ['image/png']
            paths:
              /a:
                get:
                  x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: 'https://b.example', payloadFormatVersion: '1.0'}
            """
        let strict = await client.send("PUT", "/v2/apis", ["body": .string(warned)], query: [("failOnWarnings", "true")])
        #expect(strict.status == 400)
        let lenient = await client.send("PUT", "/v2/apis", ["body": .string(warned)])
        #expect(lenient.status == 201)
        #expect(lenient["warnings"]?.arrayValue?.isEmpty == false)
    }

    @Test func reimportReplacesRoutesAndAutoDeploys() async throws {
        let apiId = await client.createHttpApi("old")
        await client.createRoute(apiId, "DELETE /old")
        await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "$default", "autoDeploy": true])
        let answer = await client.send("PUT", "/v2/apis/\(apiId)", ["body": .string(Self.document)])
        #expect(answer.status == 201)
        #expect(answer["apiId"]?.stringValue == apiId)
        #expect(answer["name"] == "Pets")
        let routes = try await client.records(HttpApiCollections.routes, parent: StoreParent(apiId))
        #expect(Set(routes.map(\.routeKey)) == ["GET /pets", "GET /pets/{id}"])
        let stage = try #require(try await client.records(HttpApiCollections.stages, parent: StoreParent(apiId)).first)
        let deployment = try #require(try await client.store.read { tx in
            try await tx.get(HttpApiCollections.deployments, parent: StoreParent(apiId), id: stage.deploymentId ?? "")
        })
        #expect(deployment.value.snapshot.routes.count == 2)
        #expect(await client.send("PUT", "/v2/apis/nothere", ["body": .string(Self.document)]).status == 404)
    }

    @Test func exportApiAsJsonAndYaml() async throws {
        let apiId = try #require(await client.send("PUT", "/v2/apis", ["body": .string(Self.document)])["apiId"]?.stringValue)
        let json = await client.send("GET", "/v2/apis/\(apiId)/exports/OAS30", query: [("outputType", "JSON")])
        #expect(json.status == 200)
        #expect(json.json["openapi"] == "3.0.1")
        #expect(json.json["paths"]?["/pets"]?["get"]?["x-amazon-apigateway-integration"] != nil)
        let plain = await client.send("GET", "/v2/apis/\(apiId)/exports/OAS30", query: [("outputType", "JSON"), ("includeExtensions", "false")])
        #expect(plain.json["paths"]?["/pets"]?["get"]?["x-amazon-apigateway-integration"] == nil)
        let yaml = await client.send("GET", "/v2/apis/\(apiId)/exports/OAS30", query: [("outputType", "YAML")])
        #expect(yaml.status == 200)
        #expect(yaml.text.contains("openapi:"))
        #expect(await client.send("GET", "/v2/apis/\(apiId)/exports/SWAGGER", query: [("outputType", "JSON")]).status == 400)
        #expect(await client.send("GET", "/v2/apis/\(apiId)/exports/OAS30", query: [("outputType", "XML")]).status == 400)
        #expect(await client.send("GET", "/v2/apis/\(apiId)/exports/OAS30").status == 400)
        // With a stage: what that stage serves.
        await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "prod"])
        #expect(await client.send("GET", "/v2/apis/\(apiId)/exports/OAS30", query: [("outputType", "JSON"), ("stageName", "prod")]).status == 400)
        await client.send("POST", "/v2/apis/\(apiId)/deployments", ["stageName": "prod"])
        await client.createRoute(apiId, "POST /later")
        let staged = await client.send("GET", "/v2/apis/\(apiId)/exports/OAS30", query: [("outputType", "JSON"), ("stageName", "prod")])
        #expect(staged.status == 200)
        #expect(staged.json["paths"]?["/later"] == nil)
        #expect(staged.json["servers"]?.arrayValue?.first?["variables"]?["basePath"]?["default"] == "prod")
    }
}
