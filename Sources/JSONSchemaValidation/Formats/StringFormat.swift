/// The `format` values this validator can check when
/// ``JSONSchemaValidator/Options/validatesFormats`` is on.
///
/// API Gateway treats `format` as an annotation, so checking is off by default. Each check
/// follows the RFC the draft-04 specification names, on ASCII only (a Bengali digit is not a
/// digit in an IP address). Unknown formats are always ignored.
public enum StringFormat: String, Sendable, CaseIterable {
    /// RFC 3339 `date-time`, e.g. `1985-04-12T23:20:50.52Z` (leap seconds allowed at 23:59:60 UTC).
    case dateTime = "date-time"
    /// RFC 5322 `addr-spec`, e.g. `joe.bloggs@example.com`.
    case email
    /// RFC 1123 host name, e.g. `www.example.com`.
    case hostname
    /// Dotted-quad IPv4 address, e.g. `192.168.0.1`.
    case ipv4
    /// RFC 4291 IPv6 address, e.g. `::ffff:192.168.0.1`.
    case ipv6
    /// RFC 3986 absolute URI (with a scheme), e.g. `https://example.com/a?b#c`.
    case uri

    /// Whether `string` is valid for this format.
    public func accepts(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        switch self {
        case .dateTime: return StringFormat.isDateTime(bytes)
        case .email: return StringFormat.isEmail(bytes)
        case .hostname: return StringFormat.isHostname(bytes[...])
        case .ipv4: return StringFormat.isIPv4(bytes[...])
        case .ipv6: return StringFormat.isIPv6(bytes[...])
        case .uri: return StringFormat.isURI(bytes)
        }
    }
}

extension StringFormat {
    // MARK: date-time

    static func isDateTime(_ bytes: [UInt8]) -> Bool {
        // yyyy-mm-ddThh:mm:ss[.frac](Z|+hh:mm|-hh:mm)
        guard bytes.count >= 20 else { return false }
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for index in start..<(start + count) {
                guard isDigit(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == UInt8(ascii: "-"), let month = number(5, 2),
            bytes[7] == UInt8(ascii: "-"), let day = number(8, 2),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = number(14, 2),
            bytes[16] == UInt8(ascii: ":"), let second = number(17, 2)
        else { return false }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23, minute <= 59,
            second <= 60
        else { return false }
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < bytes.count else { return false }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            guard let offsetHour = number(index + 1, 2), index + 3 < bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let offsetMinute = number(index + 4, 2), offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
            index += 6
        default:
            return false
        }
        guard index == bytes.count else { return false }
        if second == 60 {
            // A leap second is only ever 23:59:60 in UTC.
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: email

    static func isEmail(_ bytes: [UInt8]) -> Bool {
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1 else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        let localValid: Bool
        if local.first == UInt8(ascii: "\"") {
            localValid = isQuotedString(local)
        } else {
            localValid = isDotAtom(local)
        }
        guard localValid else { return false }
        if domain.first == UInt8(ascii: "["), domain.last == UInt8(ascii: "]") {
            let literal = domain.dropFirst().dropLast()
            if literal.starts(with: Array("IPv6:".utf8)) { return isIPv6(literal.dropFirst(5)) }
            return isIPv4(literal)
        }
        return isHostname(domain)
    }

    static func isDotAtom(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: ".") else { return false }
        var previousDot = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
                continue
            }
            previousDot = false
            guard isAtomText(byte) else { return false }
        }
        return true
    }

    static func isAtomText(_ byte: UInt8) -> Bool {
        if isAlphanumeric(byte) { return true }
        return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }

    static func isQuotedString(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else { return false }
        var escaped = false
        for byte in bytes.dropFirst().dropLast() {
            if escaped {
                guard byte >= 0x20, byte < 0x7F || byte == 0x09 else { return false }
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else {
                guard byte == 0x20 || byte == 0x09 || (byte >= 0x21 && byte < 0x7F && byte != UInt8(ascii: "\""))
                else { return false }
            }
        }
        return !escaped
    }

    // MARK: hostname

    static func isHostname(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                label.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        return true
    }

    // MARK: IP addresses

    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy(isDecimalOctet)
    }

