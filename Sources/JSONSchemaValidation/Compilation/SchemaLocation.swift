/// A place in one of the compiler's documents: the document's index and the JSON pointer tokens
/// from its root.
struct SchemaLocation: Hashable, Sendable {
    var document: Int
    var pointer: [String]

    func appending(_ tokens: String...) -> SchemaLocation {
        SchemaLocation(document: document, pointer: pointer + tokens)
    }
}
