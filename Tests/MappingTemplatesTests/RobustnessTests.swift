import JSON
import Testing

@testable import MappingTemplates

/// Hostile templates and inputs end in bounded time and memory with a typed error, never a crash.
struct RobustnessTests {
    @Test func awsLoopLimit() throws {
        #expect(try render("#foreach($i in [1..1000])#end done") == " done")
        #expect {
            try render("#foreach($i in [1..1001])#end")
        } throws: { ($0 as? TemplateRenderError)?.code == .loopLimit }
    }

    @Test func nestedLoopsRunOutOfWork() {
        #expect {
            try render("#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..1000])x#end#end#end")
        } throws: { ($0 as? TemplateRenderError)?.code == .workLimit }
    }

    @Test func doublingStringsHitTheOutputLimit() {
        let limits = TemplateLimits(maxOutputBytes: 1 << 16)
        #expect {
            try render("#set($s = 'xxxxxxxx')#foreach($i in [1..64])#set($s = \"$s$s\")#end$s", limits: limits)
        } throws: { ($0 as? TemplateRenderError)?.code == .outputLimit }
    }

    @Test func recursiveDefinesHitTheDepthLimit() {
        #expect {
            try render("#define($a)$a#end$a")
        } throws: { ($0 as? TemplateRenderError)?.code == .depthLimit }
    }

    @Test func hugeRangesAreRefused() {
        #expect {
            try render("#set($r = [0..9000000000000000000])")
        } throws: { ($0 as? TemplateRenderError)?.code == .workLimit }
    }

    @Test func deepNestingIsASyntaxError() {
        let deep = String(repeating: "#if(true)", count: 200) + String(repeating: "#end", count: 200)
        #expect(throws: TemplateSyntaxError.self) { try VelocityTemplate(deep) }
        let parentheses = "#set($a = " + String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500) + ")"
        #expect(throws: TemplateSyntaxError.self) { try VelocityTemplate(parentheses) }
    }

    /// Seeded random and mutated templates against random inputs: every case parses or fails
    /// with a syntax error, renders or fails with a render error, and stays within the limits.
    @Test func fuzzedTemplatesAndInputs() {
        var random = SplitMix64(seed: 0x5EED_7E3A)
        let limits = TemplateLimits(maxLoopIterations: 50, maxOutputBytes: 64 * 1024, maxSteps: 20_000, maxDepth: 24)
        var rendered = 0
        for _ in 0..<3_000 {
            let source = FuzzCorpus.template(&random)
            let input = TemplateInput(
                body: FuzzCorpus.body(&random), path: [("id", "7")], querystring: [("q", FuzzCorpus.word(&random))],
                header: [("X-H", FuzzCorpus.word(&random))], context: ["stage": "prod", "identity": ["sourceIp": "1.2.3.4"]],
                stageVariables: [("env", "test")])
            guard let template = try? VelocityTemplate(source, limits: limits) else { continue }
            do {
                let output = try template.render(input)
                rendered += 1
                #expect(output.body.utf8.count <= limits.maxOutputBytes)
            } catch {
                // A typed render error is a bounded failure (the gateway answers 500).
            }
        }
        #expect(rendered > 300)
    }
}

/// A deterministic generator (SplitMix64), so a failing case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum FuzzCorpus {
    static let fragments = [
        "$input.body", "$input.json('$')", "$input.path('$.a')", "$input.path('$..*')", "$input.json('$.b[*].c')",
        "$input.params()", "$input.params('q')", "$util.escapeJavaScript($input.body)", "$util.parseJson($input.body)",
        "$util.base64Encode($input.body)", "$util.urlEncode($input.params('q'))", "#set($x = $input.path('$'))", "$x",
        "#foreach($i in $input.path('$.b'))$i.c#end", "#foreach($i in [1..60])$i#end", "#if($x)yes#elseif($y)no#{else}maybe#end",
        "#set($s = \"$s$s\")", "#set($s = 'ab')", "$s.replaceAll('a', 'bb')", "$s.substring(1)", "$s.split(',')",
        "#define($d)$d$s#end", "$d", "#set($l = [1, 'a', {'k': [2]}])", "$l.add($l)", "$l", "$l.get(2).k",
        "#set($m = {})", "#set($m.k = $m)", "$m", "#set($n = 7 / 0)", "#set($n = $n + 1)", "$n", "#stop", "#break",
        "$context.stage", "$context.identity.sourceIp", "#set($context.responseOverride.status = 200)",
        "#set($context.requestOverride.header.h = 'v')", "$stageVariables.env", "## comment\n", "#* block *#",
        "\\$escaped", "#[[raw]]#", "\n", " ", "{", "}", "\"", "'", "(", ")", "[", "]",
    ]
    static let noise: [Character] = ["$", "#", "(", ")", "{", "}", "[", "]", "'", "\"", ".", ",", "!", "=", "<", ">", "&", "|", "\\", "*", "@", "a", "1", " ", "\n", "é"]

    static func template(_ random: inout SplitMix64) -> String {
        var parts: [String] = []
        for _ in 0..<Int.random(in: 1...12, using: &random) { parts.append(fragments.randomElement(using: &random) ?? "") }
        var characters = Array(parts.joined())
        for _ in 0..<Int.random(in: 0...4, using: &random) where !characters.isEmpty {
            let index = Int.random(in: 0..<characters.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: characters.remove(at: index)
            case 1: characters.insert(noise.randomElement(using: &random) ?? "$", at: index)
            default: characters[index] = noise.randomElement(using: &random) ?? "#"
            }
        }
        return String(characters)
    }

    static func body(_ random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return ""
        case 1: return "not json {"
        case 2: return #"{"a": "\#(word(&random))", "b": [{"c": 1}, {"c": "x"}, {"c": [1, 2]}]}"#
        case 3: return "[" + (0..<Int.random(in: 0...40, using: &random)).map(String.init).joined(separator: ",") + "]"
        default: return String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        }
    }

    static func word(_ random: inout SplitMix64) -> String {
        String((0..<Int.random(in: 0...8, using: &random)).map { _ in noise.randomElement(using: &random) ?? "a" })
    }
}
