import JSON

/// Where draft-04 keeps subschemas, so that `id`s are found and scopes are computed only in
/// schema positions (never inside `enum` values or unknown keywords).
enum SchemaKeyword {
    /// Keywords whose value is one schema.
    static let single: Set<String> = ["additionalItems", "additionalProperties", "not"]
    /// Keywords whose value is an object of schemas.
    static let map: Set<String> = ["properties", "patternProperties", "definitions", "dependencies"]
    /// Keywords whose value is an array of schemas.
    static let list: Set<String> = ["allOf", "anyOf", "oneOf"]

    /// Calls `body` with the pointer tokens and value of every direct subschema of `schema`.
    static func forEachSubschema(
        of schema: JSONObject, _ body: ([String], JSONValue) throws(SchemaCompilationError) -> Void
    ) throws(SchemaCompilationError) {
        for keyword in schema.keys {
            guard let value = schema[keyword] else { continue }
            switch value {
            case .object(let object):
                if keyword == "items" || single.contains(keyword) {
                    try body([keyword], value)
                } else if map.contains(keyword) {
                    for name in object.keys {
                        if let member = object[name], case .object = member { try body([keyword, name], member) }
                    }
                }
            case .array(let array):
                if keyword == "items" || list.contains(keyword) {
                    for (index, element) in array.enumerated() {
                        if case .object = element { try body([keyword, String(index)], element) }
                    }
                }
            default:
                break
            }
        }
    }

    /// How many pointer tokens `keyword` consumes to reach a subschema inside `value`, or nil when
    /// the keyword holds no subschema there.
    static func subschemaTokenCount(keyword: String, value: JSONValue) -> Int? {
        if single.contains(keyword) { return 1 }
        if map.contains(keyword) || list.contains(keyword) { return 2 }
        if keyword == "items" {
            if case .array = value { return 2 }
            return 1
        }
        return nil
    }
}
