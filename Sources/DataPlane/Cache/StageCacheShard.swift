/// One shard of a stage cache: entries by key with their expiry and their cost in bytes, the
/// least recently used first to go. A pure value with O(1) operations (a dictionary into slots
/// that form a doubly linked list by index); `StageCache` keeps each shard behind its own lock
/// and decides when to evict.
struct StageCacheShard<Value: Sendable>: Sendable {
    private struct Slot: Sendable {
        var key: DigestKey
        /// nil once removed (the slot waits in `free`), so that the value's memory goes at once.
        var value: Value?
        /// Milliseconds since the epoch from which the entry is stale.
        var expires: Int64
        var cost: Int
        /// Neighbours by index (-1: none): toward the most and the least recently used.
        var newer: Int
        var older: Int
    }

    private var slots: [Slot] = []
    private var index: [DigestKey: Int] = [:]
    private var free: [Int] = []
    private var newest = -1
    private var oldest = -1
    /// The cost of every entry held.
    private(set) var bytes = 0

    var count: Int { index.count }

    /// The value of `key` while it is fresh (`now` before its expiry), which becomes the most
    /// recently used; a stale entry is removed. Returns the value and the bytes removed.
    mutating func value(for key: DigestKey, now: Int64) -> (value: Value?, freed: Int) {
        guard let slot = index[key] else { return (nil, 0) }
        guard now < slots[slot].expires else { return (nil, remove(slot)) }
        touch(slot)
        return (slots[slot].value, 0)
    }

    /// Stores `value` as the most recently used, replacing what `key` held; returns the change
    /// in bytes.
    mutating func insert(_ value: Value, for key: DigestKey, cost: Int, expires: Int64) -> Int {
        var delta = cost
        if let existing = index[key] { delta -= remove(existing) }
        let slot: Int
        let fresh = Slot(key: key, value: value, expires: expires, cost: cost, newer: -1, older: newest)
        if let reused = free.popLast() {
            slot = reused
            slots[slot] = fresh
        } else {
            slot = slots.count
            slots.append(fresh)
        }
        if newest >= 0 { slots[newest].newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
        index[key] = slot
        bytes += cost
        return delta
    }

    /// Removes the least recently used entry; returns its cost (0 when empty).
    mutating func evictOldest() -> Int {
        oldest >= 0 ? remove(oldest) : 0
    }

    /// Removes everything; returns the bytes freed.
    mutating func removeAll() -> Int {
        let freed = bytes
        self = StageCacheShard()
        return freed
    }

    private mutating func touch(_ slot: Int) {
        guard slot != newest else { return }
        unlink(slot)
        slots[slot].older = newest
        slots[slot].newer = -1
        if newest >= 0 { slots[newest].newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }

    private mutating func remove(_ slot: Int) -> Int {
        unlink(slot)
        let cost = slots[slot].cost
        index[slots[slot].key] = nil
        slots[slot].value = nil
        free.append(slot)
        bytes -= cost
        return cost
    }

    private mutating func unlink(_ slot: Int) {
        let (newer, older) = (slots[slot].newer, slots[slot].older)
        if newer >= 0 { slots[newer].older = older } else { newest = older }
        if older >= 0 { slots[older].newer = newer } else { oldest = newer }
    }
}
