/// A stage's access log format (REST `accessLogSettings.format`, HTTP APIs
/// `AccessLogSettings.Format`), parsed once per deployment into literal text and `$context`
/// variables, rendered once per request after the write.
///
/// Rendering follows AWS: each `$context.NAME` is replaced by its value, a variable without a value
/// renders `-`, everything else is copied byte for byte (AWS's CLF, JSON, XML and CSV examples
/// included). A name is the longest run of letters, digits, `_` and `.` after `$context.`, less a
/// trailing `.` (so `$context.status.` is the status and a dot).
public struct AccessLogFormat: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case literal(String)
        case variable(String)
    }

    public let parts: [Part]

    /// The parts with their variables resolved, for rendering.
    enum Segment: Sendable, Equatable {
        case literal(String)
        case variable(AccessLogVariable)
    }
    let segments: [Segment]
    /// The literal bytes and 16 per variable: what a line's buffer reserves.
    let estimatedBytes: Int
    /// The variables the format names, in order (for the docs and the diagnostics).
    public var variables: [String] {
        parts.compactMap { if case .variable(let name) = $0 { name } else { nil } }
    }

    public init(parsing format: String) {
        var parts: [Part] = []
        var literal: [UInt8] = []
        let bytes = Array(format.utf8)
        let marker = Array("$context.".utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), bytes[index...].starts(with: marker) {
                var end = index + marker.count
                while end < bytes.count, Self.isNameByte(bytes[end]) { end += 1 }
                while end > index + marker.count, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
                if end > index + marker.count {
                    if !literal.isEmpty { parts.append(.literal(String(decoding: literal, as: UTF8.self))) }
                    literal.removeAll()
                    parts.append(.variable(String(decoding: bytes[(index + marker.count)..<end], as: UTF8.self)))
                    index = end
                    continue
                }
            }
            literal.append(bytes[index])
            index += 1
        }
        if !literal.isEmpty { parts.append(.literal(String(decoding: literal, as: UTF8.self))) }
        self.parts = parts
        segments = parts.map { part in
            switch part {
            case .literal(let text): .literal(text)
            case .variable(let name): .variable(AccessLogVariable(name: name))
            }
        }
        estimatedBytes = parts.reduce(0) { total, part in
            switch part {
            case .literal(let text): total + text.utf8.count
            case .variable: total + 16
            }
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    /// The line for one request: `value(name)` for each variable, `-` when it has none.
    public func render(_ value: (String) -> String?) -> String {
        var line = ""
        for part in parts {
            switch part {
            case .literal(let text): line += text
            case .variable(let name):
                if let text = value(name), !text.isEmpty { line += text } else { line += "-" }
            }
        }
        return line
    }
}
