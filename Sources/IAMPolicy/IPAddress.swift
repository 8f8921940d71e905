#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as two 64-bit words (IPv4 in the low 32 bits of `low`), parsed without
/// allocating; an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is its IPv4 address.
struct IPAddress: Sendable, Equatable {
    let high: UInt64
    let low: UInt64
    let isV4: Bool

    var bitCount: Int { isV4 ? 32 : 128 }

    init?(_ text: some StringProtocol) {
        var v4 = in_addr()
        var v6 = in6_addr()
        let parsed: IPAddress? = String(text).withCString { pointer in
            if inet_pton(AF_INET, pointer, &v4) == 1 {
                return IPAddress(high: 0, low: UInt64(UInt32(bigEndian: v4.s_addr)), isV4: true)
            }
            guard inet_pton(AF_INET6, pointer, &v6) == 1 else { return nil }
            var high: UInt64 = 0
            var low: UInt64 = 0
            withUnsafeBytes(of: &v6) { bytes in
                for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
                for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
            }
            if high == 0, low >> 32 == 0xFFFF { return IPAddress(high: 0, low: low & 0xFFFF_FFFF, isV4: true) }
            return IPAddress(high: high, low: low, isV4: false)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    private init(high: UInt64, low: UInt64, isV4: Bool) {
        self.high = high
        self.low = low
        self.isV4 = isV4
    }
}

/// An IPv4 or IPv6 block (`10.0.0.0/8`, `2001:db8::/32`, or a single address, IAM's `/32`
/// default), as IAM's `IpAddress` and `NotIpAddress` operators take them.
public struct CIDRBlock: Sendable {
    let network: IPAddress
    let prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let address = IPAddress(first) else { return nil }
        if parts.count == 2 {
            guard parts[1].allSatisfy(\.isASCII), let prefix = Int(parts[1]), (0...address.bitCount).contains(prefix) else { return nil }
            self.prefix = prefix
        } else {
            prefix = address.bitCount
        }
        network = address
    }

    /// Whether the address `text` is in the block (false when it is no address).
    public func contains(address text: some StringProtocol) -> Bool {
        IPAddress(text).map(contains) ?? false
    }

    func contains(_ address: IPAddress) -> Bool {
        guard address.isV4 == network.isV4 else { return false }
        if network.isV4 {
            let mask: UInt64 = prefix == 0 ? 0 : (0xFFFF_FFFF << (32 - prefix)) & 0xFFFF_FFFF
            return address.low & mask == network.low & mask
        }
        let highMask: UInt64 = prefix >= 64 ? .max : (prefix == 0 ? 0 : .max << (64 - prefix))
        let lowMask: UInt64 = prefix <= 64 ? 0 : (prefix == 128 ? .max : .max << (128 - prefix))
        return address.high & highMask == network.high & highMask && address.low & lowMask == network.low & lowMask
    }
}
