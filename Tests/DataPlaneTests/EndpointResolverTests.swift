import GatewayModel
import Testing

@testable import DataPlane

@Suite struct EndpointResolverTests {
    private func gateway(_ apis: [(String, ApiKind, [String])]) -> CompiledGateway {
        CompiledGateway(
            apis: apis.map { id, kind, stages in
                var compiled: [String: CompiledStage] = [:]
                for name in stages {
                    compiled[name] = CompiledStage(
                        apiId: id, kind: kind, name: name, deploymentId: "d", variables: [:],
                        router: PathRouter<MethodTable>.Builder().build(), defaultRoute: nil)
                }
                return CompiledApi(apiId: id, name: id, kind: kind, stages: compiled, executeApiEndpointDisabled: false)
            })
    }

    @Test func executeApiHost() throws {
        let g = gateway([("abc123", .rest, ["prod"]), ("other", .rest, ["dev"])])
        let found = try EndpointResolver.resolve(host: "abc123.execute-api.us-east-1.amazonaws.com:443", path: "/prod/pets/1", in: g).get()
        #expect(found.api.apiId == "abc123")
        #expect(found.stage.name == "prod")
        #expect(found.path == "/pets/1")
        #expect(found.domainName == "abc123.execute-api.us-east-1.amazonaws.com")
        #expect(found.domainPrefix == "abc123")
    }

    @Test func pathStyle() throws {
        let g = gateway([("abc123", .rest, ["prod"]), ("other", .rest, ["dev"])])
        let found = try EndpointResolver.resolve(host: "localhost:4566", path: "/restapis/abc123/prod/_user_request_/pets", in: g).get()
        #expect(found.stage.name == "prod")
        #expect(found.path == "/pets")
        let root = try EndpointResolver.resolve(host: nil, path: "/restapis/abc123/prod/_user_request_", in: g).get()
        #expect(root.path == "/")
    }

    @Test func onlyApiAndDefaultStage() throws {
        let rest = gateway([("abc123", .rest, ["dev"])])
        #expect(try EndpointResolver.resolve(host: "127.0.0.1:8080", path: "/dev", in: rest).get().path == "/")
        let http = gateway([("h1", .http, ["$default", "beta"])])
        #expect(try EndpointResolver.resolve(host: "127.0.0.1", path: "/pets", in: http).get().stage.name == "$default")
        #expect(try EndpointResolver.resolve(host: "127.0.0.1", path: "/beta/pets", in: http).get().stage.name == "beta")
    }

    @Test func misses() {
        let g = gateway([("abc123", .rest, ["prod"]), ("h1", .http, ["beta"])])
        func kind(_ host: String?, _ path: Substring) -> ApiKind? {
            if case .failure(.notFound(let kind)) = EndpointResolver.resolve(host: host.map { $0[...] }, path: path, in: g) { return kind }
            return nil
        }
        #expect(kind("nope.execute-api.x", "/prod") == .rest)
        #expect(kind("abc123.execute-api.x", "/staging/pets") == .rest)
        #expect(kind("h1.execute-api.x", "/gamma/pets") == .http)
        #expect(kind("127.0.0.1", "/prod/pets") == .rest)  // two APIs: the host must say which
    }
}
