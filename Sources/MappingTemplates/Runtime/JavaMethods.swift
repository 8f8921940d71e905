/// The Java methods templates call on strings, lists, maps, map entries, numbers and booleans,
/// with Java's results and failures (an index out of range throws, which fails the render as it
/// fails AWS's). A method Java's class does not have gives null, as Velocity does.
enum JavaMethods {
    static func call(
        _ name: String, on receiver: TemplateValue, arguments: [TemplateValue], constant: CompiledArgument?, renderer: inout TemplateRenderer
    ) throws(TemplateRenderError) -> TemplateValue {
        if arguments.isEmpty, name == "toString" {
            let text = try JavaText.string(receiver)
            try renderer.account(bytes: text.utf8.count)
            return .string(text)
        }
        switch receiver {
        case .string(let text): return try string(name, text, arguments, constant: constant, renderer: &renderer)
        case .list(let list): return try self.list(name, list, arguments, renderer: &renderer)
        case .map(let map): return try self.map(name, map, arguments, renderer: &renderer)
        case .entry(let key, let value):
            switch (name, arguments.count) {
            case ("getKey", 0): return .string(key)
            case ("getValue", 0): return value
            default: return .null
            }
        case .int, .double:
            return number(name, receiver, arguments)
        case .bool(let bool):
            switch (name, arguments.count) {
            case ("booleanValue", 0): return .bool(bool)
            case ("equals", 1): return .bool(Operators.equals(receiver, arguments[0]) && sameKind(receiver, arguments[0]))
            default: return .null
            }
        default:
            return .null
        }
    }

    private static func sameKind(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
        switch (a, b) {
        case (.string, .string), (.bool, .bool), (.int, .int), (.double, .double), (.list, .list), (.map, .map): true
        default: false
        }
    }

    // MARK: String

    private static func string(
        _ name: String, _ text: String, _ arguments: [TemplateValue], constant: CompiledArgument?, renderer: inout TemplateRenderer
    ) throws(TemplateRenderError) -> TemplateValue {
        let argument = try arguments.first.map { (value) throws(TemplateRenderError) -> String in try JavaText.string(value) }
        try renderer.account(bytes: text.utf8.count)
        switch (name, arguments.count) {
        case ("length", 0): return .int(text.utf16.count)
        case ("isEmpty", 0): return .bool(text.isEmpty)
        case ("trim", 0), ("strip", 0): return .string(text.trimmingCharacters(of: " \t\n\r\u{0B}\u{0C}\0"))
        case ("toLowerCase", 0): return .string(text.lowercased())
        case ("toUpperCase", 0): return .string(text.uppercased())
        case ("hashCode", 0):
            var hash: Int32 = 0
            for unit in text.utf16 { hash = hash &* 31 &+ Int32(unit) }
            return .int(Int(hash))
        case ("equals", 1): return .bool(arguments[0].stringValue == text)
        case ("equalsIgnoreCase", 1): return .bool(arguments[0].stringValue?.lowercased() == text.lowercased())
        case ("compareTo", 1): return .int(compareUTF16(text, argument ?? "null"))
        case ("contains", 1): return .bool(argument.map { $0.isEmpty || text.contains($0) } ?? false)
        case ("startsWith", 1): return .bool(argument.map { text.hasPrefix($0) } ?? false)
        case ("endsWith", 1): return .bool(argument.map { text.hasSuffix($0) } ?? false)
        case ("concat", 1):
            let joined = text + (argument ?? "")
            try renderer.account(bytes: joined.utf8.count)
            return .string(joined)
        case ("charAt", 1):
            let units = Array(text.utf16)
            let index = try integer(arguments[0])
            guard index >= 0, index < units.count else { throw .method("charAt(\(index)): index out of range") }
            return .string(String(decoding: [units[index]], as: UTF16.self))
        case ("substring", 1), ("substring", 2):
            let units = Array(text.utf16)
            let begin = try integer(arguments[0])
            let end = arguments.count == 2 ? try integer(arguments[1]) : units.count
            guard begin >= 0, end <= units.count, begin <= end else {
                throw .method("substring(\(begin), \(end)) out of range for length \(units.count)")
            }
            return .string(String(decoding: units[begin..<end], as: UTF16.self))
        case ("indexOf", 1), ("indexOf", 2), ("lastIndexOf", 1), ("lastIndexOf", 2):
            guard let needle = argument else { return .int(-1) }
            let from = arguments.count == 2 ? try integer(arguments[1]) : nil
            return .int(indexOf(Array(needle.utf16), in: Array(text.utf16), from: from, last: name == "lastIndexOf"))
        case ("replace", 2):
            let target = try JavaText.string(arguments[0])
            let replacement = try JavaText.string(arguments[1])
            let result: String
            if target.isEmpty {
                result = replacement + text.map { String($0) + replacement }.joined()
            } else {
                result = text.replacing(target, with: replacement)
            }
            try renderer.account(bytes: result.utf8.count)
            return .string(result)
        case ("replaceAll", 2), ("replaceFirst", 2):
            let regex = try pattern(constant, arguments[0])
            let result = try regex.replace(in: text, with: try JavaText.string(arguments[1]), all: name == "replaceAll")
            try renderer.account(bytes: result.utf8.count)
            return .string(result)
        case ("matches", 1):
            return .bool(try pattern(constant, arguments[0]).matches(text))
        case ("split", 1):
            let parts = try pattern(constant, arguments[0]).split(text)
            try renderer.tick(parts.count)
            return .list(TemplateList(parts.map { .string($0) }))
        case ("getBytes", 0):
            return .list(TemplateList(text.utf8.map { .int(Int(Int8(bitPattern: $0))) }))
        default:
            return .null
        }
    }

