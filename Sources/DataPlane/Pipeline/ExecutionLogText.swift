import NIOCore
import NIOHTTP1

/// How execution log lines show data, as AWS writes them: header and parameter maps in Java's
/// `{name=value, name=value}` form, secrets masked, every line cut at CloudWatch's 1,024 bytes
/// that API Gateway keeps of an execution log event.
enum ExecutionLogText {
    /// API Gateway truncates execution log events over 1,024 bytes.
    static let maximumLineBytes = 1024
    static let truncationMark = " [TRUNCATED]"

    /// Headers whose values are secrets: credentials, API keys, session cookies, signed tokens.
    static let secretHeaders: Set<String> = [
        "authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie", "x-amz-security-token",
    ]

    /// `value` masked as AWS masks API keys and authorization values in execution logs: every
    /// character a `*` but the last four, which tell a key apart; short values (12 characters or
    /// fewer) entirely masked, so no secret is ever mostly shown.
    static func masked(_ value: Substring) -> String {
        let count = value.count
        guard count > 12 else { return String(repeating: "*", count: count) }
        return String(repeating: "*", count: count - 4) + value.suffix(4)
    }

    static func masked(_ value: String) -> String { masked(value[...]) }

    /// `{Name=value, Name=value}`; repeated headers joined with `,`; secret headers masked.
    static func headers(_ headers: HTTPHeaders) -> String {
        var text = "{"
        var seen: Set<String> = []
        var first = true
        for (name, _) in headers {
            let lower = name.lowercased()
            guard seen.insert(lower).inserted else { continue }
            let value = headers[name].joined(separator: ",")
            if !first { text += ", " }
            first = false
            text += name
            text += "="
            text += secretHeaders.contains(lower) ? masked(value) : value
            if text.utf8.count > maximumLineBytes { break }
        }
        return text + "}"
    }

    /// `{name=value, name=value}` of path or query parameters.
    static func parameters(_ pairs: [(name: String, value: String)]) -> String {
        "{" + pairs.map { "\($0.name)=\($0.value)" }.joined(separator: ", ") + "}"
    }

    /// A body as text (bytes that are not UTF-8 replaced), at most a line's worth.
    static func body(_ body: ByteBuffer?) -> String {
        guard let body, body.readableBytes > 0 else { return "" }
        let slice = body.getSlice(at: body.readerIndex, length: min(body.readableBytes, maximumLineBytes + 1)) ?? body
        return String(decoding: slice.readableBytesView, as: UTF8.self)
    }

    /// `text` cut to `maximumLineBytes` (on a character boundary) with AWS's mark.
    static func truncated(_ text: String) -> String {
        guard text.utf8.count > maximumLineBytes else { return text }
        var kept = ""
        var bytes = 0
        let budget = maximumLineBytes - truncationMark.utf8.count
        for character in text {
            bytes += character.utf8.count
            guard bytes <= budget else { break }
            kept.append(character)
        }
        return kept + truncationMark
    }
}
