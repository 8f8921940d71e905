/// REST canary releases: the per-request choice between a stage and its canary.
///
/// AWS's contract (`CanarySettings`, developer guide "Set up an API Gateway canary release
/// deployment"): `percentTraffic` (a double, 0.0–100.0) of a stage's requests are served by the
/// canary's deployment with the stage variables overridden by `stageVariableOverrides`, and
/// `$context.isCanaryRequest` is `true` for them; each request is decided on its own, so the
/// share is statistical. AWS states no precision beyond the double; here the percentage becomes a
/// threshold on 64 random bits (a resolution of 2⁻⁶⁴), so the share's only error is sampling
/// (at 10 % over 10,000 requests the standard deviation is 0.3 percentage points).
///
/// The split runs in the endpoint phase on the event loop: `CanaryRandom` is a per-loop
/// generator, read without a lock.
public struct CanarySplit: Sendable, Hashable {
    /// `percentTraffic` as given, clamped to 0…100.
    public let percentTraffic: Double
    /// A request whose random draw is below this goes to the canary.
    let threshold: UInt64
    /// 100 %: every request goes to the canary (no draw can reach `UInt64.max + 1`).
    let always: Bool

    public init(percentTraffic: Double) {
        let percent = percentTraffic.isNaN ? 0 : min(max(percentTraffic, 0), 100)
        self.percentTraffic = percent
        always = percent >= 100
        // 2⁶⁴ · p / 100, computed in Double: exact to 53 bits, far below sampling error.
        let scaled = (percent / 100) * 18_446_744_073_709_551_616.0
        threshold = always || scaled >= 18_446_744_073_709_551_615.0 ? .max : UInt64(scaled)
    }

    /// Whether this request goes to the canary.
    @inline(__always)
    public func choosesCanary(_ random: inout CanaryRandom) -> Bool {
        if always { return true }
        if threshold == 0 { return false }
        return random.next() < threshold
    }
}

/// A fast, non-cryptographic generator (SplitMix64, Steele, Lea and Flood 2014): one per event
/// loop, seeded once from the system generator; a fixed seed makes the split reproducible in
/// tests. Traffic splitting needs uniformity, not unpredictability.
public struct CanaryRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// Seeded from the system's generator.
    public init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
