public import Foundation

/// The 256-bit key with which persistent backends encrypt the values of secret collections
/// (AES-256-GCM).
///
/// Where it comes from, in the order ``resolve(base64:environment:keyFile:)`` tries:
/// 1. base64 text from the process configuration (``init(base64:)``);
/// 2. the environment variable `PORTCULLIS_STORE_KEY` (``fromEnvironment(_:variable:)``), base64;
/// 3. a key file (``loadOrCreate(keyFile:)``), created with mode 0600 holding a fresh random key
///    on first start if it is missing.
///
/// The key never appears in ``description``, and equality is checked in constant time. Keep the
/// key apart from the database: whoever has both can read the secrets.
public struct StoreEncryptionKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The key's length: 32 bytes (256 bits).
    public static let byteCount = 32

    /// The environment variable read by ``fromEnvironment(_:variable:)``: `PORTCULLIS_STORE_KEY`.
    public static let environmentVariable = "PORTCULLIS_STORE_KEY"

    private let bytes: [UInt8]

    /// A key from its 32 raw bytes.
    /// - Throws: ``GatewayStoreError/Code/invalidEncryptionKey`` when there are not 32 bytes.
    public init(bytes: some Collection<UInt8>) throws {
        guard bytes.count == Self.byteCount else {
            throw Self.invalid("A store encryption key must be \(Self.byteCount) bytes (256 bits).")
        }
        self.bytes = Array(bytes)
    }

    /// A key from base64 text (standard alphabet, padded; surrounding whitespace ignored), as
    /// `openssl rand -base64 32` prints.
    /// - Throws: ``GatewayStoreError/Code/invalidEncryptionKey`` when the text is not base64 of
    ///   exactly 32 bytes (the message never repeats the text).
    public init(base64 text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: trimmed), data.count == Self.byteCount else {
            throw Self.invalid("A store encryption key must be the base64 encoding of \(Self.byteCount) bytes (256 bits).")
        }
        self.bytes = Array(data)
    }

    /// A fresh random key from the system's cryptographically secure generator.
    public static func random() -> StoreEncryptionKey {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        for _ in 0..<(Self.byteCount / 8) {
            Swift.withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return StoreEncryptionKey(checkedBytes: bytes)
    }

    /// The key in `environment[variable]` (`variable` defaults to `PORTCULLIS_STORE_KEY`), or `nil`
    /// when the variable is unset or empty.
    /// - Throws: ``GatewayStoreError/Code/invalidEncryptionKey`` when it is set but not a valid key.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        variable: String = StoreEncryptionKey.environmentVariable
    ) throws -> StoreEncryptionKey? {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        do {
            return try StoreEncryptionKey(base64: text)
        } catch {
            throw Self.invalid("The environment variable \(variable) must hold the base64 encoding of \(Self.byteCount) bytes.")
        }
    }

    /// The key from the first source that has one: `base64` (from the process configuration), then
    /// the environment variable `PORTCULLIS_STORE_KEY` in `environment` (default: the process
    /// environment), then `keyFile` (created on first start, see ``loadOrCreate(keyFile:)``).
    /// - Throws: ``GatewayStoreError/Code/invalidEncryptionKey`` when a source holds an invalid
    ///   key, the key file cannot be read or created, or no source is given.
    public static func resolve(
        base64: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        keyFile: String? = nil
    ) throws -> StoreEncryptionKey {
        if let base64, !base64.isEmpty {
            return try StoreEncryptionKey(base64: base64)
        }
        if let key = try Self.fromEnvironment(environment) {
            return key
        }
        if let keyFile {
            return try Self.loadOrCreate(keyFile: keyFile)
        }
        throw Self.invalid(
            "No store encryption key: set \(Self.environmentVariable), configure the key, or configure a key file."
        )
    }

    /// The key as base64 text, for writing a key file. Handle with care: this is the secret.
    public func base64EncodedString() -> String {
        Data(self.bytes).base64EncodedString()
    }

    /// Calls `body` with the key's raw bytes (for a backend's cipher). Do not keep them.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try self.bytes.withUnsafeBytes(body)
    }

    /// Constant-time equality.
    public static func == (lhs: StoreEncryptionKey, rhs: StoreEncryptionKey) -> Bool {
        guard lhs.bytes.count == rhs.bytes.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.bytes.indices {
            difference |= lhs.bytes[index] ^ rhs.bytes[index]
        }
        return difference == 0
    }

    public var description: String { "StoreEncryptionKey(redacted)" }
    public var debugDescription: String { self.description }

    init(checkedBytes: [UInt8]) {
        self.bytes = checkedBytes
    }

    static func invalid(_ message: String, underlying: (any Error)? = nil) -> GatewayStoreError {
        GatewayStoreError(code: .invalidEncryptionKey, message: message, underlying: underlying)
    }
}
