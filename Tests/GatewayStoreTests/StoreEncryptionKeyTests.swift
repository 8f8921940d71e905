import Foundation
import GatewayStore
import Testing

@Suite("StoreEncryptionKey")
struct StoreEncryptionKeyTests {
    @Test("a key file is created with mode 0600 and read back")
    func keyFileCreated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.key")
        let created = try StoreEncryptionKey.loadOrCreate(keyFile: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
        #expect(try StoreEncryptionKey.loadOrCreate(keyFile: path) == created)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["store.key"])
    }

    @Test("an existing key file is used as it is")
    func keyFileExisting() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.key")
        let key = StoreEncryptionKey.random()
        try (key.base64EncodedString() + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try StoreEncryptionKey.loadOrCreate(keyFile: path) == key)
    }

    @Test("a bad key file or an unwritable location gives a clear error without the contents")
    func keyFileInvalid() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.key")
        try "not-a-key-at-all".write(toFile: path, atomically: true, encoding: .utf8)
        let invalid = #expect(throws: GatewayStoreError.self) { try StoreEncryptionKey.loadOrCreate(keyFile: path) }
        #expect(invalid?.code == .invalidEncryptionKey)
        #expect(invalid?.message.contains("not-a-key-at-all") == false)

        let unwritable = #expect(throws: GatewayStoreError.self) {
            try StoreEncryptionKey.loadOrCreate(keyFile: directory.path("missing/dir/store.key"))
        }
        #expect(unwritable?.code == .invalidEncryptionKey)
    }

    @Test("base64 keys must hold exactly 256 bits")
    func base64() throws {
        let key = StoreEncryptionKey.random()
        #expect(try StoreEncryptionKey(base64: "  " + key.base64EncodedString() + "\n") == key)
        let short = #expect(throws: GatewayStoreError.self) {
            try StoreEncryptionKey(base64: Data(repeating: 1, count: 16).base64EncodedString())
        }
        #expect(short?.code == .invalidEncryptionKey)
        let garbage = #expect(throws: GatewayStoreError.self) { try StoreEncryptionKey(base64: "%%% secret %%%") }
        #expect(garbage?.message.contains("secret") == false)
        #expect(throws: GatewayStoreError.self) { try StoreEncryptionKey(bytes: [UInt8](repeating: 0, count: 31)) }
        #expect(try StoreEncryptionKey(bytes: [UInt8](repeating: 7, count: 32)) != key)
    }

    @Test("the key never shows in descriptions")
    func redacted() {
        let key = StoreEncryptionKey.random()
        #expect(!"\(key)".contains(key.base64EncodedString()))
        #expect(!String(reflecting: key).contains(key.base64EncodedString()))
        #expect(StoreEncryptionKey.random() != key)
    }

    @Test("resolution order: configured text, then PORTCULLIS_STORE_KEY, then the key file")
    func resolve() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configured = StoreEncryptionKey.random()
        let environment = StoreEncryptionKey.random()
        let keyFile = directory.path("store.key")
        let env = ["PORTCULLIS_STORE_KEY": environment.base64EncodedString()]

        #expect(try StoreEncryptionKey.resolve(base64: configured.base64EncodedString(), environment: env, keyFile: keyFile) == configured)
        #expect(try StoreEncryptionKey.resolve(environment: env, keyFile: keyFile) == environment)
        #expect(try StoreEncryptionKey.fromEnvironment(env) == environment)
        #expect(try StoreEncryptionKey.fromEnvironment([:]) == nil)
        #expect(!FileManager.default.fileExists(atPath: keyFile))
        let fromFile = try StoreEncryptionKey.resolve(environment: [:], keyFile: keyFile)
        #expect(FileManager.default.fileExists(atPath: keyFile))
        #expect(try StoreEncryptionKey.resolve(environment: ["PORTCULLIS_STORE_KEY": ""], keyFile: keyFile) == fromFile)

        let none = #expect(throws: GatewayStoreError.self) { try StoreEncryptionKey.resolve(environment: [:]) }
        #expect(none?.code == .invalidEncryptionKey)
        let badEnvironment = #expect(throws: GatewayStoreError.self) {
            try StoreEncryptionKey.fromEnvironment(["PORTCULLIS_STORE_KEY": "short"])
        }
        #expect(badEnvironment?.message.contains("PORTCULLIS_STORE_KEY") == true)
    }
}
