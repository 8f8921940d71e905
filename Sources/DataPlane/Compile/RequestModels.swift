import GatewayModel
import JSON
import JSONSchemaValidation

/// The models of one REST deployment as compiled JSON Schema (draft 4) validators, each compiled
/// at most once per deployment, when the first method that validates against it is compiled.
///
/// A model's base URI is its model URL, `https://apigateway.amazonaws.com/restapis/{apiId}/models/{name}`,
/// and `$ref`s to such URLs resolve to the deployment's models by name (AWS resolves them within
/// the API). `Empty` (`{"type":"object"}`) is always there, as AWS creates it with every API:
/// methods without `requestModels` validate against it.
struct RequestModels {
    /// A model ready to validate, or why it cannot be (the method then answers 500).
    enum Compiled: Sendable {
        case validator(JSONSchemaValidator)
        case unusable(String)
    }

    static let modelURLPrefix = "https://apigateway.amazonaws.com/restapis/"
    /// AWS's `Empty` model, for deployments that carry no models (`portcullis serve FILE`).
    static let emptySchema: JSONValue = ["$schema": "http://json-schema.org/draft-04/schema#", "title": "Empty Schema", "type": "object"]

    private let apiId: String
    private let schemas: [String: Result<JSONValue, JSONParseError>]
    private var compiled: [String: Compiled] = [:]

    init(_ snapshot: RestApiSnapshot) {
        apiId = snapshot.api.id
        var schemas: [String: Result<JSONValue, JSONParseError>] = ["Empty": .success(Self.emptySchema)]
        for model in snapshot.models ?? [] {
            schemas[model.name] = Result { () throws(JSONParseError) in try JSONValueParser().parse(model.schema ?? "{}") }
        }
        self.schemas = schemas
    }

    /// The validator of model `name`.
    mutating func model(named name: String) -> Compiled {
        if let done = compiled[name] { return done }
        let result = compile(name)
        compiled[name] = result
        return result
    }

    private func compile(_ name: String) -> Compiled {
        guard let schema = schemas[name] else { return .unusable("the model \(name) does not exist") }
        let document: JSONValue
        switch schema {
        case .success(let value): document = value
        case .failure(let error): return .unusable("the model \(name) is not JSON: \(error)")
        }
        let schemas = self.schemas
        let resolver = ClosureSchemaResolver { uri in
            guard let referenced = Self.modelName(inURL: uri) else { return nil }
            return try? schemas[referenced]?.get()
        }
        do {
            let validator = try JSONSchemaValidator(schema: document, baseURI: Self.modelURLPrefix + "\(apiId)/models/\(name)", resolver: resolver)
            return .validator(validator)
        } catch {
            return .unusable("the model \(name) is not a valid draft-04 schema: \(error)")
        }
    }

    /// `https://apigateway.amazonaws.com/restapis/{any id}/models/{name}` → `name`.
    static func modelName(inURL uri: String) -> String? {
        guard let rest = uri.dropPrefix(modelURLPrefix), let slash = rest.firstIndex(of: "/") else { return nil }
        return rest[slash...].dropPrefix("/models/").flatMap { $0.isEmpty || $0.contains("/") ? nil : $0 }
    }
}

extension Substring {
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
