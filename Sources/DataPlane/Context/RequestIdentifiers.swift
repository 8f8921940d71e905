/// Makes request ids (`x-amzn-RequestId`: a lower-case UUID), extended request ids
/// (`x-amz-apigw-id`: 16 base64 characters ending in `=`) and X-Ray trace ids.
///
/// One instance per event loop: it is not thread-safe and needs no lock. The ids are unique,
/// not secret, so a fast PRNG (xoshiro256**) seeded from the system generator is enough.
public struct RequestIdentifiers {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init() {
        var system = SystemRandomNumberGenerator()
        state = (system.next(), system.next(), system.next(), system.next() | 1)
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    private static let base64: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// A version-4 UUID string, lower case.
    public mutating func requestId() -> String {
        var high = next()
        var low = next()
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & ~(0xC000_0000_0000_0000)) | 0x8000_0000_0000_0000  // variant 10
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var index = 0
            func put(_ value: UInt64, nibbles: Int) {
                for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                    buffer[index] = Self.hex[Int((value >> UInt64(shift)) & 0xF)]
                    index += 1
                }
            }
            func dash() {
                buffer[index] = UInt8(ascii: "-")
                index += 1
            }
            put(high >> 32, nibbles: 8)
            dash()
            put(high >> 16, nibbles: 4)
            dash()
            put(high, nibbles: 4)
            dash()
            put(low >> 48, nibbles: 4)
            dash()
            put(low, nibbles: 12)
            return 36
        }
    }

    /// 15 base64 characters of randomness and a final `=`, like `Xh1tMFpHvHcEbXQ=`.
    public mutating func extendedRequestId() -> String {
        let value = next()
        let extra = next()
        return String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<10 {
                buffer[index] = Self.base64[Int((value >> UInt64(index * 6)) & 0x3F)]
            }
            for index in 0..<4 {
                buffer[10 + index] = Self.base64[Int((extra >> UInt64(index * 6)) & 0x3F)]
            }
            // The 15th character of a 10-byte base64 text carries 4 bits, so it is one of 16 letters.
            buffer[14] = Self.base64[Int((extra >> 24) & 0xF) << 2]
            buffer[15] = UInt8(ascii: "=")
            return 16
        }
    }

    /// An X-Ray trace header value: `Root=1-{8 hex epoch seconds}-{24 hex random}`.
    public mutating func traceId(epochSeconds: Int64) -> String {
        let a = next()
        let b = next()
        return String(unsafeUninitializedCapacity: 40) { buffer in
            var index = 0
            for byte in "Root=1-".utf8 {
                buffer[index] = byte
                index += 1
            }
            func put(_ value: UInt64, nibbles: Int) {
                for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                    buffer[index] = Self.hex[Int((value >> UInt64(shift)) & 0xF)]
                    index += 1
                }
            }
            put(UInt64(truncatingIfNeeded: epochSeconds), nibbles: 8)
            buffer[index] = UInt8(ascii: "-")
            index += 1
            put(a, nibbles: 16)
            put(b, nibbles: 8)
            return index
        }
    }
}
