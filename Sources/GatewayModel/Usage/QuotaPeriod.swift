/// The period of a usage plan's quota (`QuotaPeriodType`), in UTC as API Gateway counts it.
///
/// - `DAY`: one UTC day, 00:00 to 24:00 UTC.
/// - `WEEK`: seven days from Sunday 00:00 UTC. AWS does not document the first day of its week;
///   the SDK documentation of `QuotaSettings.offset` once read "with a time period of WEEK, an
///   offset of 0 starts on Sunday", and `offset` defaults to 0, so weeks start on Sunday here.
/// - `MONTH`: from the 1st of the month, 00:00 UTC.
///
/// `offset` is, in AWS's current documentation, "the number of requests subtracted from the given
/// limit in the initial time period" (not a shift of the period's start).
public enum QuotaPeriod: String, Sendable, Hashable, CaseIterable {
    case day = "DAY"
    case week = "WEEK"
    case month = "MONTH"

    /// The first day of the period that contains `day`.
    public func start(of day: UsageDay) -> UsageDay {
        switch self {
        case .day:
            return day
        case .week:
            return day.adding(days: -day.weekday)
        case .month:
            let (year, month, _) = day.date
            return UsageDay(year: year, month: month, day: 1) ?? day
        }
    }
}
