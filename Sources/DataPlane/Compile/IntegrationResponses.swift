public import NIOHTTP1

/// A REST integration's `integrationResponses`, compiled once: selection patterns become
/// regular expressions here, never per request.
public struct IntegrationResponses: Sendable {
    public struct Entry: Sendable {
        public let selectionPattern: String?
        let pattern: SelectionPattern?
        public let status: HTTPResponseStatus
        public let headers: [(name: String, source: MappingSource)]
        public let templates: [String: MappingTemplate]
        /// `contentHandling`: text/binary conversion of the method response's payload.
        public var contentHandling: ContentHandling? = nil
    }

    public let entries: [Entry]
    public let defaultEntry: Entry?

    public init(entries: [Entry], defaultEntry: Entry?) {
        self.entries = entries
        self.defaultEntry = defaultEntry
    }

    /// The response whose `selectionPattern` matches `text` entirely (Java `matches()`), else the
    /// default (no pattern); nil when neither exists.
    public func select(_ text: String) -> Entry? {
        for entry in entries where entry.pattern?.matches(text) == true { return entry }
        return defaultEntry
    }
}

/// A compiled selection pattern. `Regex` keeps no mutable state once built, so sharing one across
/// event loops is safe.
struct SelectionPattern: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>

    init(_ source: String) throws {
        regex = try Regex(source).dotMatchesNewlines()
    }

    func matches(_ text: String) -> Bool {
        (try? regex.wholeMatch(in: text)) != nil
    }
}
