import Foundation

/// Finds the shared test data (`shared/testdata`), which lives outside the repository:
/// 1. the directory named by `PORTCULLIS_SHARED_TESTDATA`, when set;
/// 2. else the first `shared/testdata` beside this file's directory or one of its ancestors
///    (CI clones the repository with `shared/` beside its root; the dev machine has
///    `/work/shared` beside `/work/main`);
/// 3. else `/work/shared/testdata`.
enum TestSuiteLocator {
    static let environmentVariable = "PORTCULLIS_SHARED_TESTDATA"
    static let defaultFallback = "/work/shared/testdata"
    /// The AWS SigV4 test suite, relative to the test data directory.
    static let sigV4SuitePath = "aws-sigv4/aws-sig-v4-test-suite"

    /// The test data directory, and how it was found (for failure messages).
    static func testDataDirectory(
        filePath: String = #filePath,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        fallback: String = defaultFallback
    ) -> (url: URL?, searched: [String]) {
        var searched: [String] = []
        if let configured = environment[environmentVariable], !configured.isEmpty {
            return (URL(fileURLWithPath: configured, isDirectory: true), ["$\(environmentVariable)=\(configured)"])
        }
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while true {
            let candidate = directory.appendingPathComponent("shared/testdata", isDirectory: true)
            searched.append(candidate.path)
            if isDirectory(candidate) { return (candidate, searched) }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        searched.append(fallback)
        let fallbackURL = URL(fileURLWithPath: fallback, isDirectory: true)
        return (isDirectory(fallbackURL) ? fallbackURL : nil, searched)
    }

    /// The AWS SigV4 test suite directory, or `nil` with the places searched.
    static func sigV4Suite() -> (url: URL?, explanation: String) {
        let (dataDirectory, searched) = testDataDirectory()
        guard let dataDirectory else {
            return (nil, "no shared test data directory found; searched: \(searched.joined(separator: ", "))")
        }
        let suite = dataDirectory.appendingPathComponent(sigV4SuitePath, isDirectory: true)
        guard isDirectory(suite) else {
            return (
                nil,
                "the AWS SigV4 test suite is not at \(suite.path) (test data directory from \(searched.last ?? "?"))"
            )
        }
        return (suite, "found at \(suite.path)")
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
