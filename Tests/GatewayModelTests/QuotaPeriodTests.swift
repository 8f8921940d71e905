import GatewayModel
import Testing

/// UTC days and quota periods: the calendar arithmetic against known dates, strict parsing, and
/// period boundaries (DAY at 00:00 UTC, WEEK from Sunday, MONTH from the 1st, leap years).
@Suite struct QuotaPeriodTests {
    static let millisecondsPerDay: Int64 = 86_400_000

    @Test func daysFromInstants() {
        #expect(UsageDay(epochMilliseconds: 0).description == "1970-01-01")
        #expect(UsageDay(epochMilliseconds: -1).description == "1969-12-31")
        // 2026-12-07T23:59:59.999Z and one millisecond later.
        let midnight: Int64 = 1_796_688_000_000
        #expect(UsageDay(epochMilliseconds: midnight - 1).description == "2026-12-07")
        #expect(UsageDay(epochMilliseconds: midnight).description == "2026-12-08")
    }

    @Test func civilDatesRoundTrip() {
        // 0001-01-01 through 9999-12-31: every date that `yyyy-MM-dd` can write.
        for days in stride(from: -719_162, through: 2_932_896, by: 997) {
            let day = UsageDay(daysSinceEpoch: days)
            #expect(UsageDay(parsing: day.description) == day, "\(day)")
        }
        #expect(UsageDay(daysSinceEpoch: -719_162).description == "0001-01-01")
        #expect(UsageDay(daysSinceEpoch: 2_932_896).description == "9999-12-31")
        #expect(UsageDay(parsing: "2024-02-29")?.daysSinceEpoch == 19_782)
        #expect(UsageDay(parsing: "2000-03-01") == UsageDay(year: 2000, month: 2, day: 29)?.adding(days: 1))
    }

    @Test(arguments: ["2026-13-01", "2026-02-29", "2025-00-10", "2026-1-01", "2026-01-1", "20260101", "2026/01/01", "", "0000-01-01",
        "２026-01-01", "2026-01-01 ", "-026-01-01", "2026-04-31"])
    func badDatesDoNotParse(text: String) {
        #expect(UsageDay(parsing: text) == nil)
    }

    @Test func weekdays() {
        #expect(UsageDay(parsing: "1970-01-01")?.weekday == 4)
        #expect(UsageDay(parsing: "2026-12-06")?.weekday == 0)
        #expect(UsageDay(parsing: "2026-12-12")?.weekday == 6)
    }

    @Test func periodStarts() throws {
        let day = try #require(UsageDay(parsing: "2026-12-09"))  // a Wednesday
        #expect(QuotaPeriod.day.start(of: day).description == "2026-12-09")
        #expect(QuotaPeriod.week.start(of: day).description == "2026-12-06")
        #expect(QuotaPeriod.month.start(of: day).description == "2026-12-01")
        let sunday = try #require(UsageDay(parsing: "2026-12-06"))
        #expect(QuotaPeriod.week.start(of: sunday) == sunday)
        let saturday = try #require(UsageDay(parsing: "2026-12-05"))
        #expect(QuotaPeriod.week.start(of: saturday).description == "2026-11-29")
        #expect(QuotaPeriod.month.start(of: try #require(UsageDay(parsing: "2024-02-29"))).description == "2024-02-01")
        #expect(QuotaPeriod.month.start(of: try #require(UsageDay(parsing: "2027-01-01"))).description == "2027-01-01")
        #expect(QuotaPeriod.week.start(of: try #require(UsageDay(parsing: "2027-01-01"))).description == "2026-12-27")
        #expect(QuotaPeriod(rawValue: "YEAR") == nil)
    }

    @Test func offsetIsSubtractedInTheInitialPeriodOnly() throws {
        let created = try #require(UsageDay(parsing: "2026-12-09"))
        let quota = QuotaSettings(limit: 100, offset: 30, period: "MONTH")
        let initial = quota.initialPeriod(planCreated: created)
        #expect(initial?.description == "2026-12-01")
        #expect(quota.limit(periodStart: QuotaPeriod.month.start(of: created), initialPeriod: initial) == 70)
        #expect(quota.limit(periodStart: try #require(UsageDay(parsing: "2027-01-01")), initialPeriod: initial) == 100)
        #expect(QuotaSettings(limit: 100, offset: 0, period: "MONTH").initialPeriod(planCreated: created) == nil)
        #expect(QuotaSettings(limit: 5, offset: 9, period: "DAY").limit(periodStart: created, initialPeriod: created) == 0)
    }
}
