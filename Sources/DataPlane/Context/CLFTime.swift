import GatewayModel

/// Formats times the way `$context.requestTime` shows them (`25/Nov/2026:00:45:00 +0000`),
/// without Foundation formatters: this runs per request.
public enum CLFTime {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func format(epochMilliseconds: Int64) -> String {
        let c = CivilTime(epochSeconds: epochMilliseconds / 1000)
        return "\(pad(c.day))/\(months[c.month - 1])/\(c.year):\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) +0000"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
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
