import Foundation

/// Process configuration's local sink of lines (access and execution logs, the audit trail):
/// standard output or standard error, or a file the lines are appended to (created with `permissions` if missing). Written by its
/// service only, off the loops.
///
/// A file may rotate by size: once it holds `maximumBytes`, it is renamed `NAME.1` (an older
/// `NAME.1` becoming `NAME.2`, and so on up to `keptFiles`, the oldest removed) and a new `NAME`
/// is started, as logrotate's `size` and `rotate` options do.
public final class LocalLogSink: @unchecked Sendable {
    /// Size-based rotation of a file sink.
    public struct Rotation: Sendable, Equatable {
        /// The size at which the file is rotated. Default 10 MiB.
        public var maximumBytes: Int = 10 * 1024 * 1024
        /// Rotated files kept besides the current one. Default 5.
        public var keptFiles: Int = 5
        public init(maximumBytes: Int = 10 * 1024 * 1024, keptFiles: Int = 5) {
            self.maximumBytes = max(1, maximumBytes)
            self.keptFiles = max(0, keptFiles)
        }
    }

    /// `stdout`, `stderr`, or a file path.
    public let target: String
    let rotation: Rotation?
    let permissions: Int
    private var handle: FileHandle
    private var size: UInt64 = 0

    /// Opens `target` (`stdout`, `stderr` or a path) for appending.
    public init(target: String, rotation: Rotation? = nil, permissions: Int = 0o644) throws {
        self.target = target
        self.permissions = permissions
        if target == "stdout" || target == "-" {
            handle = FileHandle.standardOutput
            self.rotation = nil
            return
        }
        if target == "stderr" {
            handle = FileHandle.standardError
            self.rotation = nil
            return
        }
        self.rotation = rotation
        let opened = try Self.open(target, permissions: permissions)
        handle = opened.handle
        size = opened.size
    }

    private static func open(_ path: String, permissions: Int) throws -> (handle: FileHandle, size: UInt64) {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: permissions]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        return (handle, handle.seekToEndOfFile())
    }

    /// Appends `lines`, each followed by a newline, in one write; then rotates if the file is full.
    func write(_ lines: [String]) throws {
        guard !lines.isEmpty else { return }
        var text = ""
        for line in lines {
            text += line
            text += "\n"
        }
        let data = Data(text.utf8)
        try handle.write(contentsOf: data)
        size += UInt64(data.count)
        if let rotation, size >= UInt64(rotation.maximumBytes) { try rotate(rotation) }
    }

    /// The rotated files of `path`, oldest first, then `path` itself: the order of their lines.
    public static func files(of path: String, keptFiles: Int) -> [String] {
        (1...max(1, keptFiles)).reversed().map { "\(path).\($0)" }.filter { FileManager.default.fileExists(atPath: $0) } + [path]
    }

    private func rotate(_ rotation: Rotation) throws {
        try handle.close()
        let manager = FileManager.default
        if rotation.keptFiles == 0 {
            try? manager.removeItem(atPath: target)
        } else {
            try? manager.removeItem(atPath: "\(target).\(rotation.keptFiles)")
            for index in stride(from: rotation.keptFiles - 1, through: 1, by: -1) where manager.fileExists(atPath: "\(target).\(index)") {
                try manager.moveItem(atPath: "\(target).\(index)", toPath: "\(target).\(index + 1)")
            }
            try manager.moveItem(atPath: target, toPath: "\(target).1")
        }
        let opened = try Self.open(target, permissions: permissions)
        handle = opened.handle
        size = opened.size
    }
}
