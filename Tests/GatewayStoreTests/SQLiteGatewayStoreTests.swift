import Foundation
import GatewayStore
@testable import GatewayStoreSQLite
import Testing

/// What only a persistent backend must do: survive a restart, keep secrets out of its files,
/// refuse a wrong key or a newer schema, and never show a half-written transaction.
///
/// The real crash test (SIGKILL of the server process in the middle of management writes, then a
/// restart) runs against the `portcullis` binary in the lead's end-to-end suite. Here, a crash is
/// simulated by copying the database and its WAL while writes are in flight (which is exactly the
/// on-disk state a killed process leaves behind) and by closing a store while another store on the
/// same file keeps writing.
@Suite("SQLiteGatewayStore")
struct SQLiteGatewayStoreTests {
    @Test("a restart serves the same state and revision")
    func restart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let key = StoreEncryptionKey.random()
        let configuration = SQLiteGatewayStore.Configuration(path: directory.path("store.db"), encryptionKey: key)
        let credential = Credential(name: "ci", secret: "restart-secret")

        let first = try await SQLiteGatewayStore.open(configuration)
        try await first.write { tx in
            try await tx.put(.widgets, id: "w1", Widget(name: "one"))
            try await tx.put(.widgets, parent: StoreParent("w1"), id: "c", Widget(name: "child"))
            try await tx.put(.credentials, id: "k", credential)
        }
        try await first.write { tx in try await tx.put(.widgets, id: "w1", Widget(name: "one again")) }
        let before = try await first.read { tx in try await tx.listDescendants(of: .root) }
        try await first.close()

