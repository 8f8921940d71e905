/// Reads AWS tags from the root `tags` of a document: each tag object with an
/// `x-amazon-apigateway-tag-value` is the tag `name` = that value. Tags without it are OpenAPI
/// grouping tags and are not AWS tags.
enum TagReader {
    static func read(_ document: OpenAPIDocument, _ log: DiagnosticCollector) -> [String: String]? {
        guard let tags = document.root["tags"], let elements = tags.elements(log) else { return nil }
        var result: [String: String] = [:]
        for element in elements {
            guard element.value.objectValue != nil else {
                log.wrongType(element, expected: "a tag object")
                continue
            }
            guard let value = element.scalarString("x-amazon-apigateway-tag-value", log) else { continue }
            guard let name = element.requiredString("name", log) else { continue }
            result[name] = value
        }
        return result.isEmpty ? nil : result
    }
}
