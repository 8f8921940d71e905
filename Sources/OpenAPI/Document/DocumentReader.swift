import JSON

/// Turns the bytes of a document into a ``JSONValue``: JSON when the first significant character
/// is `{` or `[` (parsed strictly), YAML otherwise. The input must be UTF-8.
enum DocumentReader {
    /// The largest document accepted (AWS's import limit is 6 MB for a request body; a YAML
    /// document with aliases is also bounded by ``YAMLDocumentReader/maximumValueCount``).
    static let maximumSize = 16 * 1024 * 1024

    static func read(_ bytes: [UInt8]) throws(DocumentSyntaxError) -> JSONValue {
        guard bytes.count <= maximumSize else {
            throw DocumentSyntaxError(format: "document", message: "larger than \(maximumSize) bytes")
        }
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        if start < bytes.count, bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") {
            let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            do {
                return try JSONValueParser(maxDepth: 256, rejectsDuplicateKeys: true).parse(bytes[bom...])
            } catch {
                throw DocumentSyntaxError(format: "JSON", message: error.message, line: error.line, column: error.column)
            }
        }
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw DocumentSyntaxError(format: "YAML", message: "the document is not valid UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try YAMLDocumentReader.read(text)
    }
}
