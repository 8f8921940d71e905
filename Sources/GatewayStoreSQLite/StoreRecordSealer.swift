import Crypto
import Foundation
import GatewayStore

/// Encrypts and decrypts the values of secret collections with AES-256-GCM.
///
/// A sealed value is one format byte (`1`), then AES-GCM's combined form: a random 96-bit nonce,
/// the ciphertext, and the 128-bit tag. The record's key (collection, parent, id) is the
/// authenticated associated data, so a sealed value copied onto another row fails to open instead
/// of being served as that row's secret.
struct StoreRecordSealer: Sendable {
    /// The first byte of every sealed value: the format version.
    static let formatVersion: UInt8 = 1

    /// The plaintext sealed into the store's key-check value, which proves at open time that the
    /// supplied key is the one the database was created with.
    private static let keyCheckPlaintext = Data("portcullis store key check".utf8)
    private static let keyCheckContext = Data("portcullis.store.key-check".utf8)

    private let key: SymmetricKey

    init(_ key: StoreEncryptionKey) {
        self.key = key.withUnsafeBytes { SymmetricKey(data: $0) }
    }

    /// `plaintext` sealed for the record at `recordKey`.
    func seal(_ plaintext: Data, for recordKey: StoreRecordKey) throws -> Data {
        try self.seal(plaintext, context: Self.context(of: recordKey))
    }

    /// The plaintext of `sealed`, the value of the record at `recordKey`.
    /// - Throws: ``GatewayStoreError/Code/corruptRecord`` when it does not open (tampered, moved,
    ///   truncated).
    func open(_ sealed: Data, for recordKey: StoreRecordKey) throws -> Data {
        do {
            return try self.open(sealed, context: Self.context(of: recordKey))
        } catch {
            throw GatewayStoreError.corruptRecord(recordKey, underlying: error)
        }
    }

    /// A fresh key-check value for a new database.
    func makeKeyCheck() throws -> Data {
        try self.seal(Self.keyCheckPlaintext, context: Self.keyCheckContext)
    }

    /// Whether `keyCheck` was made with this key.
    func verifyKeyCheck(_ keyCheck: Data) -> Bool {
        (try? self.open(keyCheck, context: Self.keyCheckContext)) == Self.keyCheckPlaintext
    }

    private func seal(_ plaintext: Data, context: Data) throws -> Data {
        do {
            let box = try AES.GCM.seal(plaintext, using: self.key, authenticating: context)
            guard let combined = box.combined else {
                throw GatewayStoreError.backendFailure("The store cannot encrypt a value.", underlying: nil)
            }
            return Data([Self.formatVersion]) + combined
        } catch let error as GatewayStoreError {
            throw error
        } catch {
            throw GatewayStoreError.backendFailure("The store cannot encrypt a value.", underlying: error)
        }
    }

    private func open(_ sealed: Data, context: Data) throws -> Data {
        guard sealed.first == Self.formatVersion else {
            throw GatewayStoreError(code: .corruptRecord, message: "A sealed value has an unknown format.")
        }
        let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
        return try AES.GCM.open(box, using: self.key, authenticating: context)
    }

    private static func context(of key: StoreRecordKey) -> Data {
        var context = Data("portcullis.store.record.v1".utf8)
        for part in [key.collection, key.parent.storageKey, key.id] {
            context.append(0)
            context.append(contentsOf: part.utf8)
        }
        return context
    }
}
