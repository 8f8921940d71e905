import Foundation
import JSON
import Testing

@testable import MappingTemplates

/// Golden files: a template, its input and the output AWS documents for them (each file names
/// its source). `compare: json` compares the output as JSON, since the documents show outputs
/// re-indented; `overrides` holds the `$context.requestOverride` a template sets.
struct GoldenTemplateTests {
    static let fixtures: [String] = {
        guard let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".txt") }.sorted()
    }()

    @Test func fixturesArePresent() {
        #expect(Self.fixtures.count >= 10)
    }

    @Test(arguments: fixtures)
    func golden(_ name: String) throws {
        let fixture = try Fixture(named: name)
        let template = try VelocityTemplate(fixture.sections["template"] ?? "")
        let rendered = try template.render(fixture.input())
        let expected = fixture.sections["expected"] ?? ""
        if fixture.compareAsJSON {
            let actual = try JSONValueParser().parse(rendered.body)
            #expect(actual == (try JSONValueParser().parse(expected)), "\(name): \(rendered.body)")
        } else {
            #expect(rendered.body == expected, "\(name)")
        }
        if let overrides = fixture.sections["overrides"] {
            let expectedOverrides = try JSONValueParser().parse(overrides)
            var actual = JSONObject()
            func strings(_ pairs: [(name: String, values: [String])]) -> JSONValue {
                .object(JSONObject(pairs.map { ($0.name, .array($0.values.map { .string($0) })) }))
            }
            actual["header"] = strings(rendered.requestHeaders)
            actual["path"] = .object(JSONObject(rendered.requestPath.map { ($0.name, .string($0.value)) }))
            actual["querystring"] = strings(rendered.requestQuerystring)
            #expect(JSONValue.object(actual) == expectedOverrides)
        }
    }
}

/// A golden file: `# key: value` header lines, then `--- section` blocks.
struct Fixture {
    var sections: [String: String] = [:]
    var compareAsJSON = false

    init(named name: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name.replacingOccurrences(of: ".txt", with: ""), withExtension: "txt"))
        let text = try String(contentsOf: url, encoding: .utf8)
        var current: String?
        var lines: [String] = []
        func close() {
            if let current { sections[current] = lines.joined(separator: "\n") }
            lines = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("--- ") {
                close()
                current = String(line.dropFirst(4))
            } else if current == nil {
                if line.hasPrefix("# compare: json") { compareAsJSON = true }
            } else {
                lines.append(String(line))
            }
        }
        close()
        if let expected = sections["expected"], expected.hasSuffix("\n") == false, text.hasSuffix("\n") {
            sections["expected"] = expected
        }
    }

    func input() throws -> TemplateInput {
        func pairs(_ key: String) throws -> [(name: String, value: String)] {
            guard let text = sections[key], case .object(let object) = try JSONValueParser().parse(text) else { return [] }
            return object.map { ($0.key, $0.value.stringValue ?? JSONWriter.compact($0.value)) }
        }
        var context = JSONObject()
        if let text = sections["context"], case .object(let object) = try JSONValueParser().parse(text) { context = object }
        return TemplateInput(
            body: sections["body"] ?? "", path: try pairs("path"), querystring: try pairs("querystring"), header: try pairs("header"),
            context: context, stageVariables: try pairs("stageVariables"))
    }
}
