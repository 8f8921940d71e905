import Testing

@testable import DataPlane

/// The lock-free token bucket, on a simulated clock (100 µs ticks): the burst, then the rate,
/// within a fraction of a percent; refusals cost nothing; an idle bucket refills to its burst.
@Suite struct TokenBucketTests {
    @Test func burstThenRate() {
        let bucket = TokenBucket(rate: 100, burst: 10, now: 0)
        var taken = 0
        // 10 s of attempts, one every 100 µs.
        for tick in UInt64(0)..<100_000 where bucket.take(now: tick) { taken += 1 }
        // The burst of 10, then 100 a second for 10 s.
        #expect(abs(taken - 1_010) <= 2, "\(taken)")
    }

    @Test func fractionalRatesAndIdleRefill() {
        let bucket = TokenBucket(rate: 0.5, burst: 2, now: 0)
        #expect(bucket.take(now: 0) && bucket.take(now: 0))
        #expect(!bucket.take(now: 0))
        #expect(!bucket.take(now: 19_000), "half a token a second: not yet after 1.9 s")
        #expect(bucket.take(now: 20_000), "one token after 2 s")
        #expect(bucket.take(now: 1_000_000) && bucket.take(now: 1_000_000) && !bucket.take(now: 1_000_000), "refilled to the burst, no more")
    }

    @Test func rateAccuracyUnderSustainedLoadWithManyBuckets() {
        // 10,000 buckets at 10 requests a second each, offered 50 a second each for 2 s.
        let buckets = (0..<10_000).map { _ in TokenBucket(rate: 10, burst: 1, now: 0) }
        var taken = 0
        for tick in stride(from: UInt64(0), to: 20_000, by: 200) {
            for bucket in buckets where bucket.take(now: tick) { taken += 1 }
        }
        let expected = 10_000 * (1 + 10 * 2)
        #expect(abs(Double(taken - expected)) / Double(expected) < 0.05, "\(taken) against \(expected)")
    }

    @Test func anEmptyBucketWaitsForItsRefill() {
        let bucket = TokenBucket(rate: 1, burst: 1, now: 50_000)
        #expect(bucket.take(now: 50_000))
        #expect(!bucket.take(now: 50_001))
        #expect(!bucket.take(now: 59_999))
        #expect(bucket.take(now: 60_000))
    }
}
