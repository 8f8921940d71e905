import Foundation
import GatewayStore
import GatewayStoreSQLite
import Testing

/// The backends the conformance suite runs against. Each test gets a fresh store and closes it.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemory
    case sqliteMemory
    case sqliteFile

    var testDescription: String { self.rawValue }

    /// Whether a read may run while a write is in progress (an in-memory SQLite database has one
    /// connection, so its reads and writes take turns).
    var readsRunBesideWrites: Bool { self != .sqliteMemory }

    /// Runs `body` with a fresh store of this backend, then closes it and removes its files.
    func withStore<Result>(_ body: (any GatewayStore) async throws -> Result) async throws -> Result {
        switch self {
        case .inMemory:
            let store = InMemoryGatewayStore()
            return try await Self.run(store, body)
        case .sqliteMemory:
            let store = try await SQLiteGatewayStore.open(
                .init(path: SQLiteGatewayStore.Configuration.memoryPath, encryptionKey: .random())
            )
            return try await Self.run(store, body)
        case .sqliteFile:
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let store = try await SQLiteGatewayStore.open(.init(path: directory.path("store.db"), encryptionKey: .random()))
            return try await Self.run(store, body)
        }
    }

    private static func run<Result>(
        _ store: any GatewayStore,
        _ body: (any GatewayStore) async throws -> Result
    ) async throws -> Result {
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }
}
