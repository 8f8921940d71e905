import Foundation

/// Process configuration's local access (or execution) log sink: standard output or standard
/// error, or a file the lines are appended to (created 0644 if missing). Written by the log sink
/// service only, off the loops.
public final class LocalLogSink: @unchecked Sendable {
    /// `stdout`, `stderr`, or a file path.
    public let target: String
    private let handle: FileHandle

    /// Opens `target` (`stdout` or a path) for appending.
    public init(target: String) throws {
        self.target = target
        if target == "stdout" || target == "-" {
            handle = FileHandle.standardOutput
            return
        }
        if target == "stderr" {
            handle = FileHandle.standardError
            return
        }
        if !FileManager.default.fileExists(atPath: target) {
            guard FileManager.default.createFile(atPath: target, contents: nil, attributes: [.posixPermissions: 0o644]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: target])
            }
        }
        guard let handle = FileHandle(forWritingAtPath: target) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: target])
        }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    /// Appends `lines`, each followed by a newline, in one write.
    func write(_ lines: [String]) throws {
        guard !lines.isEmpty else { return }
        var text = ""
        for line in lines {
            text += line
            text += "\n"
        }
        try handle.write(contentsOf: Data(text.utf8))
    }
}
