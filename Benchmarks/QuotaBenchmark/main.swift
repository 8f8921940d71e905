// Quota hot-path micro-benchmark: what the throttle phase adds per request for a key whose plan
// has a quota — the table lookup (`planId/keyId` among 10,000 keys), today's UTC day from the
// request time, the period's start and the counter's compare-and-swaps — on one thread, and with
// two threads counting on one key (the worst contention) and on keys of their own. Median of
// interleaved rounds, in ns per request. Run: swift run -c release quota-benchmark
import DataPlane
import Foundation
import GatewayModel

let keyCount = 10_000
let snapshot = UsagePlanSnapshot(
    apiKeys: (0..<keyCount).map { ApiKey(id: "k\($0)", value: "value-of-key-\($0)-0123456789abcdef", enabled: true) },
    usagePlans: [
        UsagePlan(id: "plan", apiStages: [ApiStage(apiId: "api", stage: "prod")], quota: QuotaSettings(limit: Int(Int32.max), offset: 0, period: "MONTH"))
    ],
    usagePlanKeys: ["plan": (0..<keyCount).map { UsagePlanKey(id: "k\($0)") }], account: Account())
let table = CompiledUsagePlans(snapshot)
let keyIds = (0..<1024).map { "k\(($0 &* 7919) % keyCount)" }
let baseTime: Int64 = 1_796_601_600_000

/// One request's quota work: look the quota up, find the period, count.
@inline(__always)
func count(keyId: String, time: Int64) -> Bool {
    guard let quota = table.quotas["plan/" + keyId] else { return false }
    let day = UsageDay(epochMilliseconds: time)
    let start = quota.period.start(of: day)
    let limit = quota.limit(periodStart: start)
    // The look before the buckets, then the count after them, as the throttle phase does.
    guard !quota.counter.isExhausted(period: start, limit: limit) else { return false }
    return quota.counter.take(period: start, limit: limit, day: day)
}

@inline(never)
func run(requests: Int, keys: [String], offset: Int) -> Int {
    var accepted = 0
    for index in 0..<requests where count(keyId: keys[(index &+ offset) & 1023], time: baseTime &+ Int64(index)) { accepted &+= 1 }
    return accepted
}

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

/// ns per request with `threads` threads doing `requests` each on `keys` (each thread its own
/// slice of keys when `shared` is false).
func measure(threads: Int, requests: Int, shared: Bool) -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    let group = DispatchGroup()
    for thread in 0..<threads {
        let keys = shared ? Array(repeating: keyIds[0], count: 1024) : keyIds
        group.enter()
        Thread {
            precondition(run(requests: requests, keys: keys, offset: thread * 512) == requests)
            group.leave()
        }.start()
    }
    group.wait()
    return nanoseconds(clock.now - start) / Double(requests)
}

let requests = 2_000_000
var results: [String: [Double]] = [:]
let cases: [(String, Int, Bool)] = [
    ("1 thread, 10,000 keys", 1, false), ("2 threads, 10,000 keys", 2, false), ("2 threads, one key", 2, true),
]
_ = measure(threads: 1, requests: requests / 4, shared: false)  // warm up
for _ in 0..<7 {
    for (name, threads, shared) in cases { results[name, default: []].append(measure(threads: threads, requests: requests, shared: shared)) }
}
for (name, _, _) in cases {
    let sorted = (results[name] ?? []).sorted()
    print("\(name): \(String(format: "%.1f", sorted[sorted.count / 2])) ns per request (wall time per request per thread, median of 7)")
}
