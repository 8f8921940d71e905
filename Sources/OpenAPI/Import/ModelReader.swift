import GatewayModel
import JSON

/// The models of a REST API import: one per schema of `definitions` (Swagger 2.0) or
/// `components.schemas` (OpenAPI 3), as AWS creates them. A model's schema is the schema's JSON
/// with every local `$ref` to another schema rewritten to that model's URL,
/// `https://apigateway.amazonaws.com/restapis/{apiId}/models/{name}` (as AWS stores them and as
/// request validation resolves them); its description is the schema's `description`.
///
/// AWS refuses what `CreateModel` refuses, with its messages: a name that is not alphanumeric
/// ("Unable to create model for 'a_b': Model name must be alphanumeric: a_b"), and a schema whose
/// `$ref` names no model it can create. Models are listed by name.
struct ModelReader {
    let document: OpenAPIDocument
    let apiId: String
    let log: DiagnosticCollector

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    func models() -> [Model] {
        let container = document.isSwagger2 ? document.root["definitions"] : document.root["components"]?["schemas"]
        guard let container, let members = container.members(log) else { return [] }
        let valid = Set(members.map(\.key).filter(Self.isValidName))
        var models: [Model] = []
        for (name, node) in members {
            guard Self.isValidName(name) else {
                log.error(node.path, "Unable to create model for '\(name)': Model name must be alphanumeric: \(name)")
                continue
            }
            guard node.value.objectValue != nil else {
                log.wrongType(node, expected: "a schema object")
                continue
            }
            var invalid: [String] = []
            let schema = rewrite(node.value, valid: valid, invalid: &invalid)
            if !invalid.isEmpty {
                let list = invalid.map { "Invalid model specified: \($0)" }.joined(separator: ", ")
                log.error(node.path, "Unable to create model for '\(name)': Invalid model specified: Validation Result: warnings : [], errors : [\(list)]")
                continue
            }
            models.append(
                Model(
                    id: ResourceIdentifier.stable(from: "\(apiId)|model|\(name)", length: 6), name: name,
                    description: node.value["description"]?.stringValue, schema: JSONWriter.compact(schema),
                    contentType: "application/json"))
        }
        return models.sorted { $0.name < $1.name }  // as GetModels lists them
    }

    /// `value` with local schema `$ref`s turned into model URLs; `invalid` collects the names
    /// that cannot be models.
    private func rewrite(_ value: JSONValue, valid: Set<String>, invalid: inout [String]) -> JSONValue {
        switch value {
        case .object(let object):
            var pairs: [(String, JSONValue)] = []
            for (key, member) in object {
                if key == "$ref", let pointer = member.stringValue, let name = OpenAPIDocument.modelName(ofReference: pointer) {
                    if !valid.contains(name), !invalid.contains(name) { invalid.append(name) }
                    pairs.append((key, .string("https://apigateway.amazonaws.com/restapis/\(apiId)/models/\(name)")))
                } else {
                    pairs.append((key, rewrite(member, valid: valid, invalid: &invalid)))
                }
            }
            return .object(JSONObject(pairs))
        case .array(let elements):
            return .array(elements.map { rewrite($0, valid: valid, invalid: &invalid) })
        default:
            return value
        }
    }
}
