import Foundation
import JSON

/// The body of every `apigateway` `Update*` operation, `{"patchOperations": [...]}`, checked as AWS
/// checks it before the resource is looked at: each `op` must be one of AWS's six (all wrong ones
/// are reported at once, as a `ValidationException`), and each operation needs a `path`.
struct PatchRequest: Sendable {
    var operations: [PatchOperation]

    /// Reads and checks the body of the update `operationName` (e.g. `UpdateRestApi`, used in
    /// AWS's message: `updateRestApiInput.patchOperations.1.member.op`).
    static func parse(_ body: JSONValue, operationName: String) throws(ManagementError) -> PatchRequest {
        let list: [JSONValue]
        switch body["patchOperations"] {
        case .none, .null: list = []
        case .array(let items): list = items
        default: throw .badRequest("Invalid patch operations")
        }
        let inputName = operationName.prefix(1).lowercased() + operationName.dropFirst() + "Input"
        var problems: [String] = []
        var operations: [PatchOperation] = []
        for (index, item) in list.enumerated() {
            let rawOp = item["op"]?.stringValue ?? ""
            guard let op = PatchOperation.Op(rawValue: rawOp) else {
                problems.append(
                    "Value '\(rawOp)' at '\(inputName).patchOperations.\(index + 1).member.op' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [add, remove, move, test, replace, copy]")
                continue
            }
            operations.append(
                PatchOperation(op: op, path: Self.text(item["path"]) ?? "", value: Self.text(item["value"]), from: Self.text(item["from"])))
        }
        if !problems.isEmpty {
            throw .validationProblems(problems)
        }
        if list.contains(where: { Self.text($0["path"]) == nil }) {
            throw .badRequest("Invalid patch path null")
        }
        return PatchRequest(operations: operations)
    }

    /// Values are strings on the wire; tolerate clients that send JSON scalars.
    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .array, .object:
            guard let value, let data = try? JSONEncoder().encode(value) else { return nil }
            return String(decoding: data, as: UTF8.self)
        case .null, .none: return nil
        }
    }
}
