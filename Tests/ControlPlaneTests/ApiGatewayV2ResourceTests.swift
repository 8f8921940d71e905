import ControlPlane
import Foundation
import GatewayStore
import JSON
import Testing

/// Models, authorizers, custom domain names, API mappings and tags.
@Suite struct ApiGatewayV2ResourceTests {
    let client = ApiGatewayV2TestClient()

    @Test func modelsCrud() async throws {
        let apiId = await client.createHttpApi()
        let base = "/v2/apis/\(apiId)/models"
        let created = await client.send(
            "POST", base, ["name": "Pet", "contentType": "application/json", "schema": "{\"type\": \"object\"}"])
        #expect(created.status == 201)
        let id = try #require(created["modelId"]?.stringValue)
        #expect(await client.send("POST", base, ["name": "Pet", "schema": "{}"]).status == 409)
        #expect(await client.send("POST", base, ["name": "Pet-2", "schema": "{}"]).status == 400)
        #expect(await client.send("POST", base, ["name": "Cat", "schema": "not json"]).status == 400)
        #expect(await client.send("POST", base, ["name": "Cat"]).status == 400)
        let updated = await client.send("PATCH", "\(base)/\(id)", ["description": "a pet"])
        #expect(updated["description"] == "a pet")
        #expect(updated["schema"] == "{\"type\": \"object\"}")
        #expect(await client.send("GET", base)["items"]?.arrayValue?.count == 1)
        #expect(await client.send("DELETE", "\(base)/\(id)").status == 204)
        let missing = await client.send("GET", "\(base)/\(id)")
        #expect(missing.status == 404)
        #expect(missing.message == "Invalid Model identifier specified \(id)")
    }

    @Test func authorizersCrud() async throws {
        let apiId = await client.createHttpApi()
        let base = "/v2/apis/\(apiId)/authorizers"
        let jwt = await client.send(
            "POST", base,
            ["name": "cognito", "authorizerType": "JWT", "identitySource": ["$request.header.Authorization"],
             "jwtConfiguration": ["issuer": "https://cognito-idp.eu-west-1.amazonaws.com/pool", "audience": ["client"]]])
        #expect(jwt.status == 201)
        #expect(jwt["authorizerId"]?.stringValue?.count == 6)
        let lambda = await client.send(
            "POST", base,
            ["name": "lambda", "authorizerType": "REQUEST", "authorizerPayloadFormatVersion": "2.0", "enableSimpleResponses": true,
             "authorizerUri": "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:1:function:auth/invocations",
             "identitySource": ["$request.header.Authorization"], "authorizerResultTtlInSeconds": 300])
        #expect(lambda.status == 201, "\(lambda.text)")
        let invalid: [JSONValue] = [
            ["name": "x", "authorizerType": "TOKEN", "identitySource": ["$request.header.A"]],
            ["name": "x", "authorizerType": "JWT", "identitySource": ["$request.header.A"], "jwtConfiguration": ["audience": ["a"]]],
            ["name": "x", "authorizerType": "JWT", "identitySource": ["$request.header.A"], "jwtConfiguration": ["issuer": "https://i"]],
            ["name": "x", "authorizerType": "REQUEST", "authorizerPayloadFormatVersion": "2.0"],
            ["name": "x", "authorizerType": "REQUEST", "authorizerUri": "arn:x"],
            ["name": "x", "authorizerType": "REQUEST", "authorizerUri": "arn:x", "authorizerPayloadFormatVersion": "1.0", "enableSimpleResponses": true],
            ["name": "x", "authorizerType": "REQUEST", "authorizerUri": "arn:x", "authorizerPayloadFormatVersion": "2.0", "authorizerResultTtlInSeconds": 3601],
            ["authorizerType": "JWT"],
        ]
        for body in invalid {
            #expect(await client.send("POST", base, body).status == 400, "\(body)")
        }
        let id = try #require(jwt["authorizerId"]?.stringValue)
        let updated = await client.send("PATCH", "\(base)/\(id)", ["jwtConfiguration": ["issuer": "https://other", "audience": ["a", "b"]]])
        #expect(updated["jwtConfiguration"]?["audience"] == ["a", "b"])
        let (items, _) = await client.listAll(base, pageSize: 1)
        #expect(items.count == 2)
        #expect(await client.send("DELETE", "\(base)/\(id)").status == 204)
        #expect(await client.send("GET", "\(base)/\(id)").message == "Invalid Authorizer identifier specified \(id)")
    }

    @Test func authorizersGoIntoTheSnapshot() async throws {
        let apiId = await client.createHttpApi()
        let id = await client.send(
            "POST", "/v2/apis/\(apiId)/authorizers",
            ["name": "jwt", "authorizerType": "JWT", "identitySource": ["$request.header.Authorization"],
             "jwtConfiguration": ["issuer": "https://i.example", "audience": ["a"]]])["authorizerId"]?.stringValue ?? ""
        await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": "GET /a", "authorizationType": "JWT", "authorizerId": .string(id)])
        await client.send("POST", "/v2/apis/\(apiId)/deployments", [:])
        let deployment = try #require(try await client.records(HttpApiCollections.deployments, parent: StoreParent(apiId)).first)
        #expect(deployment.snapshot.authorizers?.map(\.authorizerId) == [id])
    }

