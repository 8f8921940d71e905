import Foundation
import Testing

/// The test-data lookup that CI (`shared/` beside the clone) and the dev machine rely on.
@Suite("Test data locator")
struct TestSuiteLocatorTests {
    @Test("walks up from a source file to a sibling shared/testdata; the variable wins")
    func walksUp() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("locator-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let testData = root.appendingPathComponent("shared/testdata")
        let sources = root.appendingPathComponent("clone/Tests/AWSSignatureV4Tests/Support")
        try FileManager.default.createDirectory(at: testData, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let file = sources.appendingPathComponent("TestSuiteLocator.swift").path

        let found = TestSuiteLocator.testDataDirectory(filePath: file, environment: [:], fallback: "/nonexistent")
        #expect(found.url?.standardizedFileURL.path == testData.standardizedFileURL.path)

        let configured = TestSuiteLocator.testDataDirectory(
            filePath: file,
            environment: [TestSuiteLocator.environmentVariable: "/elsewhere"],
            fallback: "/nonexistent"
        )
        #expect(configured.url?.path == "/elsewhere")

        let nowhere = TestSuiteLocator.testDataDirectory(
            filePath: "/nonexistent/a/b.swift", environment: [:], fallback: "/nonexistent")
        #expect(nowhere.url == nil)
        #expect(nowhere.searched.contains("/nonexistent/a/shared/testdata"))
    }
}
