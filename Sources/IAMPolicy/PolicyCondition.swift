public import JSON

/// One condition of a statement: an operator applied to one key with one or more values, per
/// [IAM JSON policy elements: Condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
/// and [multiple keys or values](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html):
///
/// - the values of one key are OR'ed (a negated operator — `StringNotEquals`, `NotIpAddress`,
///   `ArnNotLike`, … — holds when *none* matches); keys and operators are AND'ed by the statement;
/// - a key absent from the request makes a condition false, except a negated operator (true),
///   `…IfExists` (true) and `Null` (which tests exactly that);
/// - `ForAnyValue:` / `ForAllValues:` treat the (single-valued) key as a set: an absent key is
///   false for `ForAnyValue`, true for `ForAllValues`.
///
/// An operator or key this engine does not know, a policy variable (`${…}`), or a value AWS
/// would have and this gateway cannot know, evaluates to *unknown*: an allow never matches on it,
/// a deny always does.
struct PolicyCondition: Sendable {
    enum Operator: Sendable, Equatable {
        case stringEquals, stringEqualsIgnoreCase, stringLike
        case numericEquals, numericLessThan, numericLessThanEquals, numericGreaterThan, numericGreaterThanEquals
        case dateEquals, dateLessThan, dateLessThanEquals, dateGreaterThan, dateGreaterThanEquals
        case bool, ipAddress, arnLike, null
    }

    enum SetQualifier: Sendable { case none, forAnyValue, forAllValues }

    enum Operands: Sendable {
        case strings([String])
        case lowercased([String])
        case patterns([WildcardPattern])
        case numbers([Double])
        case dates([Double])
        case bools([Bool])
        case blocks([CIDRBlock])
        case arns([ArnPattern])
        /// `Null`: true means the key must be absent.
        case null(Bool)
        /// What cannot be judged (unknown operator, policy variable).
        case unsupported
    }

    let key: ConditionKey
    let op: Operator?
    let negated: Bool
    let ifExists: Bool
    let qualifier: SetQualifier
    let operands: Operands

    /// Whether this engine can judge it at all.
    var isSupported: Bool {
        if case .unsupported = operands { return false }
        if case .unknown = key { return false }
        return op != nil
    }

    /// Every condition of a `Condition` block (operator → key → value or values).
    static func parse(_ value: JSONValue) throws(PolicyDocument.ParseError) -> [PolicyCondition] {
        guard let operators = value.objectValue else { throw .init("a Condition is an object of operators") }
        var conditions: [PolicyCondition] = []
        for (name, keys) in operators {
            guard let keys = keys.objectValue, !keys.isEmpty else { throw .init("the condition operator \(name) needs an object of keys") }
            for (key, values) in keys {
                conditions.append(try PolicyCondition(operator: name, key: key, values: values))
            }
        }
        return conditions
    }

    init(operator name: String, key: String, values: JSONValue) throws(PolicyDocument.ParseError) {
        var rest = Substring(name)
        if rest.lowercased().hasPrefix("foranyvalue:") {
            qualifier = .forAnyValue
            rest = rest.dropFirst("ForAnyValue:".count)
        } else if rest.lowercased().hasPrefix("forallvalues:") {
            qualifier = .forAllValues
            rest = rest.dropFirst("ForAllValues:".count)
        } else {
            qualifier = .none
        }
        var base = rest.lowercased()
        ifExists = base.hasSuffix("ifexists") && base != "null"
        if ifExists { base.removeLast("ifexists".count) }
        self.key = ConditionKey(key)

        let texts: [String]
        if let array = values.arrayValue {
            texts = try array.map { (item) throws(PolicyDocument.ParseError) in try Self.text(item, name, key) }
        } else {
            texts = [try Self.text(values, name, key)]
        }
        guard !texts.isEmpty else { throw .init("the condition \(name) on \(key) has no value") }

        let (op, negated) = Self.operators[base] ?? (nil, false)
        self.op = op
        self.negated = negated
        guard let op, !(op == .null && ifExists) else {
            operands = .unsupported
            return
        }
        if op != .null, op != .ipAddress, texts.contains(where: { $0.contains("${") }) {
            operands = .unsupported  // policy variables are not substituted
            return
        }
        switch op {
        case .stringEquals: operands = .strings(texts)
        case .stringEqualsIgnoreCase: operands = .lowercased(texts.map { $0.lowercased() })
        case .stringLike: operands = .patterns(texts.map { WildcardPattern($0, caseInsensitive: false) })
        case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
            let numbers = texts.compactMap { Double($0) }
            guard numbers.count == texts.count else { throw .init("\(name) on \(key) needs numbers") }
            operands = .numbers(numbers)
        case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            let dates = texts.compactMap(PolicyDate.seconds)
            guard dates.count == texts.count else { throw .init("\(name) on \(key) needs ISO 8601 dates or epoch seconds") }
            operands = .dates(dates)
        case .bool:
            let bools = texts.compactMap { Self.bool($0) }
            guard bools.count == texts.count else { throw .init("\(name) on \(key) needs true or false") }
            operands = .bools(bools)
        case .ipAddress:
            let blocks = texts.compactMap(CIDRBlock.init)
            guard blocks.count == texts.count else { throw .init("\(name) on \(key) needs IP addresses or CIDR blocks") }
            operands = .blocks(blocks)
        case .arnLike:
            let arns = texts.compactMap(ArnPattern.init)
            guard arns.count == texts.count else { throw .init("\(name) on \(key) needs ARNs") }
            operands = .arns(arns)
        case .null:
            guard texts.count == 1, let expected = Self.bool(texts[0]) else { throw .init("Null on \(key) needs true or false") }
            operands = .null(expected)
        }
    }

