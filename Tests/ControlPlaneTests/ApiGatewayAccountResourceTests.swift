import ControlPlane
import GatewayModel
import GatewayStore
import Testing

/// Models, request validators, authorizers, gateway responses, API keys, usage plans, domain
/// names, tags, import and export.
@Suite struct ApiGatewayAccountResourceTests {
    @Test func modelsLifecycle() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let base = "/restapis/\(id)/models"
        let created = await client.call("POST", base, body: ["name": "Pet", "contentType": "application/json", "schema": #"{"type":"object","title":"Pet"}"#])
        #expect(created.status == 201)
        #expect(await client.call("POST", base, body: ["name": "Pet", "contentType": "application/json", "schema": "{}"]).message
            == "Model schema must have at least 1 property or array items defined")
        #expect(await client.call("POST", base, body: ["name": "Pet", "contentType": "application/json", "schema": #"{"type":"object"}"#]).message
            == "Model name already exists for this REST API")
        #expect(await client.call("GET", "\(base)/Nope").message == "Invalid model name specified: Nope")
        let updated = await client.call("PATCH", "\(base)/Pet", body: ApiGatewayTestClient.patch([("replace", "/description", "pets")]))
        #expect(updated["description"] == "pets")
        #expect(await client.call("PATCH", "\(base)/Pet", body: ApiGatewayTestClient.patch([("replace", "/name", "x")])).message
            == "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]")
        _ = await client.call("PUT", "/restapis/\(id)/resources/\(root)/methods/ANY", body: ["authorizationType": "NONE", "requestModels": ["application/json": "Pet"]])
        #expect(await client.call("DELETE", "\(base)/Pet").message == "Cannot delete model 'Pet', is referenced in method request: //ANY")
        #expect(await client.call("DELETE", "\(base)/Error").status == 202)
    }

    @Test func requestValidatorsAndAuthorizers() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        #expect(await client.call("POST", "/restapis/nope/requestvalidators", body: ["name": "v"]).message == "Invalid REST API identifier specified")
        let validator = await client.call("POST", "/restapis/\(id)/requestvalidators", body: ["name": "v"])
        #expect(validator["validateRequestBody"] == false)
        let validatorId = try #require(validator["id"]?.stringValue)
        let patched = await client.call("PATCH", "/restapis/\(id)/requestvalidators/\(validatorId)", body: ApiGatewayTestClient.patch([("replace", "/validateRequestBody", "true")]))
        #expect(patched["validateRequestBody"] == true)
        #expect(await client.call("PATCH", "/restapis/\(id)/requestvalidators/\(validatorId)", body: ApiGatewayTestClient.patch([("replace", "/name", "")])).message
            == "Request Validator name cannot be blank")

        #expect(await client.call("POST", "/restapis/nope/authorizers", body: ["name": "a", "type": "TOKEN", "authorizerUri": "arn:x"]).status == 409)
        let authorizer = await client.call(
            "POST", "/restapis/\(id)/authorizers",
            body: ["name": "a", "type": "TOKEN", "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations", "identitySource": "method.request.header.Authorization"])
        #expect(authorizer.status == 201, "\(authorizer.text)")
        #expect(authorizer["authorizerResultTtlInSeconds"] == 300)
        let authorizerId = try #require(authorizer["id"]?.stringValue)
        let method = await client.call(
            "PUT", "/restapis/\(id)/resources/\(root)/methods/GET",
            body: ["authorizationType": "CUSTOM", "authorizerId": .string(authorizerId), "requestValidatorId": .string(validatorId)])
        #expect(method.status == 201, "\(method.text)")
        #expect(await client.call("DELETE", "/restapis/\(id)/authorizers/\(authorizerId)").status == 409)
        let ttl = await client.call("PATCH", "/restapis/\(id)/authorizers/\(authorizerId)", body: ApiGatewayTestClient.patch([("replace", "/authorizerResultTtlInSeconds", "60")]))
        #expect(ttl["authorizerResultTtlInSeconds"] == 60)
        #expect(await client.call("GET", "/restapis/\(id)/authorizers/nope").message == "Invalid Authorizer identifier specified")
        #expect(await client.call("GET", "/restapis/\(id)/authorizers")["item"]?.arrayValue?.count == 1)
    }

    @Test func gatewayResponses() async throws {
        let client = ApiGatewayTestClient()
        let (id, _) = try await client.createApi()
        let base = "/restapis/\(id)/gatewayresponses"
        let defaults = await client.call("GET", "\(base)/MISSING_AUTHENTICATION_TOKEN")
        #expect(defaults["defaultResponse"] == true)
        #expect(defaults["statusCode"] == "403")
        let put = await client.call("PUT", "\(base)/DEFAULT_5XX", body: ["statusCode": "599"])
        #expect(put.status == 201)
        #expect(put["defaultResponse"] == false)
        let all = await client.call("GET", base)
        let items = try #require(all["item"]?.arrayValue)
        #expect(items.count == 21)
        #expect(items.first { $0["responseType"] == "INTEGRATION_FAILURE" }?["statusCode"] == "599")
        #expect(items.first { $0["responseType"] == "THROTTLED" }?["statusCode"] == "429")
        #expect(await client.call("GET", "\(base)/FAKE").errorType == "ValidationException")
        let updated = await client.call("PATCH", "\(base)/DEFAULT_4XX", body: ApiGatewayTestClient.patch([("replace", "/statusCode", "444")]))
        #expect(updated["statusCode"] == "444")
        #expect(await client.call("PATCH", "\(base)/DEFAULT_4XX", body: ApiGatewayTestClient.patch([("add", "/statusCode", "444")])).message == "Invalid patch path /statusCode")
        #expect(await client.call("DELETE", "\(base)/THROTTLED").message == "Gateway response type not defined on api")
        #expect(await client.call("DELETE", "\(base)/DEFAULT_5XX").status == 202)
    }

    @Test func apiKeysAreSecretAndFilterable() async throws {
        let client = ApiGatewayTestClient()
        let created = await client.call("POST", "/apikeys", body: ["name": "alpha", "enabled": true, "customerId": "c1"])
        #expect(created.status == 201)
        let value = try #require(created["value"]?.stringValue)
        #expect(value.count == 40)
        let keyId = try #require(created["id"]?.stringValue)
        #expect(await client.call("POST", "/apikeys", body: ["name": "short", "value": "abc"]).message == "API Key value should be at least 20 characters")
        #expect(await client.call("POST", "/apikeys", body: ["name": "dup", "value": .string(value)]).status == 409)
        _ = await client.call("POST", "/apikeys", body: ["name": "beta"])

        #expect(await client.call("GET", "/apikeys/\(keyId)")["value"] == nil)
        #expect(await client.call("GET", "/apikeys/\(keyId)", query: [("includeValue", "true")])["value"] == .string(value))
        let byName = await client.call("GET", "/apikeys", query: [("name", "al"), ("includeValues", "true")])
        #expect(byName["item"]?.arrayValue?.count == 1)
        #expect(byName["item"]?.arrayValue?.first?["value"] == .string(value))
        #expect(await client.call("GET", "/apikeys", query: [("customerId", "c1")])["item"]?.arrayValue?.count == 1)
        let disabled = await client.call("PATCH", "/apikeys/\(keyId)", body: ApiGatewayTestClient.patch([("replace", "/enabled", "false")]))
        #expect(disabled["enabled"] == false)

        let stored = try await client.store.read { tx in try await tx.get(RestApiCollections.apiKeys, id: keyId) }
        #expect(RestApiCollections.apiKeys.isSecret)
        #expect(stored?.value.value == value)

        let imported = await client.call(
            "POST", "/apikeys", query: [("mode", "import"), ("format", "csv")],
            raw: "Name,Key,Description,Enabled\nimported,abcdefghijklmnopqrstuvwxyz,desc,true\nbad,short,,false\n")
        #expect(imported.status == 201, "\(imported.text)")
        #expect(imported["ids"]?.arrayValue?.count == 1)
        #expect(imported["warnings"]?.arrayValue?.count == 1)
        #expect(await client.call("DELETE", "/apikeys/\(keyId)").status == 202)
        #expect(await client.call("GET", "/apikeys/\(keyId)").message == "Invalid API Key identifier specified")
    }

    @Test func usagePlansKeysAndUsage() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        await client.addMockMethod(id, root)
        _ = await client.call("POST", "/restapis/\(id)/deployments", body: ["stageName": "prod"])
        let plan = await client.call(
            "POST", "/usageplans",
            body: ["name": "gold", "apiStages": [["apiId": .string(id), "stage": "prod"]], "quota": ["limit": 100, "period": "DAY"], "throttle": ["rateLimit": 10, "burstLimit": 20]])
        #expect(plan.status == 201, "\(plan.text)")
        #expect(plan["quota"]?["offset"] == 0)
        let planId = try #require(plan["id"]?.stringValue)
        #expect(await client.call("POST", "/usageplans", body: ["name": "bad", "apiStages": [["apiId": .string(id), "stage": "nope"]]]).status == 404)

        let key = await client.call("POST", "/apikeys", body: ["name": "k", "enabled": true])
        let keyId = try #require(key["id"]?.stringValue)
        let planKey = await client.call("POST", "/usageplans/\(planId)/keys", body: ["keyId": .string(keyId), "keyType": "API_KEY"])
        #expect(planKey.status == 201)
        #expect(planKey["value"] == key["value"])
        #expect(await client.call("GET", "/usageplans/\(planId)/keys")["item"]?.arrayValue?.count == 1)
        #expect(await client.call("GET", "/usageplans", query: [("keyId", keyId)])["item"]?.arrayValue?.count == 1)

        let updatedUsage = await client.call("PATCH", "/usageplans/\(planId)/keys/\(keyId)/usage", body: ApiGatewayTestClient.patch([("replace", "/remaining", "40")]))
        #expect(updatedUsage.status == 200, "\(updatedUsage.text)")
        let today = try #require(updatedUsage["startDate"]?.stringValue)
        let usage = await client.call("GET", "/usageplans/\(planId)/usage", query: [("startDate", today), ("endDate", today)])
        #expect(usage["values"]?[keyId] == [[60, 40]])

        let patched = await client.call(
            "PATCH", "/usageplans/\(planId)",
            body: ApiGatewayTestClient.patch([("replace", "/throttle/rateLimit", "5.5"), ("replace", "/quota/limit", "200"), ("remove", "/apiStages", "\(id):prod")]))
        #expect(patched.status == 200, "\(patched.text)")
        #expect(patched["throttle"]?["rateLimit"] == 5.5)
        #expect(patched["apiStages"] == [])
        #expect(await client.call("DELETE", "/usageplans/\(planId)/keys/\(keyId)").status == 202)
        #expect(await client.call("DELETE", "/usageplans/\(planId)").status == 202)
        #expect(await client.call("GET", "/usageplans/\(planId)").message == "Invalid Usage Plan ID specified")
    }

    @Test func domainNamesAndBasePathMappings() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        await client.addMockMethod(id, root)
        _ = await client.call("POST", "/restapis/\(id)/deployments", body: ["stageName": "prod"])
        let domain = await client.call("POST", "/domainnames", body: ["domainName": "api.example.com", "endpointConfiguration": ["types": ["REGIONAL"]]])
        #expect(domain.status == 201)
        #expect(domain["domainNameStatus"] == "AVAILABLE")
        #expect(domain["regionalDomainName"]?.stringValue?.hasPrefix("d-") == true)
        #expect(await client.call("POST", "/domainnames", body: ["domainName": "api.example.com"]).status == 409)
        let base = "/domainnames/api.example.com/basepathmappings"
        let mapping = await client.call("POST", base, body: ["restApiId": .string(id), "stage": "prod"])
        #expect(mapping["basePath"] == "(none)")
        #expect(await client.call("POST", base, body: ["restApiId": .string(id), "basePath": "a/b"]).status == 400)
        #expect(await client.call("POST", base, body: ["restApiId": "nope", "basePath": "v1"]).message == "Invalid REST API identifier specified")
        let v1 = await client.call("POST", base, body: ["restApiId": .string(id), "basePath": "v1", "stage": "prod"])
        #expect(v1.status == 201)
        let moved = await client.call("PATCH", "\(base)/v1", body: ApiGatewayTestClient.patch([("replace", "/basePath", "v2")]))
        #expect(moved["basePath"] == "v2")
        #expect(await client.call("GET", base)["item"]?.arrayValue?.count == 2)
        #expect(await client.call("GET", "\(base)/v1").message == "Invalid base path mapping identifier specified")
        #expect(await client.call("DELETE", "/domainnames/api.example.com").status == 202)
        let left = try await client.store.read { tx in try await tx.listDescendants(of: RestApiCollections.domainNameParent("api.example.com")) }
        #expect(left.isEmpty)
    }

    @Test func tagsByArn() async throws {
        let client = ApiGatewayTestClient()
        let (id, _) = try await client.createApi()
        let arn = "arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2F\(id)"
        #expect(await client.call("PUT", "/tags/\(arn)", body: ["tags": ["a": "1", "b": "2"]]).status == 204)
        #expect(await client.call("GET", "/tags/\(arn)")["tags"] == ["a": "1", "b": "2"])
        #expect(await client.call("DELETE", "/tags/\(arn)", query: [("tagKeys", "a")]).status == 204)
        #expect(await client.call("GET", "/restapis/\(id)")["tags"] == ["b": "2"])
        #expect(await client.call("GET", "/tags/arn%3Aaws%3As3%3A%3A%3Ab").status == 400)
    }

    @Test func importPutAndExport() async throws {
        let client = ApiGatewayTestClient()
        let document = """
            {"openapi":"3.0.1","info":{"title":"Imported","version":"1"},"paths":{"/pets":{"get":{"x-amazon-apigateway-integration":{"type":"mock","requestTemplates":{"application/json":"{\\"statusCode\\": 200}"},"responses":{"default":{"statusCode":"200"}}}}}}}
            """
        let imported = await client.call("POST", "/restapis", query: [("mode", "import")], raw: document)
        #expect(imported.status == 201, "\(imported.text)")
        let id = try #require(imported["id"]?.stringValue)
        #expect(imported["name"] == "Imported")
        let resources = await client.call("GET", "/restapis/\(id)/resources")
        #expect(resources["item"]?.arrayValue?.compactMap { $0["path"]?.stringValue }.sorted() == ["/", "/pets"])
        #expect(await client.call("GET", "/restapis/\(id)/models")["item"]?.arrayValue?.count == 2)

        let merged = """
            {"openapi":"3.0.1","info":{"title":"Imported","version":"2"},"paths":{"/owners":{"get":{"x-amazon-apigateway-integration":{"type":"mock"}}}}}
            """
        #expect(await client.call("PUT", "/restapis/\(id)", query: [("mode", "merge")], raw: merged).status == 200)
        let afterMerge = await client.call("GET", "/restapis/\(id)/resources")
        #expect(afterMerge["item"]?.arrayValue?.compactMap { $0["path"]?.stringValue }.sorted() == ["/", "/owners", "/pets"])
        #expect(await client.call("PUT", "/restapis/\(id)", query: [("mode", "overwrite")], raw: merged).status == 200)
        let afterOverwrite = await client.call("GET", "/restapis/\(id)/resources")
        #expect(afterOverwrite["item"]?.arrayValue?.compactMap { $0["path"]?.stringValue }.sorted() == ["/", "/owners"])
        #expect(await client.call("POST", "/restapis", query: [("mode", "import")], raw: "not a document").status == 400)

        _ = await client.call("POST", "/restapis/\(id)/deployments", body: ["stageName": "prod"])
        let exported = await client.call("GET", "/restapis/\(id)/stages/prod/exports/oas30", query: [("extensions", "integrations")], headers: [("Accept", "application/json")])
        #expect(exported.status == 200)
        #expect(exported["openapi"]?.stringValue?.hasPrefix("3.0") == true)
        #expect(exported["paths"]?["/owners"]?["get"]?["x-amazon-apigateway-integration"] != nil)
        let yaml = await client.call("GET", "/restapis/\(id)/stages/prod/exports/swagger", headers: [("Accept", "application/yaml")])
        #expect(yaml.text.contains("swagger:"))
        #expect(yaml.headers.contains { $0.0 == "Content-Type" && $0.1 == "application/yaml" })
    }
}
