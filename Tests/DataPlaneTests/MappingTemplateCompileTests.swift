import Testing

@testable import DataPlane

/// Mapping templates are compiled once per deployment: static text stays text, Velocity is
/// parsed, and a template that does not parse is reported (and answers 500 when selected).
@Suite struct MappingTemplateCompileTests {
    @Test func staticVelocityAndInvalid() {
        guard case .text = MappingTemplate(#"{"statusCode": 200}"#) else {
            Issue.record("static text should stay text")
            return
        }
        guard case .velocity(let template) = MappingTemplate("#set($a = 1){\"a\": $a, \"ctx\": \"$context.stage\"}") else {
            Issue.record("a Velocity template should compile")
            return
        }
        #expect(template.referencedVariables.contains("context"))
        guard case .invalid(let error) = MappingTemplate("#if($a") else {
            Issue.record("a broken template should keep its error")
            return
        }
        #expect(error.line == 1)
    }

    @Test func brokenTemplatesAreDiagnostics() {
        var diagnostics: [String] = []
        let templates = RequestTemplates(
            ["application/json": "#foreach($x in [1])", "text/plain": "fine $input.body"], passthrough: nil, where: "api GET /x",
            diagnostics: &diagnostics)
        #expect(templates.templates.count == 2)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.contains("application/json") == true)
        #expect(diagnostics.first?.contains("missing #end") == true)
    }
}
