#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The date values of IAM's `Date…` operators: one of the W3C profiles of ISO 8601
/// (`2026`, `2026-12`, `2026-12-07`, `2026-12-07T04:51Z`, `2026-12-07T04:51:57+01:00`,
/// `2026-12-07T04:51:57.250Z`) or epoch seconds (`1796618317`), as
/// [Date condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date)
/// describe them.
enum PolicyDate {
    /// Seconds since 1970, or nil when `text` is no such date.
    static func seconds(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 40 else { return nil }
        if bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }), bytes.count != 4 { return Double(text) }
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4) else { return nil }
        var month = 1
        var day = 1
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
        var offset = 0
        if take(UInt8(ascii: "-")) {
            guard let value = number(2), (1...12).contains(value) else { return nil }
            month = value
            if take(UInt8(ascii: "-")) {
                guard let value = number(2), (1...31).contains(value) else { return nil }
                day = value
                if take(UInt8(ascii: "T")) {
                    guard let h = number(2), h < 24, take(UInt8(ascii: ":")), let m = number(2), m < 60 else { return nil }
                    hour = h
                    minute = m
                    if take(UInt8(ascii: ":")) {
                        guard let s = number(2), s < 61 else { return nil }
                        second = s
                        if take(UInt8(ascii: ".")) {
                            var scale = 0.1
                            let start = index
                            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                                fraction += Double(bytes[index] - 48) * scale
                                scale /= 10
                                index += 1
                            }
                            guard index > start else { return nil }
                        }
                    }
                    if take(UInt8(ascii: "Z")) {
                        offset = 0
                    } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                        let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                        index += 1
                        guard let h = number(2), h < 24, take(UInt8(ascii: ":")), let m = number(2), m < 60 else { return nil }
                        offset = sign * (h * 3600 + m * 60)
                    } else {
                        return nil
                    }
                }
            }
        }
        guard index == bytes.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Double(timegm(&parts)) - Double(offset) + fraction
    }
}
