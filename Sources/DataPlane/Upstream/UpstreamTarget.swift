/// The request target (path and query) an HTTP integration sends, made safe where it is made.
///
/// Nothing a client, a mapping or a stage variable supplies may change how many requests a
/// backend sees or which base path it serves:
/// - every byte that reaches the request line is an RFC 3986 `pchar`, `/`, `?` or a valid `%XX`
///   escape; anything else (CR, LF, NUL, space, bytes ≥ 0x80, `"`, `#`, `\`…) is percent-encoded;
/// - a value substituted into the path (a path parameter, `{proxy+}`, `overwrite:path`) is
///   split into segments, and its dot segments (`.`, `..`, and their escaped forms `%2e%2E`) are
///   resolved *within the value*: a `..` can remove a segment the value itself added, never one
///   of the integration URI's. What the URI fixes stays fixed, whatever the request says;
/// - a `/` decoded from a single-segment value stays `%2F`, so a `{param}` is one segment.
///
/// Raw values (as the client sent them) keep their escapes: `%3B` stays `%3B`, `;` stays `;`.
/// Decoded values (from mappings) are encoded once.
enum UpstreamTarget {
    /// Appends a raw (still percent-encoded) path parameter value. Its `/`s (a greedy
    /// parameter's) separate segments; a plain parameter has none.
    static func appendRaw(_ raw: Substring, to path: inout String) {
        if isPlain(raw) {  // the common case: nothing to escape, no dot segment
            path += raw
            return
        }
        var segments: [String] = []
        for piece in raw.split(separator: "/", omittingEmptySubsequences: false) {
            let decoded = QueryString.decode(piece, plusAsSpace: false)
            if resolveDot(decoded, in: &segments) { continue }
            segments.append(sanitize(piece, allowing: pathByte, keepSlash: false))
        }
        path += segments.joined(separator: "/")
    }

    /// Appends a decoded value (a mapping's output), encoded as one segment or, when greedy, as
    /// the segments its `/`s separate.
    static func appendDecoded(_ value: String, greedy: Bool, to path: inout String) {
        var segments: [String] = []
        let pieces = greedy ? value[...].split(separator: "/", omittingEmptySubsequences: false) : [value[...]]
        for piece in pieces {
            if resolveDot(String(piece), in: &segments) { continue }
            segments.append(encode(piece, allowing: pathByte))
        }
        path += segments.joined(separator: "/")
    }

    /// A whole path made from a decoded value (`overwrite:path`): always absolute, and its dot
    /// segments can never climb above the root.
    static func path(fromDecoded value: String) -> String {
        var path = "/"
        appendDecoded(value.hasPrefix("/") ? String(value.dropFirst()) : value, greedy: true, to: &path)
        return path
    }

    /// A raw query string (the client's, or the URI's) with every byte that may not stand in a
    /// request line escaped; valid escapes are kept.
    static func query(_ raw: Substring) -> String {
        if raw.utf8.allSatisfy(queryByte) { return String(raw) }  // the common case: nothing to escape
        return sanitize(raw, allowing: queryByte, keepSlash: true)
    }

    /// A raw value whose bytes are all `pchar` or `/` (no `%`) and that has no dot segment.
    private static func isPlain(_ raw: Substring) -> Bool {
        var dotsInSegment = 0
        var segmentLength = 0
        for byte in raw.utf8 {
            if byte == UInt8(ascii: "/") {
                if segmentLength > 0, segmentLength == dotsInSegment, dotsInSegment <= 2 { return false }
                dotsInSegment = 0
                segmentLength = 0
                continue
            }
            guard pathByte(byte) else { return false }
            segmentLength += 1
            if byte == UInt8(ascii: ".") { dotsInSegment += 1 }
        }
        return !(segmentLength > 0 && segmentLength == dotsInSegment && dotsInSegment <= 2)
    }

    /// Whether an integration URI's literal path (or query, with `isQuery`) is already safe to
    /// send as it is; the compiler refuses a URI that is not.
    static func isSafeLiteral(_ text: Substring, isQuery: Bool) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else { return false }
                index += 3
                continue
            }
            guard isQuery ? queryByte(byte) : (pathByte(byte) || byte == UInt8(ascii: "/")) else { return false }
            index += 1
        }
        return true
    }

    // MARK: Bytes

    /// `.` is dropped and `..` removes the value's own previous segment (if any). Returns
    /// whether `segment` was a dot segment.
    private static func resolveDot(_ segment: String, in segments: inout [String]) -> Bool {
        if segment == "." { return true }
        if segment == ".." {
            if !segments.isEmpty { segments.removeLast() }
            return true
        }
        return false
    }

    /// RFC 3986 `pchar` less `%`: unreserved, sub-delims, `:` and `@`.
    private static func pathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
            UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"):
            true
        default:
            false
        }
    }

    /// RFC 3986 `query`: `pchar`, `/` and `?`.
    private static func queryByte(_ byte: UInt8) -> Bool {
        pathByte(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?")
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): true
        default: false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".unicodeScalars)

    /// Keeps allowed bytes and valid escapes of `raw`, escapes the rest. Fast path: a value that
    /// needs nothing is returned as it is.
    private static func sanitize(_ raw: Substring, allowing allowed: (UInt8) -> Bool, keepSlash: Bool) -> String {
        let bytes = Array(raw.utf8)
        var clean = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) {
                index += 3
                continue
            }
            if !(allowed(byte) || (keepSlash && byte == UInt8(ascii: "/"))) {
                clean = false
                break
            }
            index += 1
        }
        if clean { return String(raw) }
        var result = String.UnicodeScalarView()
        index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) {
                result.append(contentsOf: [Unicode.Scalar(byte), Unicode.Scalar(bytes[index + 1]), Unicode.Scalar(bytes[index + 2])])
                index += 3
                continue
            }
            if allowed(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                result.append(Unicode.Scalar(byte))
            } else {
                appendEscape(byte, to: &result)
            }
            index += 1
        }
        return String(result)
    }

    /// Encodes every byte of a decoded value that is not allowed (`%` included).
    private static func encode(_ text: Substring, allowing allowed: (UInt8) -> Bool) -> String {
        if text.utf8.allSatisfy(allowed) { return String(text) }
        var result = String.UnicodeScalarView()
        for byte in text.utf8 {
            if allowed(byte) { result.append(Unicode.Scalar(byte)) } else { appendEscape(byte, to: &result) }
        }
        return String(result)
    }

    private static func appendEscape(_ byte: UInt8, to result: inout String.UnicodeScalarView) {
        result.append("%")
        result.append(hexDigits[Int(byte >> 4)])
        result.append(hexDigits[Int(byte & 0xF)])
    }
}