    @Test func domainNamesCrud() async throws {
        let created = await client.send(
            "POST", "/v2/domainnames",
            ["domainName": "api.example.com", "domainNameConfigurations": [["certificateArn": "arn:aws:acm:eu-west-1:1:certificate/c"]],
             "tags": ["team": "a"]])
        #expect(created.status == 201)
        #expect(created["apiMappingSelectionExpression"] == "$request.basepath")
        #expect(created["domainNameArn"] == "arn:aws:apigateway:eu-west-1::/domainnames/api.example.com")
        let configuration = try #require(created["domainNameConfigurations"]?.arrayValue?.first)
        #expect(configuration["endpointType"] == "REGIONAL")
        #expect(configuration["securityPolicy"] == "TLS_1_2")
        #expect(configuration["domainNameStatus"] == "AVAILABLE")
        #expect(configuration["hostedZoneId"] == "ZLY8HYME6SFDD")
        let target = try #require(configuration["apiGatewayDomainName"]?.stringValue)
        #expect(target.hasPrefix("d-") && target.hasSuffix(".execute-api.eu-west-1.amazonaws.com"))
        let duplicate = await client.send("POST", "/v2/domainnames", ["domainName": "api.example.com"])
        #expect(duplicate.status == 409)
        #expect(duplicate.message == "The domain name resource already exists.")
        let updated = await client.send(
            "PATCH", "/v2/domainnames/api.example.com", ["domainNameConfigurations": [["securityPolicy": "TLS_1_0"]]])
        #expect(updated["domainNameConfigurations"]?.arrayValue?.first?["securityPolicy"] == "TLS_1_0")
        #expect(updated["domainNameConfigurations"]?.arrayValue?.first?["apiGatewayDomainName"]?.stringValue == target)
        await client.send("POST", "/v2/domainnames", ["domainName": "b.example.com"])
        let (items, pages) = await client.listAll("/v2/domainnames", pageSize: 1)
        #expect(items.count == 2)
        #expect(pages == 2)
        #expect(await client.send("DELETE", "/v2/domainnames/b.example.com").status == 204)
        let missing = await client.send("GET", "/v2/domainnames/b.example.com")
        #expect(missing.status == 404)
        #expect(missing.message == "The domain name resource specified in the request was not found.")
    }

    @Test func apiMappingsWithMultiLevelKeys() async throws {
        let apiId = await client.createHttpApi()
        await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "prod"])
        await client.send("POST", "/v2/domainnames", ["domainName": "api.example.com"])
        let base = "/v2/domainnames/api.example.com/apimappings"
        let created = await client.send("POST", base, ["apiId": .string(apiId), "stage": "prod", "apiMappingKey": "v1/orders"])
        #expect(created.status == 201)
        let id = try #require(created["apiMappingId"]?.stringValue)
        #expect(created["apiMappingKey"] == "v1/orders")
        let root = await client.send("POST", base, ["apiId": .string(apiId), "stage": "prod"])
        #expect(root.status == 201)
        #expect(root["apiMappingKey"] == "")
        #expect(await client.send("POST", base, ["apiId": .string(apiId), "stage": "prod", "apiMappingKey": "v1/orders"]).status == 409)
        for key in ["/v1", "v1/", "v1//orders", "v 1"] {
            #expect(await client.send("POST", base, ["apiId": .string(apiId), "stage": "prod", "apiMappingKey": .string(key)]).status == 400, "\(key)")
        }
        let unknownApi = await client.send("POST", base, ["apiId": "nothere", "stage": "prod", "apiMappingKey": "x"])
        #expect(unknownApi.message == "Invalid API identifier specified 123456789012:nothere")
        #expect(await client.send("POST", base, ["apiId": .string(apiId), "stage": "dev", "apiMappingKey": "x"]).status == 404)
        #expect(await client.send("POST", "/v2/domainnames/none.example/apimappings", ["apiId": .string(apiId), "stage": "prod"]).status == 404)
        let updated = await client.send("PATCH", "\(base)/\(id)", ["apiId": .string(apiId), "apiMappingKey": "v2/orders"])
        #expect(updated["apiMappingKey"] == "v2/orders")
        #expect(await client.send("GET", "\(base)/\(id)")["stage"] == "prod")
        #expect(await client.send("GET", base)["items"]?.arrayValue?.count == 2)
        #expect(await client.send("DELETE", "\(base)/\(id)").status == 204)
        #expect(await client.send("GET", "\(base)/\(id)").message == "The api mapping resource specified in the request was not found.")
        // Deleting the API deletes the mappings that name it.
        await client.send("DELETE", "/v2/apis/\(apiId)")
        #expect(await client.send("GET", base)["items"]?.arrayValue?.isEmpty == true)
    }

    @Test func tagsOnApisStagesAndDomains() async throws {
        let apiId = await client.createHttpApi("pets", [("tags", ["team": "a"])])
        await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "prod"])
        await client.send("POST", "/v2/domainnames", ["domainName": "api.example.com"])
        let arns = [
            "arn:aws:apigateway:eu-west-1::/apis/\(apiId)", "arn:aws:apigateway:eu-west-1::/apis/\(apiId)/stages/prod",
            "arn:aws:apigateway:eu-west-1::/domainnames/api.example.com",
        ]
        for arn in arns {
            let path = "/v2/tags/" + arn.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let tagged = await client.send("POST", path, ["tags": ["env": "prod", "owner": "me"]])
            #expect(tagged.status == 201)
            #expect(await client.send("GET", path)["tags"]?["env"] == "prod")
            let untagged = await client.send("DELETE", path, query: [("tagKeys", "env"), ("tagKeys", "team")])
            #expect(untagged.status == 204)
            #expect(await client.send("GET", path)["tags"] == ["owner": "me"])
        }
        let unknown = "/v2/tags/" + "arn:aws:apigateway:eu-west-1::/apis/nothere".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(await client.send("GET", unknown).status == 404)
        let malformed = "/v2/tags/" + "not-an-arn".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(await client.send("GET", malformed).status == 400)
        let reserved = await client.send("POST", "/v2/tags/" + arns[0].addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, ["tags": ["aws:x": "1"]])
        #expect(reserved.status == 400)
    }
}
