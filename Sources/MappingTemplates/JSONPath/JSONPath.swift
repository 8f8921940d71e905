public import JSON

/// A JSONPath expression, compiled once, with the semantics of Jayway JsonPath (the library API
/// Gateway's `$input.path` and `$input.json` use):
///
/// - `$` the root, `.name` and `['name']` (or `["name"]`, `['a','b']`) members, `[0]` and `[-1]`
///   elements, `[0,2]` several, `[*]`/`.*` all, `..name`/`..*`/`..[0]` at any depth,
///   `[start:end:step]` slices, and filters `[?(@.price < 10 && @.tag == 'x')]`, `[?(@.isbn)]`.
/// - A path without `$` is read as `$.path`, as Jayway does.
/// - A *definite* path (names and single indices only) gives one value or none; any other gives
///   the list of what matched.
public struct JSONPath: Sendable {
    enum Selector: Sendable {
        case name(String)
        case wildcard
        case index(Int)
        case slice(start: Int?, end: Int?, step: Int?)
        case filter(JSONPathFilter)
    }

    enum Segment: Sendable {
        /// `.x` or `[…]`: the selectors applied to each current node.
        case child([Selector])
        /// `..x`: the selectors applied to each current node and all its descendants.
        case descendant([Selector])
    }

    let segments: [Segment]
    /// Whether the path names at most one value (no wildcards, descendants, slices, filters or
    /// unions).
    public let isDefinite: Bool

    public init(_ text: String) throws(JSONPathError) {
        var parser = JSONPathParser(text)
        segments = try parser.parsePath()
        isDefinite = segments.allSatisfy { segment in
            guard case .child(let selectors) = segment, selectors.count == 1 else { return false }
            switch selectors[0] {
            case .name, .index: return true
            default: return false
            }
        }
    }

    /// What the path selects in `root`, in document order. `budget` counts nodes visited and
    /// makes evaluation fail (nil) rather than run long on a hostile document and path.
    public func evaluate(_ root: JSONValue, budget: inout Int) -> [JSONValue]? {
        var current = [root]
        for segment in segments {
            var next: [JSONValue] = []
            switch segment {
            case .child(let selectors):
                for node in current {
                    for selector in selectors {
                        guard Self.apply(selector, to: node, root: root, into: &next, budget: &budget) else { return nil }
                    }
                }
            case .descendant(let selectors):
                for node in current {
                    var stack = [node]
                    while let visited = stack.popLast() {
                        budget -= 1
                        if budget < 0 { return nil }
                        for selector in selectors {
                            guard Self.apply(selector, to: visited, root: root, into: &next, budget: &budget) else { return nil }
                        }
                        switch visited {
                        case .array(let elements): stack.append(contentsOf: elements.reversed())
                        case .object(let object): stack.append(contentsOf: object.map(\.value).reversed())
                        default: break
                        }
                    }
                }
            }
            current = next
            if current.isEmpty { break }
        }
        return current
    }

    private static func apply(
        _ selector: Selector, to node: JSONValue, root: JSONValue, into results: inout [JSONValue], budget: inout Int
    ) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        switch (selector, node) {
        case (.name(let name), .object(let object)):
            if let value = object[name] { results.append(value) }
        case (.wildcard, .object(let object)):
            budget -= object.count
            results.append(contentsOf: object.map(\.value))
        case (.wildcard, .array(let elements)):
            budget -= elements.count
            results.append(contentsOf: elements)
        case (.index(let index), .array(let elements)):
            let resolved = index < 0 ? elements.count + index : index
            if resolved >= 0, resolved < elements.count { results.append(elements[resolved]) }
        case (.slice(let start, let end, let step), .array(let elements)):
            for index in sliceIndices(count: elements.count, start: start, end: end, step: step) {
                budget -= 1
                if budget < 0 { return false }
                results.append(elements[index])
            }
        case (.filter(let filter), .array(let elements)):
            for element in elements {
                budget -= 1
                if budget < 0 { return false }
                if filter.matches(element, root: root) { results.append(element) }
            }
        case (.filter(let filter), .object(let object)):
            for (_, value) in object {
                budget -= 1
                if budget < 0 { return false }
                if filter.matches(value, root: root) { results.append(value) }
            }
        default:
            break
        }
        return budget >= 0
    }

    /// Python-style slice bounds (Jayway's): negative positions count from the end.
    static func sliceIndices(count: Int, start: Int?, end: Int?, step: Int?) -> [Int] {
        let step = step ?? 1
        guard step != 0, count > 0 else { return [] }
        func clamp(_ value: Int, low: Int, high: Int) -> Int { Swift.min(Swift.max(value, low), high) }
        if step > 0 {
            let from = clamp(start.map { $0 < 0 ? count + $0 : $0 } ?? 0, low: 0, high: count)
            let to = clamp(end.map { $0 < 0 ? count + $0 : $0 } ?? count, low: 0, high: count)
            return from < to ? Array(stride(from: from, to: to, by: step)) : []
        }
        let from = clamp(start.map { $0 < 0 ? count + $0 : $0 } ?? count - 1, low: -1, high: count - 1)
        let to = clamp(end.map { $0 < 0 ? count + $0 : $0 } ?? -1, low: -1, high: count - 1)
        return from > to ? Array(stride(from: from, to: to, by: step)) : []
    }
}

/// Why a JSONPath could not be compiled.
public struct JSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
