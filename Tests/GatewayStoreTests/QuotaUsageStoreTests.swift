import GatewayStore
import Testing

/// Usage counters in every backend: additions accumulate, never raise the revision nor announce a
/// change; a management set and a delete do; reads filter by plan and day; hostile counts refused.
@Suite("Quota usage counters in the store")
struct QuotaUsageStoreTests {
    @Test("adding usage accumulates without raising the revision", arguments: StoreBackend.allCases)
    func additions(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let before = try await store.currentRevision()
            for _ in 0..<3 {
                try await store.write { tx in
                    try await tx.addUsage([
                        StoreUsageCount(planId: "p1", keyId: "k1", day: "2026-12-07", used: 2),
                        StoreUsageCount(planId: "p1", keyId: "k2", day: "2026-12-06", used: 1),
                        StoreUsageCount(planId: "p2", keyId: "k1", day: "2026-12-07", used: 5),
                    ])
                }
            }
            #expect(try await store.currentRevision() == before)
            let p1 = try await store.read { tx in try await tx.usageCounts(planId: "p1", from: "2026-12-01", through: "2026-12-31") }
            #expect(p1 == [
                StoreUsageCount(planId: "p1", keyId: "k1", day: "2026-12-07", used: 6),
                StoreUsageCount(planId: "p1", keyId: "k2", day: "2026-12-06", used: 3),
            ])
            let today = try await store.read { tx in try await tx.usageCounts(planId: nil, from: "2026-12-07", through: "2026-12-07") }
            #expect(today.map(\.used) == [6, 15])
        }
    }

    @Test("setting and deleting usage raise the revision", arguments: StoreBackend.allCases)
    func managementChanges(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.write { tx in
                try await tx.addUsage([StoreUsageCount(planId: "p1", keyId: "k1", day: "2026-12-07", used: 9)])
            }
            let before = try await store.currentRevision()
            try await store.write { tx in try await tx.setUsage(StoreUsageCount(planId: "p1", keyId: "k1", day: "2026-12-07", used: 4)) }
            #expect(try await store.currentRevision() == before.next)
            #expect(try await store.read { tx in try await tx.usageCounts(planId: "p1", from: "2026-12-07", through: "2026-12-07") }.map(\.used) == [4])
            let deleted = try await store.write { tx in try await tx.deleteUsage(planId: "p1", keyId: "k1") }
            #expect(deleted == 1)
            #expect(try await store.currentRevision() == before.next.next)
            #expect(try await store.read { tx in try await tx.usageCounts(planId: nil, from: "0000", through: "9999") }.isEmpty)
        }
    }

    @Test("negative counts and empty ids are refused", arguments: StoreBackend.allCases)
    func hostile(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.addUsage([StoreUsageCount(planId: "p", keyId: "k", day: "2026-12-07", used: -1)]) }
            }
            await #expect(throws: GatewayStoreError.self) {
                try await store.write { tx in try await tx.setUsage(StoreUsageCount(planId: "", keyId: "k", day: "2026-12-07", used: 1)) }
            }
        }
    }
}
