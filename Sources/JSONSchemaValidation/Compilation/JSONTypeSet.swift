import JSON

/// A set of the seven draft-04 primitive types, as the `type` keyword names them.
struct JSONTypeSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    static let null = JSONTypeSet(rawValue: 1 << 0)
    static let boolean = JSONTypeSet(rawValue: 1 << 1)
    static let integer = JSONTypeSet(rawValue: 1 << 2)
    static let number = JSONTypeSet(rawValue: 1 << 3)
    static let string = JSONTypeSet(rawValue: 1 << 4)
    static let array = JSONTypeSet(rawValue: 1 << 5)
    static let object = JSONTypeSet(rawValue: 1 << 6)

    private static let names: [(String, JSONTypeSet)] = [
        ("null", .null), ("boolean", .boolean), ("integer", .integer), ("number", .number), ("string", .string),
        ("array", .array), ("object", .object),
    ]

    /// The type named `name`, or nil for anything but the seven draft-04 names.
    init?(name: String) {
        guard let match = JSONTypeSet.names.first(where: { $0.0 == name }) else { return nil }
        self = match.1
    }

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Whether `value` has one of these types. A number is an `integer` when it has no fractional
    /// part, so `1.0` is an integer (JSONValue keeps no trace of how the number was written).
    func matches(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return contains(JSONTypeSet.null)
        case .bool: return contains(JSONTypeSet.boolean)
        case .number(let number):
            return contains(JSONTypeSet.number) || (contains(JSONTypeSet.integer) && JSONTypeSet.isInteger(number))
        case .string: return contains(JSONTypeSet.string)
        case .array: return contains(JSONTypeSet.array)
        case .object: return contains(JSONTypeSet.object)
        }
    }

    static func isInteger(_ number: Double) -> Bool {
        number.isFinite && number.rounded(.towardZero) == number
    }

    /// `integer or null`.
    var description: String {
        JSONTypeSet.names.filter { contains($0.1) }.map(\.0).joined(separator: " or ")
    }
}
