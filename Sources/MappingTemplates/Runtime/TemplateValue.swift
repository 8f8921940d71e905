import JSON

/// A value while a template renders, with the Java semantics API Gateway's Velocity engine gives
/// it: integers and doubles stay apart (`7 / 2` is `3`), lists and maps are shared references
/// (`$list.add(x)` changes every variable that holds the list), and each kind prints the way Java's
/// `toString()` prints it.
enum TemplateValue {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list(TemplateList)
    case map(TemplateMap)
    /// A `Map.Entry` from `entrySet()`: prints `key=value`.
    indirect case entry(key: String, value: TemplateValue)
    /// `$input`, `$util`, `$foreach`: objects with methods of their own.
    case builtin(Builtin)
    /// A `#define` block: rendered where it is referenced, with the variables of that moment.
    case block(DefinedBlock)

    enum Builtin {
        case input
        case util
        case loop(LoopState)
    }

    /// A JSON scalar as Java has it: integral numbers as integers (`1`, not `1.0`); null for
    /// arrays and objects, which callers convert themselves.
    init(scalar json: JSONValue) {
        switch json {
        case .bool(let bool): self = .bool(bool)
        case .number(let number):
            self = number.rounded() == number && abs(number) < 9.0e15 ? .int(Int(number)) : .double(number)
        case .string(let string): self = .string(string)
        case .null, .array, .object: self = .null
        }
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Velocity 1.7's truth: only `null` and `false` are false (an empty string is true).
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        default: true
        }
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as a `Double`, for arithmetic that mixes integers and doubles.
    var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}

/// `$foreach`: the state of the innermost `#foreach` loop.
final class LoopState {
    var index = 0
    var hasNext = false
    init() {}
}

/// The body of a `#define`, kept as syntax.
final class DefinedBlock {
    let nodes: [TemplateNode]
    init(nodes: [TemplateNode]) { self.nodes = nodes }
}

/// A Java `ArrayList`. `rendersAsJSON` marks arrays that came from the request's JSON
/// (`$input.path`, `$util.parseJson`): API Gateway prints those as JSON (`["a","b"]`), while lists a
/// template builds print the Java way (`[a, b]`).
final class TemplateList {
    var elements: [TemplateValue]
    let rendersAsJSON: Bool

    init(_ elements: [TemplateValue], rendersAsJSON: Bool = false) {
        self.elements = elements
        self.rendersAsJSON = rendersAsJSON
    }
}

/// A Java `LinkedHashMap` with string keys, in insertion order.
///
/// Two flavours serve API Gateway's own maps: `caseInsensitive` for request headers (looked up as
/// HTTP does), and `writeOnce` for `$context.requestOverride.*` / `responseOverride.*`, where AWS
/// answers 5XX when a template sets the same override twice.
final class TemplateMap {
    private(set) var keys: [String] = []
    private var storage: [String: TemplateValue] = [:]
    /// Members of a JSON object not converted yet: a map made with `init(json:)` converts a member
    /// when it is first read, so `$context.stage` does not pay for all of `$context`.
    private var pending: JSONObject?
    let caseInsensitive: Bool
    let writeOnce: Bool

    init(caseInsensitive: Bool = false, writeOnce: Bool = false) {
        self.caseInsensitive = caseInsensitive
        self.writeOnce = writeOnce
    }

    /// A map over a JSON object whose members convert on first read (objects as such maps,
    /// arrays as lists that print the Java way). For inputs of bounded size, such as `$context`.
    init(json object: JSONObject) {
        caseInsensitive = false
        writeOnce = false
        keys = object.keys
        pending = object
    }

    var count: Int { keys.count }

    private func slot(_ key: String) -> String { caseInsensitive ? key.lowercased() : key }

    func get(_ key: String) -> TemplateValue? {
        let slot = slot(key)
        if let value = storage[slot] { return value }
        guard let json = pending?[key] else { return nil }
        let value = Self.value(json)
        storage[slot] = value
        return value
    }

    private static func value(_ json: JSONValue) -> TemplateValue {
        switch json {
        case .array(let elements): return .list(TemplateList(elements.map(value)))
        case .object(let object): return .map(TemplateMap(json: object))
        default: return TemplateValue(scalar: json)
        }
    }

    /// Java `put`: the previous value, or `.null`.
    @discardableResult
    func put(_ key: String, _ value: TemplateValue) throws(TemplateRenderError) -> TemplateValue {
        let slot = slot(key)
        if let previous = get(key) {
            if writeOnce { throw .overrideSetTwice(key) }
            storage[slot] = value
            return previous
        }
        storage[slot] = value
        keys.append(key)
        return .null
    }

    @discardableResult
    func remove(_ key: String) -> TemplateValue {
        let slot = slot(key)
        guard let previous = get(key) else { return .null }
        storage.removeValue(forKey: slot)
        pending?[key] = nil
        keys.removeAll { self.slot($0) == slot }
        return previous
    }

    /// Entries in insertion order, with the key as it was first put.
    var entries: [(key: String, value: TemplateValue)] {
        keys.map { ($0, get($0) ?? .null) }
    }
}
