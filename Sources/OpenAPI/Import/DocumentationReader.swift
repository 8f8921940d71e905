import GatewayModel
import JSON

/// Reads `x-amazon-apigateway-documentation` (`{version, documentationParts: [{location,
/// properties}]}`), the documentation parts AWS's `ImportRestApi`, `PutRestApi` and
/// `ImportDocumentationParts` create. `properties` may be an object (written as JSON text) or
/// JSON text already. Ids derive from the API id and the location, so that importing again
/// replaces the same parts.
struct DocumentationReader {
    let document: OpenAPIDocument
    let apiId: String
    let log: DiagnosticCollector

    func parts() -> [DocumentationPart] {
        guard let documentation = document.root.object("x-amazon-apigateway-documentation", log) else { return [] }
        for (key, member) in documentation.members(log) ?? [] where !["version", "createdDate", "documentationParts"].contains(key) {
            log.warning(member.path, "unknown property '\(key)' of x-amazon-apigateway-documentation is ignored")
        }
        var parts: [DocumentationPart] = []
        var seen = Set<DocumentationPartLocation>()
        for element in documentation["documentationParts"]?.elements(log) ?? [] {
            guard element.value.objectValue != nil, let locationNode = element.object("location", log) else {
                if element.value.objectValue == nil { log.wrongType(element, expected: "a documentation part object") } else {
                    log.error(element.path.key("location"), "is required")
                }
                continue
            }
            guard let type = locationNode.requiredString("type", log) else { continue }
            guard DocumentationPartLocation.types.contains(type.uppercased()) else {
                log.error(
                    locationNode.path.key("type"),
                    "invalid documentation part type '\(type)': expected one of \(DocumentationPartLocation.types.joined(separator: ", "))")
                continue
            }
            let location = DocumentationPartLocation(
                type: type, path: locationNode.string("path", log), method: locationNode.string("method", log),
                statusCode: locationNode.scalarString("statusCode", log), name: locationNode.string("name", log)
            ).normalized
            guard seen.insert(location).inserted else {
                log.error(element.path, "another documentation part has the same location")
                continue
            }
            let properties: String?
            switch element["properties"]?.value {
            case .object(let object)?: properties = JSONWriter.compact(.object(object))
            case .string(let text)?: properties = text
            case nil, .null?: properties = nil
            default:
                log.wrongType(element["properties"] ?? element, expected: "an object")
                continue
            }
            let key = [location.type, location.path, location.method, location.statusCode, location.name].map { $0 ?? "" }.joined(separator: "|")
            parts.append(
                DocumentationPart(
                    id: ResourceIdentifier.stable(from: "\(apiId)|documentation|\(key)", length: 6), location: location, properties: properties))
        }
        return parts
    }
}