        let second = try await SQLiteGatewayStore.open(configuration)
        do {
            #expect(try await second.currentRevision() == StoreRevision(2))
            var feed = second.changes().makeAsyncIterator()
            #expect(await feed.next() == StoreRevision(2))
            let after = try await second.read { tx in try await tx.listDescendants(of: .root) }
            #expect(after.map(\.key) == before.map(\.key))
            #expect(after.map(\.value) == before.map(\.value))
            #expect(after.map(\.metadata) == before.map(\.metadata))
            let secret = try await second.read { tx in try await tx.require(.credentials, id: "k") }
            #expect(secret.value == credential)
            let next = try await second.write { tx in try await tx.put(.widgets, id: "w2", Widget(name: "two")) }
            #expect(next.revision == StoreRevision(3))
        } catch {
            try? await second.close()
            throw error
        }
        try await second.close()
    }

    @Test("a store dropped without close releases its connections and keeps its data")
    func droppedWithoutClose() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteGatewayStore.Configuration(path: directory.path("store.db"), encryptionKey: .random())
        func writeAndDrop() async throws {
            let store = try await SQLiteGatewayStore.open(configuration)
            try await store.write { tx in try await tx.put(.widgets, id: "w", Widget(name: "kept")) }
        }
        try await writeAndDrop()
        let store = try await SQLiteGatewayStore.open(configuration)
        let widget = try await store.read { tx in try await tx.get(.widgets, id: "w") }
        try await store.close()
        #expect(widget?.value == Widget(name: "kept"))
    }

    @Test("secret values never reach the database, WAL or shared-memory files in plaintext")
    func noPlaintextSecrets() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let secret = "PLAINTEXT-SECRET-7d41f0c2"
        let visible = "VISIBLE-MARKER-52a9be11"
        let store = try await SQLiteGatewayStore.open(.init(path: path, encryptionKey: .random()))
        do {
            try await store.write { tx in
                try await tx.put(.credentials, id: "k1", Credential(name: "n", secret: secret))
                try await tx.put(.widgets, id: "w1", Widget(name: visible))
            }
            // While open, the data sits in the WAL.
            let open = Self.contents(of: path)
            #expect(open.contains(visible), "the search must find a non-secret value, or it proves nothing")
            #expect(!open.contains(secret))
            // The files are private to the owner.
            for suffix in ["", "-wal", "-shm"] {
                let attributes = try FileManager.default.attributesOfItem(atPath: path + suffix)
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "mode of store.db\(suffix)")
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        // After closing, SQLite has checkpointed everything into the database file.
        let closed = Self.contents(of: path)
        #expect(closed.contains(visible))
        #expect(!closed.contains(secret))
    }

    @Test("opening with another key is refused clearly")
    func wrongKey() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let store = try await SQLiteGatewayStore.open(.init(path: path, encryptionKey: .random()))
        try await store.write { tx in try await tx.put(.credentials, id: "k", Credential(name: "n", secret: "s")) }
        try await store.close()

        let error = await #expect(throws: GatewayStoreError.self) {
            let other = try await SQLiteGatewayStore.open(.init(path: path, encryptionKey: .random()))
            try await other.close()
        }
        #expect(error?.code == .encryptionKeyMismatch)
        #expect(error?.message.contains("encryption key") == true)
    }

    @Test("a database from a newer schema version is refused, untouched")
    func futureSchema() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteGatewayStore.Configuration(path: directory.path("store.db"), encryptionKey: .random())
        let future = SQLiteMigration.all + [
            SQLiteMigration(version: SQLiteGatewayStore.latestSchemaVersion + 1, name: "from the future", statements: [
                "CREATE TABLE future_things (id TEXT PRIMARY KEY NOT NULL) STRICT",
            ]),
        ]
        let newer = try await SQLiteGatewayStore.open(configuration, migrations: future)
        try await newer.write { tx in try await tx.put(.widgets, id: "w", Widget(name: "w")) }
        try await newer.close()

        let error = await #expect(throws: GatewayStoreError.self) {
            let store = try await SQLiteGatewayStore.open(configuration)
            try await store.close()
        }
        #expect(error?.code == .unsupportedSchemaVersion)

        // The refusal changed nothing: the newer code still opens it with its data.
        let again = try await SQLiteGatewayStore.open(configuration, migrations: future)
        let widget = try await again.read { tx in try await tx.get(.widgets, id: "w") }
        try await again.close()
        #expect(widget?.value == Widget(name: "w"))
    }

    @Test("a missing directory or a file that is not a database fails with a backend error")
    func unopenable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = await #expect(throws: GatewayStoreError.self) {
            let store = try await SQLiteGatewayStore.open(
                .init(path: directory.path("no/such/dir/store.db"), encryptionKey: .random())
            )
            try await store.close()
        }
        #expect(missing?.code == .backendFailure)

        let garbage = directory.path("garbage.db")
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: garbage))
        let notDatabase = await #expect(throws: GatewayStoreError.self) {
            let store = try await SQLiteGatewayStore.open(.init(path: garbage, encryptionKey: .random()))
            try await store.close()
        }
        #expect(notDatabase?.code == .backendFailure)
        #expect(notDatabase?.underlying != nil)

        let noReaders = await #expect(throws: GatewayStoreError.self) {
            let store = try await SQLiteGatewayStore.open(
                .init(path: directory.path("store.db"), encryptionKey: .random(), readerConnections: 0)
            )
            try await store.close()
        }
        #expect(noReaders?.code == .invalidArgument)
    }

    @Test("crash images taken during writes recover to a whole committed state")
    func crashImages() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let key = StoreEncryptionKey.random()
        let store = try await SQLiteGatewayStore.open(.init(path: path, encryptionKey: key))
        let images: [String]
        do {
            try await store.write { tx in try await tx.put(.counters, id: "total", Counter(value: 0)) }
            images = try await withThrowingTaskGroup(of: [String].self) { group in
                // The writer: every transaction adds one item and raises the total, so in any whole
                // state the total equals the number of items.
                group.addTask {
                    for step in 1...150 {
                        try await store.write { tx in
                            try await tx.put(.widgets, parent: StoreParent("items"), id: String(format: "%05d", step), Widget(name: "item", size: step))
                            try await tx.update(.counters, id: "total") { $0.value += 1 }
                        }
                    }
                    return []
                }
                // The "crash": copy the files as they are on disk while the writer goes on, each
                // time the change feed passes a threshold. The read transaction pins a snapshot, so
                // that no checkpoint rewrites the database file during the copy; the WAL may end in
                // a frame being written, exactly as after a kill.
                group.addTask {
                    var images: [String] = []
                    var thresholds = [10, 30, 50, 70, 90, 110].map { StoreRevision(Int64($0)) }[...]
                    for await revision in store.changes() {
                        guard let threshold = thresholds.first else { break }
                        guard revision >= threshold else { continue }
                        thresholds = thresholds.drop { $0 <= revision }
                        let image = directory.path("image-\(images.count).db")
                        try await store.read { _ in
                            try Self.copyIfPresent(path, to: image)
                            try Self.copyIfPresent(path + "-wal", to: image + "-wal")
                        }
                        images.append(image)
                    }
                    return images
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()

        #expect(!images.isEmpty)
        var totals: [Int] = []
        for image in images {
            let recovered = try await SQLiteGatewayStore.open(.init(path: image, encryptionKey: key))
            do {
                let (total, items, revision) = try await recovered.read { tx in
                    (
                        try await tx.require(.counters, id: "total").value.value,
                        try await tx.listAll(.widgets, parent: StoreParent("items")),
                        tx.revision
                    )
                }
                #expect(total == items.count)
                #expect(items.map(\.value.size) == Array(1...max(total, 1)).prefix(total).map { $0 })
                #expect(revision == StoreRevision(Int64(total + 1)))
                totals.append(total)
            } catch {
                try? await recovered.close()
                throw error
            }
            try await recovered.close()
        }
        #expect(totals == totals.sorted(), "later images never hold fewer writes")
    }

    @Test("closing a store while another store writes to the same file loses nothing")
    func closeMidway() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteGatewayStore.Configuration(path: directory.path("store.db"), encryptionKey: .random())
        let a = try await SQLiteGatewayStore.open(configuration)
        let b = try await SQLiteGatewayStore.open(configuration)
        let (counts, closedEarly) = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for (name, store) in [("a", a), ("b", b)] {
                group.addTask {
                    var committed = 0
                    for step in 0..<60 {
                        do {
                            try await store.write { tx in
                                try await tx.put(.widgets, parent: StoreParent(name), id: String(format: "%03d", step), Widget(name: name))
                                try await tx.put(.counters, id: name, Counter(value: committed + 1))
                            }
                            committed += 1
                        } catch let error as GatewayStoreError where error.code == .storeClosed {
                            return (committed, true)
                        }
                    }
                    return (committed, false)
                }
            }
            // Close `a` while both are writing.
            try await Task.sleep(for: .milliseconds(20))
            try await a.close()
            var counts: [Int] = []
            var closedEarly = false
            for try await (count, early) in group {
                counts.append(count)
                closedEarly = closedEarly || early
            }
            return (counts.sorted(), closedEarly)
        }
        try await b.close()
        #expect(counts.count == 2)

        let reopened = try await SQLiteGatewayStore.open(configuration)
        let (itemsA, itemsB, counterA, counterB, revision) = try await reopened.read { tx in
            (
                try await tx.listAll(.widgets, parent: StoreParent("a")).count,
                try await tx.listAll(.widgets, parent: StoreParent("b")).count,
                try await tx.get(.counters, id: "a")?.value.value ?? 0,
                try await tx.get(.counters, id: "b")?.value.value ?? 0,
                tx.revision
            )
        }
        try await reopened.close()
        // Every acknowledged write is there, whole; nothing else is.
        #expect(itemsA == counterA)
        #expect(itemsB == counterB)
        #expect([itemsA, itemsB].sorted() == counts)
        #expect(revision == StoreRevision(Int64(itemsA + itemsB)))
        #expect(itemsB == 60, "b was never closed, so all its writes commit")
        if closedEarly {
            #expect(itemsA < 60)
        }
    }

    /// The bytes of the database and its `-wal` and `-shm` files, as Latin-1 text for searching.
    private static func contents(of path: String) -> String {
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let data = FileManager.default.contents(atPath: path + suffix) {
                bytes.append(data)
            }
        }
        return String(decoding: bytes.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
    }

    private static func copyIfPresent(_ source: String, to destination: String) throws {
        guard FileManager.default.fileExists(atPath: source) else { return }
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    }
}