    /// `0`-`255` without leading zeros (RFC 3986 `dec-octet`).
    static func isDecimalOctet(_ part: ArraySlice<UInt8>) -> Bool {
        guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return false }
        if part.count > 1, part.first == UInt8(ascii: "0") { return false }
        var value = 0
        for byte in part { value = value * 10 + Int(byte - 0x30) }
        return value <= 255
    }

    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        let colon = UInt8(ascii: ":")
        var text = Array(bytes)
        var embeddedUnits = 0
        // A trailing dotted quad stands for the last two groups.
        if let lastColon = text.lastIndex(of: colon), text[(lastColon + 1)...].contains(UInt8(ascii: ".")) {
            guard isIPv4(text[(lastColon + 1)...]) else { return false }
            text.removeSubrange((lastColon + 1)...)
            if !(text.count >= 2 && text[text.count - 2] == colon) { text.removeLast() }
            embeddedUnits = 2
        }
        func groups(_ part: ArraySlice<UInt8>) -> Int? {
            if part.isEmpty { return 0 }
            var count = 0
            for group in part.split(separator: colon, omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), group.allSatisfy(isHexDigit) else { return nil }
                count += 1
            }
            return count
        }
        let doubleColons = text.indices.dropLast().filter { text[$0] == colon && text[$0 + 1] == colon }
        switch doubleColons.count {
        case 0:
            guard !text.isEmpty, let count = groups(text[...]) else { return false }
            return count + embeddedUnits == 8
        case 1:
            let split = doubleColons[0]
            guard let head = groups(text[..<split]), let tail = groups(text[(split + 2)...]) else { return false }
            return head + tail + embeddedUnits <= 7
        default:
            return false
        }
    }

    // MARK: uri

    static func isURI(_ bytes: [UInt8]) -> Bool {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, isAlpha(bytes[0]),
            bytes[..<colon].allSatisfy({
                isAlphanumeric($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
            })
        else { return false }
        var rest = bytes[(colon + 1)...]
        var fragment: ArraySlice<UInt8>?
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            fragment = rest[(hash + 1)...]
            rest = rest[..<hash]
        }
        var query: ArraySlice<UInt8>?
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            query = rest[(question + 1)...]
            rest = rest[..<question]
        }
        if let fragment, !isQueryOrFragment(fragment) { return false }
        if let query, !isQueryOrFragment(query) { return false }
        var path = rest
        if rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: UInt8(ascii: "/")) ?? afterSlashes.endIndex
            guard isAuthority(afterSlashes[..<end]) else { return false }
            path = afterSlashes[end...]
        }
        return path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy {
            isPercentEncodedRun($0, allowing: isPathCharacter)
        }
    }

    static func isAuthority(_ authority: ArraySlice<UInt8>) -> Bool {
        var hostAndPort = authority
        if let at = authority.firstIndex(of: UInt8(ascii: "@")) {
            let userinfo = authority[..<at]
            guard
                isPercentEncodedRun(
                    userinfo, allowing: { isUnreserved($0) || isSubDelimiter($0) || $0 == UInt8(ascii: ":") })
            else { return false }
            hostAndPort = authority[(at + 1)...]
        }
        var port: ArraySlice<UInt8> = []
        var host = hostAndPort
        if hostAndPort.first == UInt8(ascii: "[") {
            guard let close = hostAndPort.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = hostAndPort[(hostAndPort.startIndex + 1)..<close]
            guard isIPv6(literal) || isIPFuture(literal) else { return false }
            let after = hostAndPort[(close + 1)...]
            if !after.isEmpty {
                guard after.first == UInt8(ascii: ":") else { return false }
                port = after.dropFirst()
            }
            return port.allSatisfy(isDigit)
        }
        if let colon = hostAndPort.firstIndex(of: UInt8(ascii: ":")) {
            host = hostAndPort[..<colon]
            port = hostAndPort[(colon + 1)...]
        }
        guard port.allSatisfy(isDigit) else { return false }
        return isPercentEncodedRun(host, allowing: { isUnreserved($0) || isSubDelimiter($0) })
    }

    static func isIPFuture(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.first == UInt8(ascii: "v") || bytes.first == UInt8(ascii: "V"),
            let dot = bytes.firstIndex(of: UInt8(ascii: "."))
        else { return false }
        let version = bytes[(bytes.startIndex + 1)..<dot]
        let rest = bytes[(dot + 1)...]
        return !version.isEmpty && version.allSatisfy { isHexDigit($0) } && !rest.isEmpty
            && rest.allSatisfy { isUnreserved($0) || isSubDelimiter($0) || $0 == UInt8(ascii: ":") }
    }

    static func isQueryOrFragment(_ bytes: ArraySlice<UInt8>) -> Bool {
        isPercentEncodedRun(bytes) { isPathCharacter($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
    }

    static func isPathCharacter(_ byte: UInt8) -> Bool {
        isUnreserved(byte) || isSubDelimiter(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@")
    }

    /// Every byte is allowed or part of a well-formed `%XX` escape.
    static func isPercentEncodedRun(_ bytes: ArraySlice<UInt8>, allowing allowed: (UInt8) -> Bool) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2])
                else { return false }
                index += 3
                continue
            }
            guard allowed(byte) else { return false }
            index += 1
        }
        return true
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~")
    }

    static func isSubDelimiter(_ byte: UInt8) -> Bool {
        "!$&'()*+,;=".utf8.contains(byte)
    }

    // MARK: ASCII classes

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isAlpha(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isAlpha(byte) }
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
