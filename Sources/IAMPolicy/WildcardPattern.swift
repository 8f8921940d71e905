/// An IAM pattern: `*` matches any run of characters (`/` included), `?` any one character.
struct WildcardPattern: Sendable {
    private let pattern: [Unicode.Scalar]
    private let caseInsensitive: Bool
    /// The pattern has no wildcard: a plain comparison.
    private let literal: String?

    init(_ text: String, caseInsensitive: Bool) {
        self.caseInsensitive = caseInsensitive
        let folded = caseInsensitive ? text.lowercased() : text
        pattern = Array(folded.unicodeScalars)
        literal = folded.contains(where: { $0 == "*" || $0 == "?" }) ? nil : folded
    }

    /// Iterative matching with one backtrack point: linear in practice, never exponential.
    func matches(_ candidate: String) -> Bool {
        let folded = caseInsensitive ? candidate.lowercased() : candidate
        if let literal { return folded == literal }
        return Self.match(pattern, Array(folded.unicodeScalars))
    }

    private static func match(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var p = 0
        var t = 0
        var star = -1
        var resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
