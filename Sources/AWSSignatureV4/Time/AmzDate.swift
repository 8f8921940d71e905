#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An instant in UTC with one-second precision: the time a request was signed, as carried by
/// `X-Amz-Date` in ISO 8601 basic format (`20150830T123600Z`).
///
/// A plain count of seconds keeps the hot path free of Foundation formatters: parsing and
/// formatting are a few integer operations (see `CivilTime`).
public struct AmzDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64

    /// The instant `secondsSince1970` seconds after the Unix epoch.
    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// The current time of the system's real-time clock, truncated to the second.
    public static func now() -> AmzDate {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return AmzDate(secondsSince1970: Int64(time.tv_sec))
    }

    /// This instant moved by `seconds` (which may be negative).
    public func adding(seconds: Int64) -> AmzDate {
        AmzDate(secondsSince1970: secondsSince1970 &+ seconds)
    }

    public static func < (lhs: AmzDate, rhs: AmzDate) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    /// ISO 8601 basic format, as in `X-Amz-Date`: `yyyyMMdd'T'HHmmss'Z'`.
    public var iso8601Basic: String {
        let fields = CivilTime(secondsSince1970: secondsSince1970)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        fields.appendDate(to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        CivilTime.appendTwoDigits(fields.hour, to: &bytes)
        CivilTime.appendTwoDigits(fields.minute, to: &bytes)
        CivilTime.appendTwoDigits(fields.second, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The date part, `yyyyMMdd`, as used in a credential scope.
    public var dateStamp: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8)
        CivilTime(secondsSince1970: secondsSince1970).appendDate(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { iso8601Basic }

    /// Parses ISO 8601 basic format, exactly `yyyyMMdd'T'HHmmss'Z'` (16 characters), the only form
    /// AWS accepts in `X-Amz-Date`. Returns `nil` for anything else, including impossible dates.
    public init?(iso8601Basic text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z"),
            let year = CivilTime.number(bytes[0..<4]), let month = CivilTime.number(bytes[4..<6]),
            let day = CivilTime.number(bytes[6..<8]), let hour = CivilTime.number(bytes[9..<11]),
            let minute = CivilTime.number(bytes[11..<13]), let second = CivilTime.number(bytes[13..<15]),
            let fields = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        self.init(secondsSince1970: fields.secondsSince1970)
    }

    /// Parses an HTTP `Date` header in the RFC 5322 / IMF-fixdate form, with or without the day
    /// of the week: `Sun, 30 Aug 2015 12:36:00 GMT`, `30 Aug 2015 12:36:00 +0000` (the form
    /// botocore writes is `-0000`). The zone may be `GMT`, `UT`, `UTC`, `Z` or a numeric offset.
    /// The obsolete RFC 850 and asctime forms are not accepted.
    public init?(httpDate text: some StringProtocol) {
        var tokens = String(text).split(whereSeparator: { (character: Character) in
            character == " " || character == "\t"
        })
        .map(String.init)
        if let first = tokens.first, first.hasSuffix(",") || CivilTime.weekdays.contains(first) {
            tokens.removeFirst()
        }
        guard tokens.count == 5, tokens[0].utf8.count <= 2, let day = CivilTime.number(Array(tokens[0].utf8)[...]),
            let month = CivilTime.months.firstIndex(of: tokens[1]).map({ Int64($0) + 1 }),
            tokens[2].utf8.count == 4, let year = CivilTime.number(Array(tokens[2].utf8)[...])
        else { return nil }
        let clock = Array(tokens[3].utf8)
        guard clock.count == 8, clock[2] == UInt8(ascii: ":"), clock[5] == UInt8(ascii: ":"),
            let hour = CivilTime.number(clock[0..<2]), let minute = CivilTime.number(clock[3..<5]),
            let second = CivilTime.number(clock[6..<8]),
            let offset = CivilTime.zoneOffsetSeconds(tokens[4]),
            let fields = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        self.init(secondsSince1970: fields.secondsSince1970 - offset)
    }
}
