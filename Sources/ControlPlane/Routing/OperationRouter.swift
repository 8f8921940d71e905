/// Finds the operation a management request calls: method, path segments (a literal beats a
/// placeholder) and literal query constraints such as `?mode=import`. Built once at start.
public struct OperationRouter: Sendable {
    public struct Match: Sendable {
        public let operation: OperationDescriptor
        /// Placeholder name → percent-decoded value.
        public let pathParameters: [String: String]
    }

    private struct Entry: Sendable {
        let operation: OperationDescriptor
        let segments: [Substring]
        let constraints: [(String, String)]
        let literalCount: Int
    }

    private let entries: [String: [Entry]]

    public init(operations: [OperationDescriptor]) {
        var entries: [String: [Entry]] = [:]
        for operation in operations {
            let segments = operation.pathSegments
            let entry = Entry(
                operation: operation, segments: segments, constraints: operation.queryConstraints,
                literalCount: segments.filter { !$0.hasPrefix("{") }.count)
            entries[operation.method, default: []].append(entry)
        }
        for key in entries.keys {
            entries[key]?.sort {
                ($0.constraints.count, $0.literalCount) > ($1.constraints.count, $1.literalCount)
            }
        }
        self.entries = entries
    }

    /// The operation for `method` and the raw (percent-encoded) `path` and decoded query.
    public func match(method: String, path: String, query: [(String, String)]) -> Match? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        for entry in entries[method.uppercased()] ?? [] where entry.segments.count == segments.count {
            var parameters: [String: String] = [:]
            var matched = true
            for (template, actual) in zip(entry.segments, segments) {
                if template.hasPrefix("{"), template.hasSuffix("}") {
                    let name = template.dropFirst().dropLast()
                    parameters[String(name.hasSuffix("+") ? name.dropLast() : name)] = percentDecode(actual)
                } else if template != actual {
                    matched = false
                    break
                }
            }
            guard matched else { continue }
            let satisfied = entry.constraints.allSatisfy { constraint in
                query.contains { $0.0 == constraint.0 && $0.1 == constraint.1 }
            }
            if satisfied { return Match(operation: entry.operation, pathParameters: parameters) }
        }
        return nil
    }

    func percentDecode(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
