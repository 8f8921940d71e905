#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension StoreEncryptionKey {
    /// The largest key file read: 4 KiB (a key file holds 45 bytes of base64 and a newline).
    static let maximumKeyFileSize = 4096

    /// The key in the file at `path`; when the file does not exist, a fresh random key written
    /// there first (base64 and a newline), readable and writable by the owner only.
    ///
    /// Creation never exposes the key, even for an instant, and never leaves a partial file: the
    /// key is written to a temporary file beside `path` made by `open(2)` with
    /// `O_CREAT | O_EXCL` and mode `0600` (no `chmod` afterwards), flushed with `fsync`, then
    /// published under `path` with `link(2)`, which fails rather than replacing a file that
    /// appeared meanwhile; the directory is then flushed. When two processes start at once, both
    /// end up with the key of the one that linked first.
    ///
    /// An existing file is used whatever its mode (mounted secrets are often `0644`), so set the
    /// mode of a file you provide yourself.
    /// - Throws: ``GatewayStoreError/Code/invalidEncryptionKey`` when the file cannot be read or
    ///   created, or does not hold the base64 encoding of 32 bytes (the message never repeats the
    ///   file's contents).
    public static func loadOrCreate(keyFile path: String) throws -> StoreEncryptionKey {
        if let key = try Self.readKeyFile(path) {
            return key
        }
        let key = Self.random()
        let temporary = path + ".tmp-" + String(UInt64.random(in: .min ... .max), radix: 16)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Self.keyFileError("cannot create the key file", path: path, errno: errno)
        }
        do {
            try Self.writeAll(Array((key.base64EncodedString() + "\n").utf8), to: descriptor, path: path)
            guard fsync(descriptor) == 0 else {
                throw Self.keyFileError("cannot flush the key file", path: path, errno: errno)
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        let linked = link(temporary, path)
        let linkError = errno
        unlink(temporary)
        guard linked == 0 else {
            if linkError == EEXIST, let existing = try Self.readKeyFile(path) {
                return existing  // Another process created it first: use its key.
            }
            throw Self.keyFileError("cannot create the key file", path: path, errno: linkError)
        }
        Self.syncDirectory(of: path)
        return key
    }

    /// The key in the file at `path`, or `nil` when there is no such file.
    private static func readKeyFile(_ path: String) throws -> StoreEncryptionKey? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            if error == ENOENT { return nil }
            throw Self.keyFileError("cannot read the key file", path: path, errno: error)
        }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.keyFileError("cannot read the key file", path: path, errno: errno)
            }
            if count == 0 { break }
            contents.append(contentsOf: buffer[0..<count])
            guard contents.count <= Self.maximumKeyFileSize else {
                throw Self.invalid("The key file \(path) is too large to hold a store encryption key.")
            }
        }
        do {
            return try StoreEncryptionKey(base64: String(decoding: contents, as: UTF8.self))
        } catch {
            throw Self.invalid("The key file \(path) must hold the base64 encoding of \(Self.byteCount) bytes.")
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                write(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.keyFileError("cannot write the key file", path: path, errno: errno)
            }
            offset += written
        }
    }

    /// Flushes the directory entry of a new file, so that the file survives a power loss.
    /// Best effort: some file systems refuse to open or sync a directory.
    private static func syncDirectory(of path: String) {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func keyFileError(_ what: String, path: String, errno code: Int32) -> GatewayStoreError {
        let reason = String(cString: strerror(code))
        return Self.invalid("The store \(what) at \(path): \(reason).")
    }
}