    private static func pattern(_ constant: CompiledArgument?, _ argument: TemplateValue) throws(TemplateRenderError) -> JavaRegex {
        if case .regex(let compiled)? = constant { return compiled }
        return try JavaRegex(try JavaText.string(argument))
    }

    /// Java `indexOf`/`lastIndexOf` over UTF-16 units.
    private static func indexOf(_ needle: [UInt16], in haystack: [UInt16], from: Int?, last: Bool) -> Int {
        let limit = haystack.count - needle.count
        guard limit >= 0 else { return -1 }
        if last {
            var index = min(from ?? limit, limit)
            while index >= 0 {
                if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
                index -= 1
            }
        } else {
            var index = max(from ?? 0, 0)
            while index <= limit {
                if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
                index += 1
            }
        }
        return -1
    }

    /// Java's `String.compareTo`: by UTF-16 unit, then by length.
    static func compareUTF16(_ a: String, _ b: String) -> Int {
        for (x, y) in zip(a.utf16, b.utf16) where x != y { return Int(x) - Int(y) }
        return a.utf16.count - b.utf16.count
    }

    private static func integer(_ value: TemplateValue) throws(TemplateRenderError) -> Int {
        switch value {
        case .int(let int): return int
        case .double(let double) where double.rounded() == double && abs(double) < 1e15: return Int(double)
        case .string(let text):
            guard let int = Int(text) else { throw .method("'\(text)' is not an integer") }
            return int
        default: throw .method("\((try? JavaText.string(value)) ?? "value") is not an integer")
        }
    }

    // MARK: List

