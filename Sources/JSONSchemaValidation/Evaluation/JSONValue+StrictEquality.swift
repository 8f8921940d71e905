import JSON

extension JSONValue {
    /// JSON Schema equality: strings equal only when their code points are equal.
    ///
    /// Swift's `String ==` (and so `JSONValue ==`) treats canonically equivalent strings as equal
    /// (`"é"` and `"e\u{301}"`), which JSON Schema does not. Numbers compare as numbers, so
    /// `1 == 1.0`. Strict equality implies `==`, so hashed lookups by `JSONValue` stay a valid
    /// first filter. (Object keys are matched by ``JSON/JSONObject``'s dictionary, which
    /// uses Swift string equality.)
    func isStrictlyEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.number(let left), .number(let right)): return left == right
        case (.string(let left), .string(let right)): return left.utf8.elementsEqual(right.utf8)
        case (.array(let left), .array(let right)):
            guard left.count == right.count else { return false }
            for index in left.indices where !left[index].isStrictlyEqual(to: right[index]) { return false }
            return true
        case (.object(let left), .object(let right)):
            guard left.count == right.count else { return false }
            for key in left.keys {
                guard let leftValue = left[key], let rightValue = right[key], leftValue.isStrictlyEqual(to: rightValue)
                else { return false }
            }
            return true
        default:
            return false
        }
    }
}
