import Foundation
import GatewayModel
import JSON
import Testing

/// The model's JSON is the management API's JSON: every stored property of a model type must be a
/// member of the botocore shape of the same name (botocore's service models are the spec). Reads
/// the installed botocore through python3 (scripts/test installs it).
@Suite struct BotocoreShapeTests {
    static func botocoreMembers() throws -> [String: [String: Set<String>]] {
        let script = """
            import botocore, gzip, json, os
            data = os.path.join(os.path.dirname(botocore.__file__), "data")
            out = {}
            for service, version in (("apigateway", "2015-07-09"), ("apigatewayv2", "2018-11-29")):
                path = os.path.join(data, service, version, "service-2.json")
                model = json.load(open(path)) if os.path.exists(path) else json.load(gzip.open(path + ".gz"))
                out[service] = {name: [m.get("locationName", key) for key, m in shape.get("members", {}).items()]
                                for name, shape in model["shapes"].items() if shape.get("type") == "structure"}
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 with botocore is needed (scripts/test installs it)")
        let decoded = try JSONDecoder().decode([String: [String: [String]]].self, from: data)
        return decoded.mapValues { $0.mapValues(Set.init) }
    }

    static func properties(of value: Any) -> Set<String> {
        Set(Mirror(reflecting: value).children.compactMap(\.label))
    }

    @Test func modelPropertiesAreBotocoreMembers() throws {
        let members = try Self.botocoreMembers()
        let samples: [(String, String, Any)] = [
            ("apigateway", "RestApi", RestApi(id: "a", name: "n")),
            ("apigateway", "Resource", Resource(id: "r", path: "/")),
            ("apigateway", "Method", Method(httpMethod: "GET")),
            ("apigateway", "MethodResponse", MethodResponse(statusCode: "200")),
            ("apigateway", "Integration", Integration(type: .mock)),
            ("apigateway", "IntegrationResponse", IntegrationResponse(statusCode: "200")),
            ("apigateway", "Stage", Stage(stageName: "dev")),
            ("apigateway", "Deployment", Deployment(id: "d")),
            ("apigateway", "EndpointConfiguration", EndpointConfiguration()),
            ("apigateway", "MethodSetting", MethodSetting()),
            ("apigateway", "CanarySettings", CanarySettings()),
            ("apigateway", "AccessLogSettings", AccessLogSettings()),
            ("apigateway", "ThrottleSettings", ThrottleSettings()),
            ("apigateway", "TlsConfig", TlsConfig()),
            ("apigatewayv2", "Api", ApiGatewayV2.Api(apiId: "a", name: "n")),
            ("apigatewayv2", "Route", ApiGatewayV2.Route(routeId: "r", routeKey: "$default")),
            ("apigatewayv2", "Integration", ApiGatewayV2.Integration(integrationId: "i", integrationType: "HTTP_PROXY")),
            ("apigatewayv2", "Stage", ApiGatewayV2.Stage(stageName: "$default")),
            ("apigatewayv2", "Deployment", ApiGatewayV2.Deployment(deploymentId: "d")),
            ("apigatewayv2", "Cors", ApiGatewayV2.Cors()),
            ("apigatewayv2", "RouteSettings", ApiGatewayV2.RouteSettings()),
        ]
        for (service, shape, sample) in samples {
            let expected = try #require(members[service]?[shape], "botocore has no \(service) \(shape)")
            let extra = Self.properties(of: sample).subtracting(expected)
            #expect(extra.isEmpty, "\(service) \(shape) has properties botocore does not know: \(extra.sorted())")
        }
    }

    @Test func restApiJSONRoundTripsWithEpochDates() throws {
        var api = RestApi(id: "abc123defg", name: "pets", createdDate: Date(timeIntervalSince1970: 1_700_000_000))
        api.binaryMediaTypes = ["image/png"]
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(api), as: UTF8.self)
        #expect(json.contains("\"createdDate\":1700000000"))
        #expect(json.contains("\"apiKeySource\":\"HEADER\""))
        #expect(json.contains("\"endpointConfiguration\":{\"types\":[\"EDGE\"]}"))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        #expect(try decoder.decode(RestApi.self, from: Data(json.utf8)) == api)
    }

    @Test func jsonValueRoundTripsAndKeepsInsertionOrderInMemory() throws {
        let value: JSONValue = ["b": 1, "a": [true, nil, "x"], "n": 1.5]
        #expect(value.objectValue?.keys == ["b", "a", "n"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(text == #"{"a":[true,null,"x"],"b":1,"n":1.5}"#)  // integers stay integers
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) == value)
    }

    @Test func stableIdentifiersAreStable() {
        #expect(ResourceIdentifier.stable(from: "PetStore") == ResourceIdentifier.stable(from: "PetStore"))
        #expect(ResourceIdentifier.stable(from: "PetStore") != ResourceIdentifier.stable(from: "PetStore2"))
        #expect(ResourceIdentifier.stable(from: "x").count == 10)
        #expect(ResourceIdentifier.random().allSatisfy { $0.isLowercase || $0.isNumber })
    }
}
