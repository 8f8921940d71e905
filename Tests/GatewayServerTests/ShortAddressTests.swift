import DataPlane
import GatewayServer
import Testing

/// The short address `http://host:port/{stage}/{path}`: the APIs `serve FILE…` names keep it
/// whatever else is served; with several, the stage named by the first segment decides, then a
/// `$default` stage. The start log lists what answers where.
@Suite struct ShortAddressTests {
    let restA = Fixtures.served(.rest(Fixtures.restApi(id: "restaaaaaa")), stage: "dev", backendPort: 1)
    let restB = Fixtures.served(.rest(Fixtures.restApi(id: "restbbbbbb")), stage: "dev", backendPort: 1)
    let restProd = Fixtures.served(.rest(Fixtures.restApi(id: "restpppppp")), stage: "prod", backendPort: 1)
    let http = Fixtures.served(.http(Fixtures.httpApi(id: "httpcccccc")), stage: "$default", backendPort: 1)

    /// `apiId/stage` the short address `path` reaches, or nil.
    private func reached(_ path: Substring, _ gateway: CompiledGateway) -> String? {
        guard case .success(let found) = EndpointResolver.resolve(host: "127.0.0.1:8080", path: path, in: gateway) else { return nil }
        return "\(found.api.apiId)/\(found.stage.name)"
    }

    @Test func withoutNamedApisOnlyASingleApiHasIt() {
        #expect(reached("/dev/health", DeploymentCompiler().compile([restA])) == "restaaaaaa/dev")
        #expect(reached("/dev/health", DeploymentCompiler().compile([restA, restB])) == nil)
        // A named API that is not served does not take the address away from the only one.
        #expect(reached("/dev/health", DeploymentCompiler().compile([restA], shortAddressApiIds: ["gone"])) == "restaaaaaa/dev")
    }

    @Test func aNamedApiKeepsItWhateverElseIsServed() {
        let gateway = DeploymentCompiler().compile([restA, restB, http], shortAddressApiIds: ["restbbbbbb"])
        #expect(reached("/dev/health", gateway) == "restbbbbbb/dev")
        #expect(reached("/prod/health", gateway) == nil)
        // The others still answer at their AWS addresses.
        guard
            case .success(let other) = EndpointResolver.resolve(
                host: "restaaaaaa.execute-api.us-east-1.amazonaws.com", path: "/dev/health", in: gateway)
        else {
            Issue.record("restaaaaaa is not served by its execute-api host")
            return
        }
        #expect(other.api.apiId == "restaaaaaa")
    }

    @Test func severalNamedApisShareItByStage() {
        let gateway = DeploymentCompiler().compile(
            [restA, restB, restProd, http], shortAddressApiIds: ["restbbbbbb", "restpppppp", "httpcccccc", "restaaaaaa"])
        #expect(reached("/dev/health", gateway) == "restbbbbbb/dev", "the first named with the stage")
        #expect(reached("/prod/health", gateway) == "restpppppp/prod")
        #expect(reached("/pets", gateway) == "httpcccccc/$default", "no stage of that name: the $default stage")
        #expect(reached("/", gateway) == "httpcccccc/$default")
        let restOnly = DeploymentCompiler().compile([restA, restProd], shortAddressApiIds: ["restaaaaaa", "restpppppp"])
        #expect(reached("/beta/x", restOnly) == nil, "no stage and no $default: REST's 403")
    }

    @Test func theStartLogListsWhatAnswersWhere() {
        let gateway = DeploymentCompiler().compile([restA, restB, http], shortAddressApiIds: ["restbbbbbb"])
        let served = ServedAddresses(
            gateway: gateway, listen: ListenAddress(host: "0.0.0.0", port: 8080), secure: false, region: "eu-west-1")
        #expect(served.entries.map(\.apiId) == ["restbbbbbb", "httpcccccc", "restaaaaaa"])
        let named = served.entries[0]
        #expect(
            named.urls == [
                "http://127.0.0.1:8080/dev/", "http://127.0.0.1:8080/restapis/restbbbbbb/dev/_user_request_/",
            ])
        #expect(named.executeApiHost == "restbbbbbb.execute-api.eu-west-1.amazonaws.com")
        #expect(
            named.description
                == "REST API \"Fixture REST API\" (restbbbbbb) stage dev: http://127.0.0.1:8080/dev/ · "
                + "http://127.0.0.1:8080/restapis/restbbbbbb/dev/_user_request_/ · Host: restbbbbbb.execute-api.eu-west-1.amazonaws.com")
        // Not named: no short address.
        #expect(served.entries[2].urls == ["http://127.0.0.1:8080/restapis/restaaaaaa/dev/_user_request_/"])
        #expect(served.entries[1].urls.first == "http://127.0.0.1:8080/restapis/httpcccccc/$default/_user_request_/")
    }
}
