extension String {
    /// Calls `body` with the string's UTF-8 bytes, in place for native strings (the usual case),
    /// through a copy otherwise. Byte loops over a buffer are several times faster than walking
    /// `String.UTF8View` indices, which matters on the per-request path.
    @inline(__always)
    func withUTF8Buffer<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        var copy = self
        return try copy.withUTF8(body)
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The bytes in `range` as a string.
    @inline(__always)
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }

    /// The bytes in `range` as a string, ASCII letters lower-cased.
    func lowercasedString(_ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: self[range])
        guard slice.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            return String(decoding: slice, as: UTF8.self)
        }
        return String(decoding: slice.map(SignableRequest.asciiLowercased), as: UTF8.self)
    }

    /// Whether the bytes in `range` are exactly `text`.
    @inline(__always)
    func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        for offset in 0..<range.count where self[range.lowerBound + offset] != expected[offset] {
            return false
        }
        return true
    }
}
