/// Velocity 1.7's binary operators on Java values.
///
/// - `+ - * / %` on integers stay integers (a `long` that overflows becomes a double here, where
///   Velocity widens to `BigInteger`); with a double the result is a double; `/` and `%` by zero
///   give null, as Velocity logs and returns null.
/// - `+` with a string on either side concatenates.
/// - `==`/`!=`: numbers by value, same kinds by Java `equals`, different kinds by their
///   `toString()` (Velocity 1.7's rule); null equals only null.
/// - `< <= > >=` compare numbers (and strings, by UTF-16 order as Java's `compareTo`); anything
///   else is false.
enum Operators {
    static func apply(_ op: BinaryOperator, _ lhs: TemplateValue, _ rhs: TemplateValue, renderer: inout TemplateRenderer) throws(TemplateRenderError) -> TemplateValue {
        switch op {
        case .equal: return .bool(equals(lhs, rhs))
        case .notEqual: return .bool(!equals(lhs, rhs))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = compare(lhs, rhs) else { return .bool(false) }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add:
            if lhs.stringValue != nil || rhs.stringValue != nil, !lhs.isNull, !rhs.isNull {
                let text = try JavaText.string(lhs) + JavaText.string(rhs)
                try renderer.account(bytes: text.utf8.count)
                return .string(text)
            }
            return arithmetic(op, lhs, rhs)
        default:
            return arithmetic(op, lhs, rhs)
        }
    }

    private static func arithmetic(_ op: BinaryOperator, _ lhs: TemplateValue, _ rhs: TemplateValue) -> TemplateValue {
        if case .int(let a) = lhs, case .int(let b) = rhs {
            let result: (partialValue: Int, overflow: Bool)
            switch op {
            case .add: result = a.addingReportingOverflow(b)
            case .subtract: result = a.subtractingReportingOverflow(b)
            case .multiply: result = a.multipliedReportingOverflow(by: b)
            case .divide:
                guard b != 0 else { return .null }
                result = a.dividedReportingOverflow(by: b)
            case .remainder:
                guard b != 0 else { return .null }
                result = a.remainderReportingOverflow(dividingBy: b)
            default: return .null
            }
            if !result.overflow { return .int(result.partialValue) }
        }
        guard let a = lhs.doubleValue, let b = rhs.doubleValue else { return .null }
        switch op {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide: return b == 0 ? .null : .double(a / b)
        case .remainder: return b == 0 ? .null : .double(a.truncatingRemainder(dividingBy: b))
        default: return .null
        }
    }

    static func equals(_ lhs: TemplateValue, _ rhs: TemplateValue, depth: Int = 0) -> Bool {
        // Lists and maps may contain themselves: compare no deeper than that.
        guard depth < 600 else { return false }
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)):
            return a === b || (a.elements.count == b.elements.count && zip(a.elements, b.elements).allSatisfy { equals($0, $1, depth: depth + 1) })
        case (.map(let a), .map(let b)):
            return a === b
                || (a.count == b.count && a.entries.allSatisfy { entry in b.get(entry.key).map { equals(entry.value, $0, depth: depth + 1) } ?? false })
        default:
            if let a = lhs.doubleValue, let b = rhs.doubleValue { return a == b }
            // Velocity 1.7 compares values of different classes by their text.
            guard let left = try? JavaText.string(lhs), let right = try? JavaText.string(rhs) else { return false }
            return left == right
        }
    }

    /// Java's `compareTo` for numbers and strings; nil for anything else.
    static func compare(_ lhs: TemplateValue, _ rhs: TemplateValue) -> Int? {
        if case .int(let a) = lhs, case .int(let b) = rhs { return a < b ? -1 : (a > b ? 1 : 0) }
        if let a = lhs.doubleValue, let b = rhs.doubleValue { return a < b ? -1 : (a > b ? 1 : 0) }
        if case .string(let a) = lhs, case .string(let b) = rhs { return JavaMethods.compareUTF16(a, b) }
        return nil
    }
}
