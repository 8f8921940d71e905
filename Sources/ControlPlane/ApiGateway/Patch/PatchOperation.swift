/// One operation of an `apigateway` update's `patchOperations` (`PatchOperation`): AWS's variant of
/// JSON Patch (RFC 6902). Values travel as strings (`"true"`, `"300"`); the resource's
/// ``PatchSchema`` says what type each path holds. Paths escape `/` inside a key as `~1` and `~`
/// as `~0`, e.g. `/requestTemplates/application~1json`.
public struct PatchOperation: Sendable, Hashable {
    /// The operations AWS accepts.
    public enum Op: String, Sendable, Hashable, CaseIterable {
        case add, remove, replace, move, copy, test
    }

    public var op: Op
    public var path: String
    public var value: String?
    public var from: String?

    public init(op: Op, path: String, value: String? = nil, from: String? = nil) {
        self.op = op
        self.path = path
        self.value = value
        self.from = from
    }

    /// The path's reference tokens, unescaped (`/a~1b/c` → `["a/b", "c"]`); `[]` for `/` or ``.
    public var tokens: [String] { Self.tokens(of: path) }

    /// The unescaped reference tokens of a JSON pointer.
    public static func tokens(of pointer: String) -> [String] {
        pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { token in
            token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// A key escaped for use as one token of a path (`application/json` → `application~1json`).
    public static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
