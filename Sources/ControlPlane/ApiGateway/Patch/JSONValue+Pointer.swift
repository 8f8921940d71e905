import JSON

extension JSONValue {
    /// The value at the reference tokens `tokens` (object keys; array indexes as decimal strings).
    func value(at tokens: [String]) -> JSONValue? {
        var current = self
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets the value at `tokens`, creating objects on the way (AWS's `add` and `replace` both
    /// create what is missing, e.g. `/variables/NAME` on a stage without variables).
    mutating func set(_ value: JSONValue, at tokens: [String]) {
        guard let first = tokens.first else {
            self = value
            return
        }
        let rest = Array(tokens.dropFirst())
        switch self {
        case .array(var items):
            if let index = Int(first), items.indices.contains(index) {
                items[index].set(value, at: rest)
            } else {
                var child = JSONValue.object(JSONObject())
                child.set(value, at: rest)
                items.append(child)
            }
            self = .array(items)
        case .object(var object):
            var child = object[first] ?? .object(JSONObject())
            if case .null = child { child = .object(JSONObject()) }
            child.set(value, at: rest)
            object[first] = child
            self = .object(object)
        default:
            var object = JSONObject()
            var child = JSONValue.object(JSONObject())
            child.set(value, at: rest)
            object[first] = child
            self = .object(object)
        }
    }

    /// Removes the value at `tokens`.
    /// - Returns: whether there was one.
    @discardableResult
    mutating func remove(at tokens: [String]) -> Bool {
        guard let first = tokens.first else { return false }
        let rest = Array(tokens.dropFirst())
        switch self {
        case .object(var object):
            if rest.isEmpty {
                guard object[first] != nil else { return false }
                object[first] = nil
                self = .object(object)
                return true
            }
            guard var child = object[first] else { return false }
            let removed = child.remove(at: rest)
            object[first] = child
            self = .object(object)
            return removed
        case .array(var items):
            guard let index = Int(first), items.indices.contains(index) else { return false }
            if rest.isEmpty {
                items.remove(at: index)
                self = .array(items)
                return true
            }
            let removed = items[index].remove(at: rest)
            self = .array(items)
            return removed
        default:
            return false
        }
    }
}
