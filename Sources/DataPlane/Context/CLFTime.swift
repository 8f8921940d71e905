import GatewayModel

/// Formats times the way `$context.requestTime` shows them (`25/Nov/2026:00:45:00 +0000`),
/// without Foundation formatters: this runs per request.
public enum CLFTime {
    private static let months: [UInt8] = Array("JanFebMarAprMayJunJulAugSepOctNovDec".utf8)

    /// Written byte by byte into one 26-byte string (an access log line asks for it per request:
    /// interpolating its seven parts cost about as much as the rest of the line).
    public static func format(epochMilliseconds: Int64) -> String {
        let c = CivilTime(epochSeconds: epochMilliseconds / 1000)
        guard (0...9999).contains(c.year) else {
            return "\(c.day)/\(c.month)/\(c.year):\(c.hour):\(c.minute):\(c.second) +0000"
        }
        return String(unsafeUninitializedCapacity: 26) { buffer in
            func two(_ value: Int, at index: Int) {
                buffer[index] = UInt8(ascii: "0") + UInt8(value / 10)
                buffer[index + 1] = UInt8(ascii: "0") + UInt8(value % 10)
            }
            two(c.day, at: 0)
            buffer[2] = UInt8(ascii: "/")
            for offset in 0..<3 { buffer[3 + offset] = months[(c.month - 1) * 3 + offset] }
            buffer[6] = UInt8(ascii: "/")
            two(c.year / 100, at: 7)
            two(c.year % 100, at: 9)
            buffer[11] = UInt8(ascii: ":")
            two(c.hour, at: 12)
            buffer[14] = UInt8(ascii: ":")
            two(c.minute, at: 15)
            buffer[17] = UInt8(ascii: ":")
            two(c.second, at: 18)
            for (offset, byte) in " +0000".utf8.enumerated() { buffer[20 + offset] = byte }
            return 26
        }
    }
}

/// A UTC calendar time from Unix seconds (the calendar arithmetic is `UsageDay`'s).
public struct CivilTime: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// 0 = Sunday.
    public var weekday: Int

    public init(epochSeconds: Int64) {
        let (quotient, remainder) = epochSeconds.quotientAndRemainder(dividingBy: 86_400)
        let days = remainder < 0 ? quotient - 1 : quotient
        let rest = Int(epochSeconds - days * 86_400)
        hour = rest / 3600
        minute = (rest % 3600) / 60
        second = rest % 60
        let date = UsageDay(daysSinceEpoch: Int(days))
        weekday = date.weekday
        (year, month, day) = date.date
    }
}
