/// A regular expression for the Java `String` methods templates call (`replaceAll`,
/// `replaceFirst`, `matches`, `split`), with Java's replacement syntax (`$1` for a group, `\$` for
/// a dollar). Swift's regex syntax reads the Java patterns templates use (classes, quantifiers,
/// groups, anchors, `\\d`, `\\s`, `\\w`, escapes) the same way.
///
/// `Regex` holds no mutable state once built, so one compiled pattern is shared by every render.
struct JavaRegex: @unchecked Sendable {
    private let regex: Regex<AnyRegexOutput>

    init(_ pattern: String) throws(TemplateRenderError) {
        do {
            regex = try Regex(pattern)
        } catch {
            throw .method("invalid regular expression: \(error)")
        }
    }

    /// Java `String.matches`: the whole string.
    func matches(_ text: String) -> Bool {
        (try? regex.wholeMatch(in: text)) != nil
    }

    /// Java `replaceAll` / `replaceFirst`.
    func replace(in text: String, with replacement: String, all: Bool) throws(TemplateRenderError) -> String {
        var output = ""
        var last = text.startIndex
        for match in text.matches(of: regex) {
            output += text[last..<match.range.lowerBound]
            try Self.appendReplacement(replacement, match: match, into: &output)
            last = match.range.upperBound
            if !all { break }
        }
        output += text[last...]
        return output
    }

    /// Java `split(regex)`: zero-width matches at the start give no leading empty string, and
    /// trailing empty strings are removed.
    func split(_ text: String) -> [String] {
        var parts: [String] = []
        var last = text.startIndex
        for match in text.matches(of: regex) {
            if match.range.isEmpty && match.range.lowerBound == text.startIndex { continue }
            if match.range.isEmpty && match.range.lowerBound == text.endIndex { continue }
            parts.append(String(text[last..<match.range.lowerBound]))
            last = match.range.upperBound
        }
        parts.append(String(text[last...]))
        if parts.count == 1 { return parts }
        while parts.count > 0, parts.last?.isEmpty == true { parts.removeLast() }
        return parts
    }

    private static func appendReplacement(_ replacement: String, match: Regex<AnyRegexOutput>.Match, into output: inout String) throws(TemplateRenderError) {
        var characters = replacement[...]
        while let character = characters.popFirst() {
            switch character {
            case "\\":
                guard let escaped = characters.popFirst() else { throw .method("character to be escaped is missing") }
                output.append(escaped)
            case "$":
                guard let digit = characters.first, let first = digit.wholeNumberValue else {
                    throw .method("illegal group reference in the replacement")
                }
                characters.removeFirst()
                var group = first
                // Java takes further digits while they still name an existing group.
                while let next = characters.first?.wholeNumberValue, group * 10 + next < match.output.count {
                    group = group * 10 + next
                    characters.removeFirst()
                }
                guard group < match.output.count else { throw .method("no group \(group) in the pattern") }
                if let substring = match.output[group].substring { output += substring }
            default:
                output.append(character)
            }
        }
    }
}
