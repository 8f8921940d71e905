import Foundation
import JSON

/// Applies AWS patch operations to a resource: the resource is turned into its management-API
/// JSON, each operation is checked against the resource's ``PatchSchema`` and applied to the JSON
/// (its string value read as the path's type), and the JSON is read back. Everything is checked
/// before anything is stored, so a failing operation changes nothing.
enum PatchApplier {
    /// `entity` with `operations` applied.
    static func apply<Entity: Codable>(_ operations: [PatchOperation], to entity: Entity, schema: PatchSchema) throws(ManagementError) -> Entity {
        var json = try JSONBridge.json(from: entity)
        for operation in operations {
            try apply(operation, to: &json, schema: schema)
        }
        return try JSONBridge.decode(Entity.self, from: json)
    }

    /// Applies one operation to `json`.
    static func apply(_ operation: PatchOperation, to json: inout JSONValue, schema: PatchSchema) throws(ManagementError) {
        let rule = try schema.rule(for: operation)
        let tokens = operation.tokens
        switch operation.op {
        case .add, .replace, .remove:
            try edit(operation, rule: rule, tokens: tokens, json: &json)
        case .copy, .move:
            guard let from = operation.from else { throw .badRequest("Invalid patch operation: 'from' is required for \(operation.op.rawValue)") }
            let fromTokens = PatchOperation.tokens(of: from)
            guard let value = json.value(at: fromTokens) else { throw .badRequest("Invalid patch path \(from)") }
            json.set(value, at: tokens)
            if operation.op == .move { json.remove(at: fromTokens) }
        case .test:
            let current = json.value(at: tokens).flatMap(JSONBridge.text)
            guard current == operation.value else {
                throw .badRequest("The value at \(operation.path) is not \(operation.value ?? "null")")
            }
        }
    }

    private static func edit(_ operation: PatchOperation, rule: PatchSchema.Rule, tokens: [String], json: inout JSONValue) throws(ManagementError) {
        switch rule.kind {
        case .member:
            let parent = Array(tokens.dropLast())
            let member = tokens.last ?? ""
            var list = json.value(at: parent)?.arrayValue ?? []
            switch operation.op {
            case .add:
                if !list.contains(.string(member)) { list.append(.string(member)) }
            case .remove:
                list.removeAll { $0 == .string(member) }
            default:
                guard let value = operation.value, !value.isEmpty else { throw .badRequest("Invalid null or empty value for \(operation.path)") }
                list.removeAll { $0 == .string(member) }
                if !list.contains(.string(value)) { list.append(.string(value)) }
            }
            json.set(.array(list), at: parent)
        case .listValue:
            guard let value = operation.value, !value.isEmpty else {
                if operation.op == .remove { json.remove(at: tokens); return }
                throw .badRequest("Invalid null or empty value for \(operation.path)")
            }
            var list = json.value(at: tokens)?.arrayValue ?? []
            switch operation.op {
            case .remove: list.removeAll { $0 == .string(value) }
            case .replace: list = [.string(value)]
            default: if !list.contains(.string(value)) { list.append(.string(value)) }
            }
            json.set(.array(list), at: tokens)
        case .object:
            json.remove(at: tokens)
        case .string, .bool, .integer, .number:
            if operation.op == .remove {
                json.remove(at: tokens)
                return
            }
            guard let coerced = try coerce(operation.value, kind: rule.kind, path: operation.path) else {
                json.remove(at: tokens)
                return
            }
            json.set(coerced, at: tokens)
        }
    }

    /// The JSON value a string patch value stands for; `nil` deletes the field.
    static func coerce(_ value: String?, kind: PatchSchema.Kind, path: String) throws(ManagementError) -> JSONValue? {
        switch kind {
        case .bool:
            return .bool(value?.lowercased() == "true")
        case .integer:
            guard let value, !value.isEmpty else { return nil }
            guard let number = Int(value) else { throw .badRequest("Invalid value \(value) for \(path): must be an integer") }
            return .number(Double(number))
        case .number:
            guard let value, !value.isEmpty else { return nil }
            guard let number = Double(value), number.isFinite else { throw .badRequest("Invalid value \(value) for \(path): must be a number") }
            return .number(number)
        default:
            guard let value else { return nil }
            return .string(value)
        }
    }
}
