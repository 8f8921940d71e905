extension QuotaSettings {
    /// The period, when it is one AWS knows (`DAY`, `WEEK`, `MONTH`).
    public var quotaPeriod: QuotaPeriod? { period.flatMap(QuotaPeriod.init(rawValue:)) }

    /// The initial period of a plan created on `created`: the one AWS subtracts `offset` in ("for
    /// the initial time period, the number of requests to subtract from the specified limit. When
    /// you first implement a usage plan, the plan might start in the middle of the week or
    /// month"). Nil without an offset, a period or a creation day.
    public func initialPeriod(planCreated created: UsageDay?) -> UsageDay? {
        guard let created, let period = quotaPeriod, (offset ?? 0) > 0 else { return nil }
        return period.start(of: created)
    }

    /// The limit of the period starting `periodStart`: `limit`, less `offset` in the initial one.
    public func limit(periodStart: UsageDay, initialPeriod: UsageDay?) -> Int {
        let limit = max(0, self.limit ?? 0)
        return periodStart == initialPeriod ? max(0, limit - (offset ?? 0)) : limit
    }
}
