public import Foundation
public import JSON

/// Which audit events `portcullis audit` shows: all of the given conditions hold.
public struct AuditEventFilter: Sendable {
    /// Events at or after / at or before these times.
    public var since: Date?
    public var until: Date?
    /// An API's id: its calls (`restApiId`, `apiId` in the request) and the call that created it.
    public var apiId: String?
    /// An access key id or a principal's ARN.
    public var user: String?
    /// Operation names (`CreateApiKey`); any of them.
    public var eventNames: [String] = []

    public init(since: Date? = nil, until: Date? = nil, apiId: String? = nil, user: String? = nil, eventNames: [String] = []) {
        self.since = since
        self.until = until
        self.apiId = apiId
        self.user = user
        self.eventNames = eventNames
    }

    /// Operations whose answer's `id` is a new API's.
    static let apiCreations: Set<String> = ["CreateRestApi", "ImportRestApi", "CreateApi", "ImportApi"]

    public func matches(_ event: JSONValue) -> Bool {
        if since != nil || until != nil {
            guard let text = event["eventTime"]?.stringValue, let time = ISO8601DateFormatter().date(from: text) else { return false }
            if let since, time < since { return false }
            if let until, time > until { return false }
        }
        let name = event["eventName"]?.stringValue ?? ""
        if !eventNames.isEmpty, !eventNames.contains(name) { return false }
        if let user {
            let identity = event["userIdentity"]
            guard identity?["accessKeyId"]?.stringValue == user || identity?["arn"]?.stringValue == user else { return false }
        }
        if let apiId {
            let request = event["requestParameters"]
            let response = event["responseElements"]
            let candidates = [
                request?["restApiId"], request?["apiId"], response?["restApiId"], response?["apiId"],
                Self.apiCreations.contains(name) ? response?["id"] : nil,
            ]
            guard candidates.contains(where: { $0?.stringValue == apiId }) else { return false }
        }
        return true
    }

    /// A time as the CLI takes it: ISO 8601 (`2026-12-07T08:00:00Z`, or a date), or a time before
    /// `now` (`30s`, `15m`, `2h`, `7d`).
    public static func time(_ text: String, now: Date = Date()) -> Date? {
        if let unit = text.last, let amount = Double(text.dropLast()), amount >= 0 {
            let seconds: Double? =
                switch unit {
                case "s": 1
                case "m": 60
                case "h": 3600
                case "d": 86_400
                default: nil
                }
            if let seconds { return now.addingTimeInterval(-amount * seconds) }
        }
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}