    private static func text(_ value: JSONValue, _ name: String, _ key: String) throws(PolicyDocument.ParseError) -> String {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        default: throw .init("the values of \(name) on \(key) are strings, numbers or booleans")
        }
    }

    private static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// Operator names (lowercased, without `IfExists` and set qualifiers) and whether they negate.
    private static let operators: [String: (Operator, Bool)] = [
        "stringequals": (.stringEquals, false), "stringnotequals": (.stringEquals, true),
        "stringequalsignorecase": (.stringEqualsIgnoreCase, false), "stringnotequalsignorecase": (.stringEqualsIgnoreCase, true),
        "stringlike": (.stringLike, false), "stringnotlike": (.stringLike, true),
        "numericequals": (.numericEquals, false), "numericnotequals": (.numericEquals, true),
        "numericlessthan": (.numericLessThan, false), "numericlessthanequals": (.numericLessThanEquals, false),
        "numericgreaterthan": (.numericGreaterThan, false), "numericgreaterthanequals": (.numericGreaterThanEquals, false),
        "dateequals": (.dateEquals, false), "datenotequals": (.dateEquals, true),
        "datelessthan": (.dateLessThan, false), "datelessthanequals": (.dateLessThanEquals, false),
        "dategreaterthan": (.dateGreaterThan, false), "dategreaterthanequals": (.dateGreaterThanEquals, false),
        "bool": (.bool, false), "ipaddress": (.ipAddress, false), "notipaddress": (.ipAddress, true),
        "arnequals": (.arnLike, false), "arnlike": (.arnLike, false), "arnnotequals": (.arnLike, true), "arnnotlike": (.arnLike, true),
        "null": (.null, false),
    ]

    /// Whether the condition holds in `context`.
    func evaluate(in context: ConditionContext) -> Tristate {
        guard let op, isSupported else { return .unknown }
        let found = context.lookup(key)
        if case .null(let mustBeAbsent) = operands {
            switch found {
            case .unknown: return .unknown
            case .absent: return Tristate(mustBeAbsent)
            case .value: return Tristate(!mustBeAbsent)
            }
        }
        switch found {
        case .unknown:
            return .unknown
        case .absent:
            if ifExists { return .yes }
            switch qualifier {
            case .forAllValues: return .yes
            case .forAnyValue: return .no
            case .none: return Tristate(negated)
            }
        case .value(let value):
            return Tristate(matches(value, op) != negated)
        }
    }

    /// Whether `value` matches any of the values.
    private func matches(_ value: String, _ op: Operator) -> Bool {
        switch operands {
        case .strings(let texts): return texts.contains(value)
        case .lowercased(let texts):
            let lowered = value.lowercased()
            return texts.contains(lowered)
        case .patterns(let patterns): return patterns.contains { $0.matches(value) }
        case .bools(let flags):
            guard let flag = Self.bool(value) else { return false }
            return flags.contains(flag)
        case .blocks(let blocks):
            guard let address = IPAddress(value) else { return false }
            return blocks.contains { $0.contains(address) }
        case .arns(let arns): return arns.contains { $0.matches(value) }
        case .numbers(let numbers):
            guard let actual = Double(value) else { return false }
            return numbers.contains { Self.compare(actual, $0, op) }
        case .dates(let dates):
            guard let actual = PolicyDate.seconds(value) else { return false }
            return dates.contains { Self.compare(actual, $0, op) }
        case .null, .unsupported: return false
        }
    }

    private static func compare(_ actual: Double, _ expected: Double, _ op: Operator) -> Bool {
        switch op {
        case .numericEquals, .dateEquals: actual == expected
        case .numericLessThan, .dateLessThan: actual < expected
        case .numericLessThanEquals, .dateLessThanEquals: actual <= expected
        case .numericGreaterThan, .dateGreaterThan: actual > expected
        case .numericGreaterThanEquals, .dateGreaterThanEquals: actual >= expected
        default: false
        }
    }
}

/// A three-valued truth: what cannot be judged is `unknown`.
enum Tristate: Sendable, Equatable {
    case yes, no, unknown

    init(_ value: Bool) { self = value ? .yes : .no }

    /// AND: any no is no; else any unknown is unknown.
    static func && (lhs: Tristate, rhs: Tristate) -> Tristate {
        if lhs == .no || rhs == .no { return .no }
        if lhs == .unknown || rhs == .unknown { return .unknown }
        return .yes
    }
}
