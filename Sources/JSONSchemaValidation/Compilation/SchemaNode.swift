/// One compiled schema object: its keywords decoded, its subschemas replaced by indexes into the
/// validator's node table, its patterns compiled. Immutable once built.
final class SchemaNode: Sendable {
    /// Where this schema lives, `documentURI#pointer`, prefix of every violation's schema path.
    let location: String
    let keywords: SchemaKeywords

    init(location: String, keywords: SchemaKeywords) {
        self.location = location
        self.keywords = keywords
    }
}
