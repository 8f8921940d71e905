import GatewayStore
import Testing

@Suite("StoreParent and StoreRecordKey")
struct StoreParentTests {
    @Test(
        "storage keys round-trip and order descendants after their parent",
        arguments: [
            StoreParent.root, StoreParent("abc"), StoreParent("abc", "r1"), StoreParent("a/b", "50%"),
            StoreParent("", "x"), StoreParent("é", "GET /pets"),
        ]
    )
    func storageKey(parent: StoreParent) throws {
        #expect(try StoreParent(storageKey: parent.storageKey) == parent)
        let child = parent.appending("child/with/slash")
        #expect(parent.contains(child))
        #expect(!child.contains(parent))
        #expect(parent.contains(parent))
        if let upper = parent.storageKeyUpperBound {
            #expect(child.storageKey >= parent.storageKey && child.storageKey.utf8.lexicographicallyPrecedes(upper.utf8))
        }
    }

    @Test("encoding keeps look-alike parents apart")
    func lookAlikes() throws {
        #expect(StoreParent("a/b").storageKey == "a%2Fb/")
        #expect(StoreParent("a", "b").storageKey == "a/b/")
        #expect(!StoreParent("a").contains(StoreParent("a/b")))
        #expect(!StoreParent("a").contains(StoreParent("ab")))
        #expect(StoreParent.root.storageKey.isEmpty)
        #expect(StoreParent.root.storageKeyUpperBound == nil)
        #expect(throws: GatewayStoreError.self) { try StoreParent(storageKey: "a%zz/") }
        #expect(throws: GatewayStoreError.self) { try StoreParent(storageKey: "no-trailing-slash") }
    }

    @Test("keys compare as bytes, not by Unicode equivalence")
    func byteEquality() {
        let precomposed = StoreRecordKey(collection: "c", id: "caf\u{E9}")
        let decomposed = StoreRecordKey(collection: "c", id: "cafe\u{301}")
        #expect(precomposed != decomposed)
        #expect(Set([precomposed, decomposed]).count == 2)
        #expect(precomposed == StoreRecordKey(collection: "c", id: "caf\u{E9}"))
        #expect("\(StoreRecordKey(collection: "resources", parent: StoreParent("api"), id: "r1"))" == "resources:api/r1")
    }
}
