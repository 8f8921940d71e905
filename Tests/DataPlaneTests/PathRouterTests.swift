import Testing

@testable import DataPlane

@Suite struct PathRouterTests {
    private func router(_ templates: [String]) throws -> PathRouter<String> {
        var builder = PathRouter<String>.Builder()
        for template in templates { builder.add(try PathTemplate(parsing: template), template) }
        return builder.build()
    }

    /// (templates, request path, expected template or nil, expected parameters)
    static let precedenceTable: [([String], String, String?, [String])] = [
        (["/pets", "/pets/{id}", "/{proxy+}"], "/pets", "/pets", []),
        (["/pets", "/pets/{id}", "/{proxy+}"], "/pets/7", "/pets/{id}", ["7"]),
        (["/pets", "/pets/{id}", "/{proxy+}"], "/pets/7/toys", "/{proxy+}", ["pets/7/toys"]),
        (["/pets/dog", "/pets/{id}"], "/pets/dog", "/pets/dog", []),
        (["/pets/dog", "/pets/{id}"], "/pets/cat", "/pets/{id}", ["cat"]),
        (["/a/b", "/{x}/c"], "/a/c", "/{x}/c", ["a"]),  // backtracks out of the literal branch
        (["/pets/{id}", "/pets/{proxy+}"], "/pets/1", "/pets/{id}", ["1"]),
        (["/pets/{id}", "/pets/{proxy+}"], "/pets/1/2", "/pets/{proxy+}", ["1/2"]),
        (["/{proxy+}"], "/", nil, []),  // greedy needs one segment
        (["/"], "/", "/", []),
        (["/pets"], "/pets/", "/pets", []),  // one trailing slash is ignored
        (["/pets"], "/Pets", nil, []),  // case-sensitive
        (["/a/{b}/c/{d}"], "/a/1/c/2", "/a/{b}/c/{d}", ["1", "2"]),
        (["/a/{b}"], "/a//", nil, []),  // an empty segment is not a parameter value
    ]

    @Test(arguments: precedenceTable)
    func precedence(templates: [String], path: String, expected: String?, parameters: [String]) throws {
        let match = try router(templates).match(path[...])
        #expect(match?.value == expected)
        if expected != nil { #expect(match?.parameters.map(String.init) == parameters) }
    }

    @Test func acceptRejectionBacktracks() throws {
        var builder = PathRouter<MethodTable>.Builder()
        let integration = UnavailableIntegration(reason: "test", dialect: .rest)
        func table(_ verb: String, _ path: String) -> MethodTable {
            var table = MethodTable()
            table.methods[verb] = CompiledMethod(
                resourceId: path, resourcePath: path, httpMethod: verb, routeKey: "", parameterNames: [], phases: [],
                integration: integration)
            return table
        }
        builder.add(try PathTemplate(parsing: "/pets/dog"), table("POST", "/pets/dog"))
        builder.add(try PathTemplate(parsing: "/pets/{id}"), table("GET", "/pets/{id}"))
        builder.add(try PathTemplate(parsing: "/{proxy+}"), table("ANY", "/{proxy+}"))
        let router = builder.build()
        #expect(router.match("/pets/dog", accept: { $0.method(for: "POST") != nil })?.value.methods["POST"]?.resourcePath == "/pets/dog")
        #expect(router.match("/pets/dog", accept: { $0.method(for: "GET") != nil })?.value.methods["GET"]?.resourcePath == "/pets/{id}")
        #expect(router.match("/pets/dog", accept: { $0.method(for: "PUT") != nil })?.value.methods["ANY"]?.resourcePath == "/{proxy+}")
    }

    @Test(arguments: ["/a/{b+}/c", "/a/{", "pets", "/a//b", "/{a}/{a}", "/a/{b c}"])
    func invalidTemplates(path: String) {
        #expect(throws: PathTemplate.ParseError.self) { try PathTemplate(parsing: path) }
    }

    @Test func lookupDepthNotRouteCount() throws {
        // 10,000 sibling routes still resolve through one hash lookup per segment.
        var builder = PathRouter<Int>.Builder()
        for index in 0..<10_000 { builder.add(try PathTemplate(parsing: "/r\(index)/{id}"), index) }
        let router = builder.build()
        #expect(router.match("/r9999/x")?.value == 9999)
        #expect(router.match("/r5000/x")?.parameters == ["x"])
        #expect(router.nodeCount == 1 + 10_000 * 2)
    }
}
