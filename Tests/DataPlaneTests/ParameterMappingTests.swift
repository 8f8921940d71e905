import Testing

@testable import DataPlane

@Suite struct ParameterMappingTests {
    @Test func compilesRulesAndReportsWhatItCannot() {
        var diagnostics: [String] = []
        let mapping = HttpApiParameterMapping(
            [
                "overwrite:path": "/v2$request.path",
                "append:header.X-A": "${request.header.x-b}-tail",
                "remove:querystring.q": "",
                "rename:header.X": "y",
                "overwrite:header.Bad Name": "x",
                "overwrite:header.X-Body": "${request.body.pets[0].name}",
                "overwrite:header.X-Wild": "${request.body.pets[*]}",
                "overwrite:header.X-Answer": "$response.header.x",
                "overwrite:header.X-Line": "a\r\nb",
            ], stageVariables: [:], diagnostics: &diagnostics, location: "test")
        #expect(mapping.rules.count == 4)
        #expect(diagnostics.count == 5)
        #expect(diagnostics.contains { $0.contains("rename:header.X") })
        #expect(mapping.rules.contains { $0.target == .header("X-Body") }, "$request.body.JSONPath is a member of a JSON body")
        // A JSONPath outside the subset, and a response value in a request mapping, are refused.
        #expect(diagnostics.contains { $0.contains("request.body.pets[*]") })
        #expect(diagnostics.contains { $0.contains("$response.header.x") })
        #expect(diagnostics.contains { $0.contains("line break") })
    }

    @Test func valueTemplatesMixTextAndVariables() throws {
        let template = try #require(ValueTemplate("a-$request.header.x-y-${context.requestId}!$stageVariables.v", stageVariables: ["v": "V"]))
        // Without braces a variable runs to the first character a header name cannot hold.
        #expect(template.parts.count == 4)
        if case .requestHeader(let name) = template.parts[1] { #expect(name == "x-y-") } else { Issue.record("expected a header") }
        if case .literal(let text) = template.parts.last { #expect(text == "!V") } else { Issue.record("stage variables are literal") }
        #expect(ValueTemplate("${request.header.x", stageVariables: [:]) == nil)
        #expect(ValueTemplate("$unknown.x", stageVariables: [:]) == nil)
    }
}
