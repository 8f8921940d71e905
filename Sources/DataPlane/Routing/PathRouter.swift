/// An immutable segment trie that finds the most specific template for a path, with API
/// Gateway's precedence: a literal segment beats `{param}`, which beats `{proxy+}`; when a
/// branch cannot finish (or the caller rejects its value, e.g. for want of the method), the
/// search backtracks to the next less specific branch.
///
/// Lookup cost grows with the path's depth, not with the number of templates: each level is one
/// hash lookup. Built once per deployment by `PathRouter.Builder`, then only read.
public struct PathRouter<Value: Sendable>: Sendable {
    struct Node: Sendable {
        var literals: [SegmentKey: Int32] = [:]
        var parameter: Int32 = -1
        var greedy: Int32 = -1
        var value: Value?
    }

    /// The result of a lookup: the value and the raw (still percent-encoded) values of the path
    /// parameters in template order.
    public struct Match {
        public var value: Value
        public var parameters: [Substring]
    }

    private let nodes: [Node]

    /// Builds a router. Adding the same template twice merges values with `combine`.
    public struct Builder {
        private var nodes: [Node] = [Node()]

        public init() {}

        public mutating func add(_ template: PathTemplate, _ value: Value, combine: (Value, Value) -> Value = { _, new in new }) {
            var index = 0
            for segment in template.segments {
                switch segment {
                case .literal(let text):
                    if let next = nodes[index].literals[SegmentKey(text[...])] {
                        index = Int(next)
                    } else {
                        let next = appendNode()
                        nodes[index].literals[SegmentKey(text[...])] = Int32(next)
                        index = next
                    }
                case .parameter:
                    if nodes[index].parameter < 0 { nodes[index].parameter = Int32(appendNode()) }
                    index = Int(nodes[index].parameter)
                case .greedy:
                    if nodes[index].greedy < 0 { nodes[index].greedy = Int32(appendNode()) }
                    index = Int(nodes[index].greedy)
                }
            }
            if let existing = nodes[index].value {
                nodes[index].value = combine(existing, value)
            } else {
                nodes[index].value = value
            }
        }

        private mutating func appendNode() -> Int {
            nodes.append(Node())
            return nodes.count - 1
        }

        public func build() -> PathRouter { PathRouter(nodes: nodes) }
    }

    private init(nodes: [Node]) { self.nodes = nodes }

    /// Every value the router holds, in no particular order (built once per deployment, for the
    /// observers that prepare per-route state).
    public var values: [Value] { nodes.compactMap(\.value) }

    /// The number of trie nodes (for tests and benchmarks).
    public var nodeCount: Int { nodes.count }

    /// Finds the most specific template matching `path` (which starts with `/`; a single trailing
    /// slash is ignored) whose value `accept` takes.
    public func match(_ path: Substring, accept: (Value) -> Bool = { _ in true }) -> Match? {
        var trimmed = path
        if trimmed.utf8.first == UInt8(ascii: "/") { trimmed = trimmed.dropFirst() }
        if trimmed.utf8.last == UInt8(ascii: "/") { trimmed = trimmed.dropLast() }
        var segments: [Substring] = []
        if !trimmed.isEmpty {
            // Split on the UTF-8 bytes: `Substring.split` would walk grapheme clusters.
            let utf8 = trimmed.utf8
            var start = utf8.startIndex
            var index = start
            while index != utf8.endIndex {
                if utf8[index] == UInt8(ascii: "/") {
                    segments.append(trimmed[start..<index])
                    start = utf8.index(after: index)
                }
                index = utf8.index(after: index)
            }
            segments.append(trimmed[start..<utf8.endIndex])
        }
        var parameters: [Substring] = []
        guard let value = visit(0, segments, 0, trimmed, &parameters, accept) else { return nil }
        return Match(value: value, parameters: parameters)
    }

    private func visit(
        _ nodeIndex: Int, _ segments: [Substring], _ position: Int, _ whole: Substring, _ parameters: inout [Substring],
        _ accept: (Value) -> Bool
    ) -> Value? {
        // Fields are read in place: copying the `Node` would retain its dictionary and value.
        if position == segments.count {
            if let value = nodes[nodeIndex].value, accept(value) { return value }
            return nil
        }
        let segment = segments[position]
        if let next = nodes[nodeIndex].literals[SegmentKey(segment)],
            let value = visit(Int(next), segments, position + 1, whole, &parameters, accept)
        {
            return value
        }
        let parameter = nodes[nodeIndex].parameter
        if parameter >= 0, !segment.isEmpty {
            parameters.append(segment)
            if let value = visit(Int(parameter), segments, position + 1, whole, &parameters, accept) {
                return value
            }
            parameters.removeLast()
        }
        let greedy = nodes[nodeIndex].greedy
        if greedy >= 0, let value = nodes[Int(greedy)].value, accept(value) {
            parameters.append(whole[segment.startIndex...])
            return value
        }
        return nil
    }
}

/// A path segment as a dictionary key, compared and hashed by its UTF-8 bytes: URL paths match
/// byte for byte (as AWS matches them), and byte hashing skips the Unicode normalisation that
/// `String`'s own hashing does — several times faster per lookup.
struct SegmentKey: Hashable, Sendable {
    let text: Substring

    init(_ text: Substring) { self.text = text }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (lhs: SegmentKey, rhs: SegmentKey) -> Bool {
        guard lhs.text.utf8.count == rhs.text.utf8.count else { return false }
        var left = lhs.text
        var right = rhs.text
        return left.withUTF8 { a in right.withUTF8 { b in a.elementsEqual(b) } }
    }
}