    private static func list(_ name: String, _ list: TemplateList, _ arguments: [TemplateValue], renderer: inout TemplateRenderer) throws(TemplateRenderError) -> TemplateValue {
        switch (name, arguments.count) {
        case ("size", 0): return .int(list.elements.count)
        case ("isEmpty", 0): return .bool(list.elements.isEmpty)
        case ("get", 1):
            let index = try integer(arguments[0])
            guard index >= 0, index < list.elements.count else { throw .method("get(\(index)) out of range for a list of \(list.elements.count)") }
            return list.elements[index]
        case ("contains", 1):
            try renderer.tick(list.elements.count)
            return .bool(list.elements.contains { Operators.equals($0, arguments[0]) })
        case ("indexOf", 1):
            try renderer.tick(list.elements.count)
            return .int(list.elements.firstIndex { Operators.equals($0, arguments[0]) } ?? -1)
        case ("add", 1):
            list.elements.append(arguments[0])
            return .bool(true)
        case ("add", 2):
            let index = try integer(arguments[0])
            guard index >= 0, index <= list.elements.count else { throw .method("add(\(index)) out of range") }
            list.elements.insert(arguments[1], at: index)
            return .null
        case ("addAll", 1):
            guard case .list(let other) = arguments[0] else { return .bool(false) }
            try renderer.tick(other.elements.count)
            list.elements.append(contentsOf: other.elements)
            return .bool(!other.elements.isEmpty)
        case ("set", 2):
            let index = try integer(arguments[0])
            guard index >= 0, index < list.elements.count else { throw .method("set(\(index)) out of range") }
            let previous = list.elements[index]
            list.elements[index] = arguments[1]
            return previous
        case ("remove", 1):
            if case .int(let index) = arguments[0] {
                guard index >= 0, index < list.elements.count else { throw .method("remove(\(index)) out of range") }
                return list.elements.remove(at: index)
            }
            guard let index = list.elements.firstIndex(where: { Operators.equals($0, arguments[0]) }) else { return .bool(false) }
            list.elements.remove(at: index)
            return .bool(true)
        case ("clear", 0):
            list.elements.removeAll()
            return .null
        case ("subList", 2):
            let from = try integer(arguments[0])
            let to = try integer(arguments[1])
            guard from >= 0, to <= list.elements.count, from <= to else { throw .method("subList(\(from), \(to)) out of range") }
            return .list(TemplateList(Array(list.elements[from..<to]), rendersAsJSON: list.rendersAsJSON))
        case ("equals", 1): return .bool(Operators.equals(.list(list), arguments[0]))
        default: return .null
        }
    }

    // MARK: Map

    private static func map(_ name: String, _ map: TemplateMap, _ arguments: [TemplateValue], renderer: inout TemplateRenderer) throws(TemplateRenderError) -> TemplateValue {
        switch (name, arguments.count) {
        case ("get", 1): return map.get(try JavaText.string(arguments[0])) ?? .null
        case ("getOrDefault", 2): return map.get(try JavaText.string(arguments[0])) ?? arguments[1]
        case ("put", 2): return try map.put(try JavaText.string(arguments[0]), arguments[1])
        case ("containsKey", 1): return .bool(map.get(try JavaText.string(arguments[0])) != nil)
        case ("containsValue", 1):
            try renderer.tick(map.count)
            return .bool(map.entries.contains { Operators.equals($0.value, arguments[0]) })
        case ("size", 0): return .int(map.count)
        case ("isEmpty", 0): return .bool(map.count == 0)
        case ("keySet", 0):
            try renderer.tick(map.count)
            return .list(TemplateList(map.keys.map { .string($0) }))
        case ("values", 0):
            try renderer.tick(map.count)
            return .list(TemplateList(map.entries.map(\.value)))
        case ("entrySet", 0):
            try renderer.tick(map.count)
            return .list(TemplateList(map.entries.map { .entry(key: $0.key, value: $0.value) }))
        case ("remove", 1): return map.remove(try JavaText.string(arguments[0]))
        case ("putAll", 1):
            guard case .map(let other) = arguments[0] else { return .null }
            try renderer.tick(other.count)
            for (key, value) in other.entries { try map.put(key, value) }
            return .null
        case ("equals", 1): return .bool(Operators.equals(.map(map), arguments[0]))
        default: return .null
        }
    }

    // MARK: Number

    private static func number(_ name: String, _ value: TemplateValue, _ arguments: [TemplateValue]) -> TemplateValue {
        switch (name, arguments.count) {
        case ("intValue", 0), ("longValue", 0):
            if case .double(let double) = value {
                guard double.isFinite else { return .int(double.isNaN ? 0 : (double < 0 ? Int.min : Int.max)) }
                return .int(Int(max(min(double, 9.2e18), -9.2e18)))
            }
            return value
        case ("doubleValue", 0), ("floatValue", 0): return value.doubleValue.map { .double($0) } ?? .null
        case ("equals", 1): return .bool(sameKind(value, arguments[0]) && Operators.equals(value, arguments[0]))
        case ("compareTo", 1): return Operators.compare(value, arguments[0]).map { .int($0) } ?? .null
        default: return .null
        }
    }
}
