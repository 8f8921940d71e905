import ControlPlane
import DataPlane
import Foundation
import GatewayModel
import GatewayStore
import JSON
import Testing

/// The gateway snapshot end to end: everything made through the management API (a REST API with
/// authorizers, models, validators, gateway responses and a canary; an HTTP API; API keys and
/// usage plans; custom domains with their mappings) is what the loader reads and the compiler
/// serves, a recompile reuses the stages nothing touched, and a record that does not decode is
/// skipped without hiding the rest.
@Suite struct GatewaySnapshotTests {
    let store = InMemoryGatewayStore()
    let plane: ControlPlane

    init() {
        plane = ControlPlane(store: store, configuration: ControlPlaneConfiguration(accountId: "111111111111", region: "us-east-1"))
    }

    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any] = [:]) async throws -> [String: Any] {
        let bytes = body.isEmpty && method == "GET" ? [] : Array(try JSONSerialization.data(withJSONObject: body))
        let response = await plane.handle(ManagementRequest(method: method, path: path, query: [], headers: [], body: bytes))
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(response.status < 300, "\(method) \(path): \(response.status) \(text)")
        return (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    /// A REST API with one MOCK method and everything a deployment freezes; deployed to `prod`,
    /// then a canary deployment on `prod`.
    func makeRestApi() async throws -> String {
        let apiId = try #require(try await call("POST", "/restapis", ["name": "frozen"])["id"] as? String)
        let items = try await call("GET", "/restapis/\(apiId)/resources")["item"] as? [[String: Any]] ?? []
        let rootId = try #require(items.first { $0["path"] as? String == "/" }?["id"] as? String)
        let resourceId = try #require(try await call("POST", "/restapis/\(apiId)/resources/\(rootId)", ["pathPart": "pets"])["id"] as? String)
        try await call("PUT", "/restapis/\(apiId)/resources/\(resourceId)/methods/GET", ["authorizationType": "NONE"])
        try await call(
            "PUT", "/restapis/\(apiId)/resources/\(resourceId)/methods/GET/integration",
            ["type": "MOCK", "requestTemplates": ["application/json": "{\"statusCode\": 200}"]])
        try await call(
            "POST", "/restapis/\(apiId)/authorizers",
            [
                "name": "tokens", "type": "TOKEN", "identitySource": "method.request.header.Authorization",
                "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:auth/invocations",
            ])
        try await call("POST", "/restapis/\(apiId)/models", ["name": "Pet", "contentType": "application/json", "schema": "{\"type\": \"object\"}"])
        try await call("POST", "/restapis/\(apiId)/requestvalidators", ["name": "body", "validateRequestBody": true])
        try await call("PUT", "/restapis/\(apiId)/gatewayresponses/DEFAULT_4XX", ["statusCode": "418"])
        try await call("POST", "/restapis/\(apiId)/deployments", ["stageName": "prod"])
        try await call("POST", "/restapis/\(apiId)/deployments", ["stageName": "prod", "canarySettings": ["percentTraffic": 10]])
        return apiId
    }

    @Test func theSnapshotCarriesEverythingTheDataPlaneReads() async throws {
        let restId = try await makeRestApi()
        let httpId = try #require(
            try await call("POST", "/v2/apis", ["name": "quick", "protocolType": "HTTP", "target": "http://127.0.0.1:9/"])["apiId"] as? String)
        let keyId = try #require(try await call("POST", "/apikeys", ["name": "k", "enabled": true, "value": "secret-key-value-0123456789"])["id"] as? String)
        let planId = try #require(try await call("POST", "/usageplans", ["name": "gold", "apiStages": [["apiId": restId, "stage": "prod"]]])["id"] as? String)
        try await call("POST", "/usageplans/\(planId)/keys", ["keyId": keyId, "keyType": "API_KEY"])
        try await call("POST", "/domainnames", ["domainName": "api.example.com", "regionalCertificateArn": "arn:aws:acm:us-east-1:111111111111:certificate/x"])
        try await call("POST", "/domainnames/api.example.com/basepathmappings", ["restApiId": restId, "stage": "prod", "basePath": "orders"])
        try await call("POST", "/v2/domainnames", ["domainName": "http.example.com"])
        try await call("POST", "/v2/domainnames/http.example.com/apimappings", ["apiId": httpId, "stage": "$default", "apiMappingKey": "v1"])

        let loaded = try await GatewaySnapshotLoader(store: store).load()
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let snapshot = loaded.snapshot
        let rest = try #require(snapshot.stages.first { $0.apiId == restId })
        guard case .rest(let frozen) = rest.definition, case .rest(let stage) = rest.settings else {
            Issue.record("the REST stage is not a REST stage")
            return
        }
        #expect(stage.stageName == "prod")
        #expect(frozen.authorizers?.map(\.name) == ["tokens"])
        #expect(frozen.models?.contains { $0.name == "Pet" } == true)
        #expect(frozen.requestValidators?.map(\.name) == ["body"])
        #expect(frozen.gatewayResponses?.first?.statusCode == "418")
        #expect(stage.canarySettings?.percentTraffic == 10)
        #expect(rest.canary?.deploymentId == stage.canarySettings?.deploymentId)
        #expect(rest.canary?.deploymentId != rest.deploymentId)
        #expect(snapshot.stages.contains { $0.apiId == httpId && $0.settings.stageName == "$default" })
        #expect(snapshot.domains.basePathMappings["api.example.com"]?.first?.basePath == "orders")
        #expect(snapshot.domains.apiMappings["http.example.com"]?.first?.apiMappingKey == "v1")
        #expect(snapshot.usagePlans.apiKeys.first?.value == "secret-key-value-0123456789")
        #expect(snapshot.usagePlans.usagePlanKeys[planId]?.map(\.id) == [keyId])

        let compiler = DeploymentCompiler()
        let gateway = compiler.compile(snapshot)
        #expect(gateway.apis[restId]?.stages["prod"]?.settings == rest.settings)
        let key = try #require(gateway.usagePlans.key(value: "secret-key-value-0123456789"))
        #expect(key.id == keyId && key.enabled && key.planIds == [planId])
        #expect(gateway.usagePlans.key(value: "secret-key-value-012345678") == nil)
        #expect(gateway.usagePlans.planIds(apiId: restId, stage: "prod") == [planId])
        #expect(gateway.domains.restDomainNames.map(\.domainName) == ["api.example.com"])
        #expect(gateway.apis[restId]?.stages["prod"]?.canary?.stage.deploymentId == rest.canary?.deploymentId)
        #expect(try EndpointResolver.resolve(host: "API.example.com:443", path: "/orders/pets", in: gateway).get().api.apiId == restId)
        #expect(try EndpointResolver.resolve(host: "http.example.com", path: "/v1/pets", in: gateway).get().api.apiId == httpId)

        // Nothing changed: every stage variant (stage or canary) is reused. One stage's variables
        // change: only its variants (the stage, and its canary, which inherits them) are recompiled.
        let variants = snapshot.stages.count + snapshot.stages.filter { $0.canary != nil }.count
        let again = compiler.compile(snapshot, reusing: gateway)
        #expect(again.reusedStages == variants)
        try await call("PATCH", "/restapis/\(restId)/stages/prod", ["patchOperations": [["op": "replace", "path": "/variables/v", "value": "2"]]])
        let reloaded = try await GatewaySnapshotLoader(store: store).load(reusing: snapshot)
        let recompiled = compiler.compile(reloaded.snapshot, reusing: again)
        #expect(recompiled.reusedStages == variants - 2)
        #expect(recompiled.apis[restId]?.stages["prod"]?.variables == ["v": "2"])
    }

    @Test func aRecordThatDoesNotDecodeIsSkippedNotFatal() async throws {
        let restId = try await makeRestApi()
        try await store.write { tx in
            _ = try await tx.put(
                DeployedCollections.restStages.key(parent: StoreParent("broken"), id: "dev"), value: Data("{not json".utf8), sealed: false,
                condition: .always)
        }
        let loaded = try await GatewaySnapshotLoader(store: store).load()
        #expect(loaded.problems.contains { $0.contains("broken") && $0.contains("does not decode") }, "\(loaded.problems)")
        #expect(loaded.snapshot.stages.contains { $0.apiId == restId })
    }
}
