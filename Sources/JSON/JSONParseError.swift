/// Why a JSON text could not be parsed, and where.
///
/// The `description` is safe to show to the author of the text: it names the problem and its
/// position, never more of the input than one character.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The text ended in the middle of a value.
        public static let unexpectedEnd = Code("unexpectedEnd")
        /// A character that cannot start or continue a value at this position.
        public static let unexpectedCharacter = Code("unexpectedCharacter")
        /// A number that does not follow the RFC 8259 grammar or does not fit a Double.
        public static let invalidNumber = Code("invalidNumber")
        /// A bad escape sequence, an unescaped control character, or a lone UTF-16 surrogate.
        public static let invalidString = Code("invalidString")
        /// Bytes that are not well-formed UTF-8.
        public static let invalidUTF8 = Code("invalidUTF8")
        /// Arrays and objects nested deeper than the parser's limit.
        public static let tooDeep = Code("tooDeep")
        /// Something other than whitespace after the top-level value.
        public static let trailingContent = Code("trailingContent")
        /// A key repeated in one object (only with `rejectsDuplicateKeys`).
        public static let duplicateKey = Code("duplicateKey")
    }

    /// The kind of problem.
    public var code: Code
    /// A short human explanation.
    public var message: String
    /// Zero-based byte offset of the problem in the UTF-8 input.
    public var offset: Int
    /// One-based line of the problem.
    public var line: Int
    /// One-based column (in bytes) of the problem.
    public var column: Int

    public init(code: Code, message: String, offset: Int, line: Int, column: Int) {
        self.code = code
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "\(message) at line \(line), column \(column)" }
}
