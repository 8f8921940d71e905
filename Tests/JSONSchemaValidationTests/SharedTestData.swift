import Foundation

/// Finds the project's shared test data (`shared/testdata`), which lives beside the repository
/// rather than in it.
///
/// When the `PORTCULLIS_SHARED_TESTDATA` environment variable is set, it is the only place looked
/// at (a wrong setting fails rather than silently using other data). Otherwise: a
/// `shared/testdata` directory beside any ancestor of this source file (the CI clone has
/// `shared/` beside the repository root), then `/work/shared/testdata` (the development machine).
enum SharedTestData {
    /// The directories tried, in order, for error messages.
    static func candidates(filePath: String = #filePath) -> [String] {
        var result: [String] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["PORTCULLIS_SHARED_TESTDATA"],
            !fromEnvironment.isEmpty
        {
            return [fromEnvironment]
        }
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" && !directory.path.isEmpty {
            result.append(directory.appendingPathComponent("shared/testdata").path)
            directory = directory.deletingLastPathComponent()
        }
        result.append("/work/shared/testdata")
        return result
    }

    /// The first candidate holding `subdirectory`, or nil.
    static func directory(containing subdirectory: String, filePath: String = #filePath) -> URL? {
        for candidate in candidates(filePath: filePath) {
            let url = URL(fileURLWithPath: candidate).appendingPathComponent(subdirectory)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return url
            }
        }
        return nil
    }
}
