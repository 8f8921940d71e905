/// A REST API's `binaryMediaTypes` (`image/png`, `image/*`, `*/*`), matched against a
/// `Content-Type` or `Accept` value; and the text types HTTP APIs pass to Lambda as text.
///
/// Matching is case-insensitive, on the media type without its parameters; `type/*` matches
/// every subtype and `*/*` everything. An `Accept` list matches on its first entry, as AWS
/// decides on the first type the client accepts.
public struct BinaryMediaTypes: Sendable {
    private let exact: Set<String>
    private let wildcardTypes: Set<String>
    private let everything: Bool

    public static let none = BinaryMediaTypes(nil)

    public init(_ types: [String]?) {
        var exact: Set<String> = []
        var wildcardTypes: Set<String> = []
        var everything = false
        for text in types ?? [] {
            // The management API stores `/` as `~1` in patch paths; a stored value may still carry it.
            let type = Self.mediaType(text.replacingOccurrences(of: "~1", with: "/"))
            if type == "*/*" {
                everything = true
            } else if type.hasSuffix("/*") {
                wildcardTypes.insert(String(type.dropLast(2)))
            } else if !type.isEmpty {
                exact.insert(type)
            }
        }
        self.exact = exact
        self.wildcardTypes = wildcardTypes
        self.everything = everything
    }

    public var isEmpty: Bool { exact.isEmpty && wildcardTypes.isEmpty && !everything }

    /// Whether `header` (a `Content-Type`, or an `Accept` list: its first entry) is binary.
    public func matches(_ header: String?) -> Bool {
        guard let header, !isEmpty else { return false }
        let type = Self.mediaType(String(header.prefix { $0 != "," }))
        guard !type.isEmpty else { return false }
        if everything || exact.contains(type) { return true }
        return wildcardTypes.contains(String(type.prefix { $0 != "/" }))
    }

    /// HTTP APIs send a body to Lambda as text when its `Content-Type` is `text/*`, JSON,
    /// JavaScript or XML (`application/json`, `application/javascript`, `application/xml`, and
    /// `+json`/`+xml` types); every other body, and one without a type, goes base64.
    public static func isText(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = mediaType(contentType)
        return type.hasPrefix("text/") || type == "application/json" || type == "application/javascript"
            || type == "application/xml" || type.hasSuffix("+json") || type.hasSuffix("+xml")
    }

    /// `Text/HTML; charset=utf-8` → `text/html`.
    private static func mediaType(_ text: String) -> String {
        String(text.prefix { $0 != ";" }).trimmingWhitespace().lowercased()
    }
}
