import Atomics

/// A token bucket shared by every event loop without a lock: `rate` tokens a second up to
/// `burst`, its whole state in one atomic word updated by compare-and-swap.
///
/// The word packs the tokens in thousandths (26 bits: up to 67,108 tokens) and the time of the
/// last take in 100 µs ticks (38 bits: about 318 days, after which a bucket simply refills).
/// Refill is computed lazily from the time since the last take, so an idle bucket costs nothing;
/// a refused request changes nothing.
final class TokenBucket: Sendable {
    let rate: Double
    let burst: Int
    private let state: ManagedAtomic<UInt64>
    private let capacity: UInt64
    /// Thousandths of a token per tick.
    private let refillPerTick: Double

    private static let tokenBits: UInt64 = 26
    private static let tokenMask: UInt64 = (1 << tokenBits) - 1
    private static let maximumTokens = Int(tokenMask / 1000)
    private static let tickMask: UInt64 = (1 << (64 - tokenBits)) - 1

    init(rate: Double, burst: Int, now ticks: UInt64 = TokenBucket.nowTicks()) {
        self.rate = max(0, rate)
        self.burst = max(0, min(burst, Self.maximumTokens))
        capacity = UInt64(self.burst) * 1000
        refillPerTick = self.rate * 1000 / 10_000
        state = ManagedAtomic(Self.pack(tokens: capacity, ticks: ticks))
    }

    /// Takes one token if there is one.
    func take(now ticks: UInt64 = TokenBucket.nowTicks()) -> Bool {
        var old = state.load(ordering: .relaxed)
        while true {
            let (tokens, last) = Self.unpack(old)
            var available = capacity
            if ticks >= last {
                let refill = Double(ticks - last) * refillPerTick
                available = refill >= Double(capacity) ? capacity : min(capacity, tokens + UInt64(refill))
            }
            guard available >= 1000 else { return false }
            let new = Self.pack(tokens: available - 1000, ticks: ticks)
            let (exchanged, original) = state.compareExchange(expected: old, desired: new, ordering: .relaxed)
            if exchanged { return true }
            old = original
        }
    }

    /// Whether the bucket has the same limits (so that its state can be kept across recompiles).
    func hasLimits(rate: Double, burst: Int) -> Bool {
        self.rate == max(0, rate) && self.burst == max(0, min(burst, Self.maximumTokens))
    }

    /// Monotonic time in 100 µs ticks, wrapped to the 38 bits a bucket keeps.
    static func nowTicks() -> UInt64 {
        let (seconds, attoseconds) = (ContinuousClock.now - ContinuousClock.zeroPoint).components
        let ticks = UInt64(max(0, seconds)) &* 10_000 &+ UInt64(max(0, attoseconds)) / 100_000_000_000_000
        return ticks & tickMask
    }

    private static func pack(tokens: UInt64, ticks: UInt64) -> UInt64 {
        ((ticks & tickMask) << tokenBits) | (tokens & tokenMask)
    }

    private static func unpack(_ word: UInt64) -> (tokens: UInt64, ticks: UInt64) {
        (word & tokenMask, word >> tokenBits)
    }
}

extension ContinuousClock {
    /// A fixed instant all ticks are counted from.
    fileprivate static let zeroPoint = ContinuousClock.now
}
