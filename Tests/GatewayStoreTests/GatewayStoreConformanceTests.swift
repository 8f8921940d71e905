import Foundation
import GatewayModel
import GatewayStore
import Testing

/// The behaviour every ``GatewayStore`` backend must have, written once and run against each.
@Suite("GatewayStore conformance")
struct GatewayStoreConformanceTests {
    @Test("put, get, replace, delete", arguments: StoreBackend.allCases)
    func crud(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let created = try await store.write { tx in
                try await tx.put(.widgets, id: "w1", Widget(name: "first"))
            }
            #expect(created.version == 1)
            #expect(created.revision == StoreRevision(1))
            #expect(created.createdMilliseconds == created.updatedMilliseconds)

            let fetched = try await store.read { tx in try await tx.get(.widgets, id: "w1") }
            #expect(fetched?.value == Widget(name: "first"))
            #expect(fetched?.metadata == created)
            #expect(fetched?.key == StoreRecordKey(collection: "widgets", id: "w1"))

            let replaced = try await store.write { tx in
                try await tx.put(.widgets, id: "w1", Widget(name: "second", size: 2))
            }
            #expect(replaced.version == 2)
            #expect(replaced.createdMilliseconds == created.createdMilliseconds)
            #expect(replaced.updatedMilliseconds >= created.updatedMilliseconds)
            #expect(replaced.revision == StoreRevision(2))

            let deleted = try await store.write { tx in try await tx.delete(.widgets, id: "w1") }
            #expect(deleted)
            let deletedAgain = try await store.write { tx in try await tx.delete(.widgets, id: "w1") }
            #expect(!deletedAgain)
            let gone = try await store.read { tx in try await tx.get(.widgets, id: "w1") }
            #expect(gone == nil)
            #expect(try await store.currentRevision() == StoreRevision(3))
        }
    }

    @Test("a GatewayModel value round-trips", arguments: StoreBackend.allCases)
    func modelValue(backend: StoreBackend) async throws {
        let restApis = StoreCollection<RestApi>("restapis")
        let api = RestApi(id: "abc123defg", name: "pets", description: "Pet store", tags: ["team": "a"])
        try await backend.withStore { store in
            try await store.write { tx in try await tx.put(restApis, id: api.id, api, condition: .ifAbsent) }
            let stored = try await store.read { tx in try await tx.require(restApis, id: api.id) }
            #expect(stored.value == api)
        }
    }

    @Test("write conditions give typed errors", arguments: StoreBackend.allCases)
    func conditions(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.write { tx in try await tx.put(.widgets, id: "w", Widget(name: "a"), condition: .ifAbsent) }

            let exists = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.put(.widgets, id: "w", Widget(name: "b"), condition: .ifAbsent) }
            }
            #expect(exists?.code == .alreadyExists)
            #expect(exists?.key == StoreRecordKey(collection: "widgets", id: "w"))

            let missing = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.put(.widgets, id: "x", Widget(name: "b"), condition: .ifPresent) }
            }
            #expect(missing?.code == .notFound)

            let conflict = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.put(.widgets, id: "w", Widget(name: "b"), condition: .ifVersion(7)) }
            }
            #expect(conflict?.code == .versionConflict)

            let missingVersion = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.put(.widgets, id: "x", Widget(name: "b"), condition: .ifVersion(1)) }
            }
            #expect(missingVersion?.code == .notFound)

            let updated = try await store.write { tx in
                try await tx.put(.widgets, id: "w", Widget(name: "b"), condition: .ifVersion(1))
            }
            #expect(updated.version == 2)

            let deleteConflict = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.delete(.widgets, id: "w", condition: .ifVersion(1)) }
            }
            #expect(deleteConflict?.code == .versionConflict)

            let deleteMissing = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.delete(.widgets, id: "x", condition: .ifPresent) }
            }
            #expect(deleteMissing?.code == .notFound)

            let deleteAbsent = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.delete(.widgets, id: "w", condition: .ifAbsent) }
            }
            #expect(deleteAbsent?.code == .invalidArgument)

            let deleted = try await store.write { tx in try await tx.delete(.widgets, id: "w", condition: .ifVersion(2)) }
            #expect(deleted)
            // Failed writes changed nothing: two committed changes after the first.
            #expect(try await store.currentRevision() == StoreRevision(3))
        }
    }

    @Test("update reads, transforms and stores in one transaction", arguments: StoreBackend.allCases)
    func update(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.write { tx in try await tx.put(.counters, id: "c", Counter(value: 1)) }
            let entry = try await store.write { tx in
                try await tx.update(.counters, id: "c") { $0.value += 41 }
            }
            #expect(entry.value == Counter(value: 42))
            #expect(entry.version == 2)
            let missing = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.update(.counters, id: "nope") { $0.value += 1 } }
            }
            #expect(missing?.code == .notFound)
            let required = await #expect(throws: GatewayStoreError.self) {
                try await store.read { tx in try await tx.require(.counters, id: "nope") }
            }
            #expect(required?.code == .notFound)
        }
    }

    @Test("listing is ordered by id bytes and paginates", arguments: StoreBackend.allCases)
    func pagination(backend: StoreBackend) async throws {
        // Byte order: uppercase before lowercase, multi-byte UTF-8 after ASCII.
        let ids = ["g", "b", "é", "a", "Z", "f", "c", "e", "d"]
        let expected = ["Z", "a", "b", "c", "d", "e", "f", "g", "é"]
        try await backend.withStore { store in
            try await store.write { tx in
                for id in ids {
                    try await tx.put(.widgets, id: id, Widget(name: id))
                }
                // Neighbours that must not show up: another collection, another parent.
                try await tx.put(.gadgets, id: "a", Widget(name: "gadget"))
                try await tx.put(.widgets, parent: StoreParent("p"), id: "a", Widget(name: "child"))
            }
            var pages: [[String]] = []
            var after: String?
            repeat {
                let page = try await store.read { tx in try await tx.list(.widgets, after: after, limit: 4) }
                pages.append(page.items.map(\.id))
                after = page.nextAfter
            } while after != nil
            #expect(pages == [["Z", "a", "b", "c"], ["d", "e", "f", "g"], ["é"]])

            let exact = try await store.read { tx in try await tx.list(.widgets, limit: 9) }
            #expect(exact.items.count == 9)
            #expect(exact.nextAfter == nil)

            let all = try await store.read { tx in try await tx.listAll(.widgets) }
            #expect(all.map(\.id) == expected)
            #expect(all.map(\.value.name) == expected)

            let fromMiddle = try await store.read { tx in try await tx.list(.widgets, after: "cc", limit: 2) }
            #expect(fromMiddle.items.map(\.id) == ["d", "e"])
            #expect(fromMiddle.nextAfter == "e")

            let children = try await store.read { tx in try await tx.listAll(.widgets, parent: StoreParent("p")) }
            #expect(children.map(\.value.name) == ["child"])
            let empty = try await store.read { tx in try await tx.list(.widgets, parent: StoreParent("none")) }
            #expect(empty.items.isEmpty && empty.nextAfter == nil)

            let badLimit = await #expect(throws: GatewayStoreError.self) {
                try await store.read { tx in try await tx.list(.widgets, limit: 0) }
            }
            #expect(badLimit?.code == .invalidArgument)
        }
    }

    @Test("deleting everything under a parent cascades through nested parents", arguments: StoreBackend.allCases)
    func cascade(backend: StoreBackend) async throws {
        let api1 = StoreParent("api1")
        try await backend.withStore { store in
            try await store.write { tx in
                try await tx.put(.widgets, id: "api1", Widget(name: "api 1"))
                try await tx.put(.widgets, id: "api2", Widget(name: "api 2"))
                try await tx.put(.widgets, parent: api1, id: "r1", Widget(name: "resource 1"))
                try await tx.put(.widgets, parent: api1, id: "r2", Widget(name: "resource 2"))
                try await tx.put(.gadgets, parent: api1.appending("r1"), id: "GET", Widget(name: "method"))
                try await tx.put(.widgets, parent: StoreParent("api2"), id: "r9", Widget(name: "resource 9"))
                // Segments that merely start alike, or contain '/', are other parents.
                try await tx.put(.widgets, parent: StoreParent("api10"), id: "r", Widget(name: "api 10 child"))
                try await tx.put(.widgets, parent: StoreParent("api1/x"), id: "r", Widget(name: "slash child"))
            }
            let descendants = try await store.read { tx in try await tx.listDescendants(of: api1) }
            #expect(descendants.map(\.key.description) == ["widgets:api1/r1", "widgets:api1/r2", "gadgets:api1/r1/GET"])

            let everything = try await store.read { tx in try await tx.listDescendants(of: .root) }
            #expect(everything.count == 8)

            let removed = try await store.write { tx in try await tx.deleteAll(under: api1) }
            #expect(removed == 3)
            let left = try await store.read { tx in try await tx.listDescendants(of: .root) }
            #expect(left.map(\.key.description).sorted() == [
                "widgets:api1", "widgets:api1/x/r", "widgets:api10/r", "widgets:api2", "widgets:api2/r9",
            ])

            let revision = try await store.currentRevision()
            let none = try await store.write { tx in try await tx.deleteAll(under: api1) }
            #expect(none == 0)
            #expect(try await store.currentRevision() == revision)

            let root = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.deleteAll(under: .root) }
            }
            #expect(root?.code == .invalidArgument)
        }
    }

    @Test("a throwing write leaves the previous state whole", arguments: StoreBackend.allCases)
    func rollback(backend: StoreBackend) async throws {
        struct Abort: Error {}
        try await backend.withStore { store in
            try await store.write { tx in
                try await tx.put(.widgets, id: "keep", Widget(name: "keep"))
                try await tx.put(.widgets, id: "doomed", Widget(name: "doomed"))
                try await tx.put(.widgets, parent: StoreParent("keep"), id: "child", Widget(name: "child"))
            }
            let before = try await store.read { tx in try await tx.listDescendants(of: .root) }
            let revisionBefore = try await store.currentRevision()

            await #expect(throws: Abort.self) {
                try await store.write { tx in
                    try await tx.put(.widgets, id: "keep", Widget(name: "changed"))
                    try await tx.put(.widgets, id: "new", Widget(name: "new"))
                    try await tx.delete(.widgets, id: "doomed")
                    try await tx.deleteAll(under: StoreParent("keep"))
                    // The transaction sees its own changes before it fails.
                    #expect(try await tx.get(.widgets, id: "keep")?.value.name == "changed")
                    #expect(try await tx.get(.widgets, id: "doomed") == nil)
                    throw Abort()
                }
            }
            // A store error inside the closure rolls back too.
            let conflict = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in
                    try await tx.put(.widgets, id: "other", Widget(name: "other"))
                    try await tx.put(.widgets, id: "keep", Widget(name: "x"), condition: .ifAbsent)
                }
            }
            #expect(conflict?.code == .alreadyExists)

            let after = try await store.read { tx in try await tx.listDescendants(of: .root) }
            #expect(after.map(\.key) == before.map(\.key))
            #expect(after.map(\.value) == before.map(\.value))
            #expect(after.map(\.metadata) == before.map(\.metadata))
            #expect(try await store.currentRevision() == revisionBefore)
        }
    }

    @Test("50 concurrent writers each incrementing one record end at 50", arguments: StoreBackend.allCases)
    func concurrentWriters(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.write { tx in try await tx.put(.counters, id: "hits", Counter(value: 0)) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await store.write { tx in
                            // Read, yield to other tasks, then write: only serialised writers get 50.
                            let current = try await tx.require(.counters, id: "hits")
                            await Task.yield()
                            try await tx.put(.counters, id: "hits", Counter(value: current.value.value + 1))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let final = try await store.read { tx in try await tx.require(.counters, id: "hits") }
            #expect(final.value == Counter(value: 50))
            #expect(final.version == 51)
            #expect(try await store.currentRevision() == StoreRevision(51))
        }
    }

    @Test("the change feed delivers committed revisions in order", arguments: StoreBackend.allCases)
    func changeFeed(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.write { tx in try await tx.put(.counters, id: "c", Counter(value: 0)) }
            let changes = store.changes()
            var iterator = changes.makeAsyncIterator()
            // The subscription starts with the current revision.
            #expect(await iterator.next() == StoreRevision(1))

            for step in 1...3 {
                try await store.write { tx in try await tx.put(.counters, id: "c", Counter(value: step)) }
                #expect(await iterator.next() == StoreRevision(Int64(1 + step)))
            }
            // A write that changes nothing, and a failed write, announce nothing.
            try await store.write { tx in _ = try await tx.get(.counters, id: "c") }
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await store.write { tx in
                    try await tx.put(.counters, id: "c", Counter(value: -1))
                    throw Abort()
                }
            }
            try await store.write { tx in try await tx.put(.counters, id: "c", Counter(value: 9)) }
            #expect(await iterator.next() == StoreRevision(5))

            // A slow subscriber sees the newest revision, not a backlog.
            let late = store.changes()
            for step in 10..<15 {
                try await store.write { tx in try await tx.put(.counters, id: "c", Counter(value: step)) }
            }
            var lateIterator = late.makeAsyncIterator()
            #expect(await lateIterator.next() == StoreRevision(10))

            // Closing the store finishes the feed.
            try await store.close()
            var seen: [StoreRevision] = []
            while let revision = await iterator.next() {
                seen.append(revision)
            }
            #expect(seen == [StoreRevision(10)])
        }
    }

    @Test("secret collections round-trip and never print their values", arguments: StoreBackend.allCases)
    func secrets(backend: StoreBackend) async throws {
        let credential = Credential(name: "deploy", secret: "s3cr3t-value-0123456789")
        try await backend.withStore { store in
            try await store.write { tx in try await tx.put(.credentials, id: "k1", credential) }
            let entry = try await store.read { tx in try await tx.require(.credentials, id: "k1") }
            #expect(entry.value == credential)
            #expect(!"\(entry)".contains(credential.secret))
            let raw = try await store.read { tx in try await tx.get(StoreRecordKey(collection: "credentials", id: "k1")) }
            #expect(raw.map { "\($0)" }?.contains(credential.secret) == false)
            let listed = try await store.read { tx in try await tx.listAll(.credentials) }
            #expect(listed.map(\.value) == [credential])
            #expect(StoreCollection<Credential>.credentials.isSecret)
        }
    }

    @Test("a read sees one snapshot while a write commits", arguments: StoreBackend.allCases.filter(\.readsRunBesideWrites))
    func snapshotIsolation(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.write { tx in try await tx.put(.counters, id: "c", Counter(value: 1)) }
            let (readerStarted, startReader) = AsyncStream.makeStream(of: Void.self)
            let (writerDone, finishWriter) = AsyncStream.makeStream(of: Void.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await store.read { tx in
                        let first = try await tx.require(.counters, id: "c").value
                        startReader.yield()
                        for await _ in writerDone { break }
                        let second = try await tx.require(.counters, id: "c").value
                        let missing = try await tx.get(.counters, id: "d")
                        #expect(first == Counter(value: 1))
                        #expect(second == Counter(value: 1))
                        #expect(missing == nil)
                        #expect(tx.revision == StoreRevision(1))
                    }
                }
                group.addTask {
                    for await _ in readerStarted { break }
                    try await store.write { tx in
                        try await tx.put(.counters, id: "c", Counter(value: 2))
                        try await tx.put(.counters, id: "d", Counter(value: 3))
                    }
                    finishWriter.yield()
                }
                try await group.waitForAll()
            }
            let now = try await store.read { tx in try await tx.require(.counters, id: "c").value }
            #expect(now == Counter(value: 2))
        }
    }

    @Test("transactions do not nest and do not outlive their closure", arguments: StoreBackend.allCases)
    func transactionScope(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let nestedWrite = await #expect(throws: GatewayStoreError.self) {
                try await store.write { _ in try await store.write { _ in } }
            }
            #expect(nestedWrite?.code == .nestedTransaction)
            let nestedRead = await #expect(throws: GatewayStoreError.self) {
                try await store.write { _ in try await store.read { _ in } }
            }
            #expect(nestedRead?.code == .nestedTransaction)

            let escaped = try await store.write { tx in tx }
            let closed = await #expect(throws: GatewayStoreError.self) {
                try await escaped.put(.widgets, id: "late", Widget(name: "late"))
            }
            #expect(closed?.code == .transactionClosed)
            let escapedRead = try await store.read { tx in tx }
            let closedRead = await #expect(throws: GatewayStoreError.self) {
                try await escapedRead.get(.widgets, id: "late")
            }
            #expect(closedRead?.code == .transactionClosed)

            // A read transaction refuses writes even when cast.
            let readOnly = await #expect(throws: GatewayStoreError.self) {
                try await store.read { tx in
                    guard let writable = tx as? any StoreWriteTransaction else { throw GatewayStoreError.invalidArgument("read only") }
                    try await writable.put(.widgets, id: "x", Widget(name: "x"))
                }
            }
            #expect(readOnly?.code == .invalidArgument)
            // The store still works.
            try await store.write { tx in try await tx.put(.widgets, id: "ok", Widget(name: "ok")) }
            #expect(try await store.read { tx in try await tx.get(.widgets, id: "ok") }?.value.name == "ok")
        }
    }

    @Test("invalid keys and undecodable records give typed errors", arguments: StoreBackend.allCases)
    func invalidInput(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let emptyID = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.put(.widgets, id: "", Widget(name: "x")) }
            }
            #expect(emptyID?.code == .invalidArgument)
            let nul = await #expect(throws: GatewayStoreError.self) {
                try await store.read { tx in try await tx.get(.widgets, parent: StoreParent("a\u{0}b"), id: "x") }
            }
            #expect(nul?.code == .invalidArgument)
            let emptyCollection = await #expect(throws: GatewayStoreError.self) {
                try await store.read { tx in try await tx.list("", parent: .root, after: nil, limit: nil) }
            }
            #expect(emptyCollection?.code == .invalidArgument)

            try await store.write { tx in
                try await tx.put(
                    StoreRecordKey(collection: "widgets", id: "bad"), value: Data("not json".utf8), sealed: false, condition: .always
                )
            }
            let corrupt = await #expect(throws: GatewayStoreError.self) {
                try await store.read { tx in try await tx.get(.widgets, id: "bad") }
            }
            #expect(corrupt?.code == .corruptRecord)
            #expect(corrupt?.key?.id == "bad")
            #expect(corrupt?.underlying != nil)
            #expect(corrupt.map { "\($0)" }?.contains("not json") == false)
        }
    }

    @Test("a closed store refuses transactions", arguments: StoreBackend.allCases)
    func closedStore(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.write { tx in try await tx.put(.widgets, id: "w", Widget(name: "w")) }
            try await store.close()
            let read = await #expect(throws: GatewayStoreError.self) {
                try await store.read { tx in try await tx.get(.widgets, id: "w") }
            }
            #expect(read?.code == .storeClosed)
            let write = await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.delete(.widgets, id: "w") }
            }
            #expect(write?.code == .storeClosed)
            var feed = store.changes().makeAsyncIterator()
            #expect(await feed.next() == nil)
        }
    }
}
