/// An ARN pattern of IAM's `Arn…` operators: each of the six colon-delimited parts
/// (`arn:partition:service:region:account:resource`) is matched on its own, with `*` and `?`
/// wildcards, case-sensitively; so `*` never spans a colon between parts
/// ([ARN condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN)).
struct ArnPattern: Sendable {
    private let parts: [WildcardPattern]

    /// nil when `text` does not have the six parts of an ARN (`*` alone stands for any ARN).
    init?(_ text: String) {
        if text == "*" {
            parts = Array(repeating: WildcardPattern("*", caseInsensitive: false), count: 6)
            return
        }
        let split = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard split.count == 6 else { return nil }
        parts = split.map { WildcardPattern(String($0), caseInsensitive: false) }
    }

    func matches(_ arn: String) -> Bool {
        let split = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard split.count == 6 else { return false }
        for (pattern, part) in zip(parts, split) where !pattern.matches(String(part)) { return false }
        return true
    }
}
