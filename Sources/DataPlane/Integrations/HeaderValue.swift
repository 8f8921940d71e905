/// Header values made by the gateway from mappings (a decoded query parameter, a stage variable,
/// a backend body…) must not smuggle a line break into the message: the listeners do not re-check
/// every header on write (that costs about 9 % of a proxied request's CPU), so values are checked
/// here, where they are made. A value that fails is left out, never sent.
enum HeaderValue {
    static func isSafe(_ value: String) -> Bool {
        !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// Header names: RFC 9110 tokens.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default:
                    "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }
}
