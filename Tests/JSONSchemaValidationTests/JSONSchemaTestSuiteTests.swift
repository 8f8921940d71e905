import Foundation
import JSON
import JSONSchemaValidation
import Testing

/// Runs the official JSON-Schema-Test-Suite for draft 4
/// (`shared/testdata/json-schema-draft4`, see its `SOURCE`): every required case, and the
/// optional ones (`optional/`, with formats checked for `optional/format/`) except those listed in
/// `excluded` below. The suite's remotes, which it serves at `http://localhost:1234/`, are read
/// from disk through the resolver. A missing suite fails the tests; it never skips them.
@Suite("JSON-Schema-Test-Suite draft4")
struct JSONSchemaTestSuiteTests {
    /// Optional cases not run, keyed `file | group | test`, with the reason.
    static let excluded: [String: String] = [
        "optional/zeroTerminatedFloats.json | some languages do not distinguish between different types of numeric value | a float is not an integer even without fractional part":
            "JSONValue stores every number as a Double, so 1.0 and 1 are the same value; "
            + "the required suite (type.json) expects 1.0 to be an integer, which this follows.",
    ]

    struct Counts {
        var passed = 0
        var failed = 0
        var excluded = 0
    }

    @Test("required tests (tests/draft4/*.json)")
    func requiredCases() throws {
        let counts = try Self.run(directory: "", validatesFormats: false)
        print("JSON-Schema-Test-Suite draft4 required: ran \(counts.passed + counts.failed) cases, \(counts.passed) passed, \(counts.failed) failed")
        #expect(counts.failed == 0)
        #expect(counts.passed > 500, "suspiciously few required cases ran")
    }

    @Test("optional tests (tests/draft4/optional/*.json)")
    func optionalCases() throws {
        let counts = try Self.run(directory: "optional", validatesFormats: false)
        print("JSON-Schema-Test-Suite draft4 optional: ran \(counts.passed + counts.failed) cases, \(counts.passed) passed, \(counts.failed) failed, \(counts.excluded) excluded")
        #expect(counts.failed == 0)
        #expect(counts.passed > 50, "suspiciously few optional cases ran")
    }

    @Test("optional format tests with format checking on (tests/draft4/optional/format/*.json)")
    func formatCases() throws {
        let counts = try Self.run(directory: "optional/format", validatesFormats: true)
        print("JSON-Schema-Test-Suite draft4 optional/format: ran \(counts.passed + counts.failed) cases, \(counts.passed) passed, \(counts.failed) failed, \(counts.excluded) excluded")
        #expect(counts.failed == 0)
        #expect(counts.passed > 100, "suspiciously few format cases ran")
    }

    @Test("format is an annotation by default (the API Gateway behaviour): no format case fails")
    func formatIsAnnotationByDefault() throws {
        let folder = Self.testsDirectory(try Self.suiteRoot()).appendingPathComponent("optional/format")
        var checked = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".json") {
            for group in try Self.load(folder.appendingPathComponent(file)).arrayValue ?? [] {
                let validator = try JSONSchemaValidator(schema: group["schema"] ?? .null)
                for test in group["tests"]?.arrayValue ?? [] {
                    let data = test["data"] ?? .null
                    #expect(validator.isValid(data), "\(file): format must not fail by default: \(data)")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    // MARK: Running

    static func suiteRoot() throws -> URL {
        guard let root = SharedTestData.directory(containing: "json-schema-draft4") else {
            let tried = SharedTestData.candidates().joined(separator: ", ")
            Issue.record("JSON-Schema-Test-Suite not found: no json-schema-draft4 directory in \(tried)")
            throw SuiteNotFound()
        }
        return root
    }

    struct SuiteNotFound: Error {}

    /// `tests/draft4` in the upstream layout, `tests` in the trimmed copy.
    static func testsDirectory(_ suite: URL) -> URL {
        let upstream = suite.appendingPathComponent("tests/draft4")
        if FileManager.default.fileExists(atPath: upstream.path) { return upstream }
        return suite.appendingPathComponent("tests")
    }

    static func load(_ file: URL) throws -> JSONValue {
        let data = try Data(contentsOf: file)
        return try JSONValueParser().parse(data)
    }

    static func remoteResolver(_ suite: URL) -> ClosureSchemaResolver {
        let remotes = suite.appendingPathComponent("remotes")
        return ClosureSchemaResolver { uri in
            let prefix = "http://localhost:1234/"
            guard uri.hasPrefix(prefix) else { return nil }
            let file = remotes.appendingPathComponent(String(uri.dropFirst(prefix.count)))
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            return try load(file)
        }
    }

    static func run(directory: String, validatesFormats: Bool) throws -> Counts {
        let suite = try suiteRoot()
        let folder = directory.isEmpty ? testsDirectory(suite) : testsDirectory(suite).appendingPathComponent(directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        #expect(!files.isEmpty, "no test files in \(folder.path)")
        let resolver = remoteResolver(suite)
        let options = JSONSchemaValidator.Options(validatesFormats: validatesFormats)
        var counts = Counts()
        for file in files {
            let name = directory.isEmpty ? file : directory + "/" + file
            let groups = try load(folder.appendingPathComponent(file))
            for group in groups.arrayValue ?? [] {
                let groupName = group["description"]?.stringValue ?? "?"
                let tests = group["tests"]?.arrayValue ?? []
                let validator: JSONSchemaValidator
                do {
                    validator = try JSONSchemaValidator(
                        schema: group["schema"] ?? .null, options: options, resolver: resolver)
                } catch {
                    Issue.record("\(name) | \(groupName): schema did not compile: \(error)")
                    counts.failed += tests.count
                    continue
                }
                for test in tests {
                    let testName = test["description"]?.stringValue ?? "?"
                    let key = "\(name) | \(groupName) | \(testName)"
                    if excluded[key] != nil {
                        counts.excluded += 1
                        continue
                    }
                    let data = test["data"] ?? .null
                    let expected = test["valid"]?.boolValue ?? false
                    let fast = validator.isValid(data)
                    let detailed = validator.validate(data)
                    if fast == expected, detailed.isValid == expected {
                        counts.passed += 1
                    } else {
                        counts.failed += 1
                        Issue.record(
                            "\(key): expected \(expected ? "valid" : "invalid"), isValid said \(fast), validate said \(detailed.violations)"
                        )
                    }
                }
            }
        }
        return counts
    }
}
