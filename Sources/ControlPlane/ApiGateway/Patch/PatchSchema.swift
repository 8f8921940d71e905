/// Which paths of one resource an update may touch, with which operations, and what type each
/// holds; and how AWS words its refusals for that resource (AWS is not uniform across resources).
///
/// Paths are patterns of tokens: a literal, or `*` for any one token (a map key, a list member, a
/// method-setting key).
struct PatchSchema: Sendable {
    /// What a path holds, which decides how the string value is read and how ops apply.
    enum Kind: Sendable, Hashable {
        /// A string; `remove` deletes it.
        case string
        /// `"true"` (any case) is true, anything else false, as AWS's Java `parseBoolean`.
        case bool
        /// An integer; an empty value deletes it.
        case integer
        /// A number; an empty value deletes it.
        case number
        /// The path's last token *is* a member of the list at the parent path
        /// (`/binaryMediaTypes/image~1png`): `add` appends it, `remove` drops it, `replace` drops it
        /// and appends the value.
        case member
        /// The path names a list; `add` appends the value, `remove` drops the value.
        case listValue
        /// A sub-object that may only be removed as a whole (`/accessLogSettings`).
        case object
    }

    struct Rule: Sendable {
        var pattern: [String]
        var ops: Set<PatchOperation.Op>
        var kind: Kind

        init(_ path: String, _ ops: Set<PatchOperation.Op>, _ kind: Kind) {
            self.pattern = PatchOperation.tokens(of: path)
            self.ops = ops
            self.kind = kind
        }

        func matches(_ tokens: [String]) -> Bool {
            tokens.count == pattern.count && zip(pattern, tokens).allSatisfy { $0 == "*" || $0 == $1 }
        }
    }

    /// How a refusal is worded.
    enum Wording: Sendable {
        /// `Invalid patch path {path}` for an unknown path, then
        /// `Invalid patch operation specified. Must be one of: [ops]` (REST APIs, methods, gateway
        /// responses, method and integration responses).
        case pathFirst
        /// `Invalid patch path  '{path}' specified for op '{op}'. Please choose supported
        /// operations` for an op the resource never takes, then `… Must be one of: [listing]` for an
        /// unknown path (resources, models, request validators).
        case operationFirst(listing: String)
        /// `Invalid patch path {path}` for an unknown path and for an op the path does not take
        /// (gateway responses).
        case pathOnly
    }

    var rules: [Rule]
    var wording: Wording

    init(wording: Wording = .pathFirst, _ rules: [Rule]) {
        self.rules = rules
        self.wording = wording
    }

    /// The rule for `operation`, or AWS's refusal.
    func rule(for operation: PatchOperation) throws(ManagementError) -> Rule {
        let tokens = operation.tokens
        let candidates = rules.filter { $0.matches(tokens) }
        switch wording {
        case .pathFirst:
            guard !candidates.isEmpty else { throw .badRequest("Invalid patch path \(operation.path)") }
            if let rule = candidates.first(where: { $0.ops.contains(operation.op) }) { return rule }
            let allowed = PatchOperation.Op.allCases.filter { op in candidates.contains { $0.ops.contains(op) } }
            throw .badRequest("Invalid patch operation specified. Must be one of: [\(allowed.map(\.rawValue).joined(separator: ", "))]")
        case .pathOnly:
            guard let rule = candidates.first(where: { $0.ops.contains(operation.op) }) else {
                throw .badRequest("Invalid patch path \(operation.path)")
            }
            return rule
        case .operationFirst(let listing):
            guard rules.contains(where: { $0.ops.contains(operation.op) }) else {
                throw .badRequest(
                    "Invalid patch path  '\(operation.path)' specified for op '\(operation.op.rawValue)'. Please choose supported operations")
            }
            guard let rule = candidates.first(where: { $0.ops.contains(operation.op) }) else {
                throw .badRequest("Invalid patch path  '\(operation.path)' specified for op '\(operation.op.rawValue)'. Must be one of: \(listing)")
            }
            return rule
        }
    }
}
