/// The outcome of validating one instance.
public struct ValidationResult: Sendable, Hashable {
    /// The violations found, in evaluation order; empty when the instance is valid.
    public var violations: [SchemaViolation]
    /// True when more violations existed than ``JSONSchemaValidator/Options/maxViolations`` and the
    /// list was cut short.
    public var isTruncated: Bool

    public init(violations: [SchemaViolation], isTruncated: Bool = false) {
        self.violations = violations
        self.isTruncated = isTruncated
    }

    /// Whether the instance is valid.
    public var isValid: Bool { violations.isEmpty }
}
