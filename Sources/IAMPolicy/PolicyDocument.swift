public import JSON

/// An IAM policy document — an identity policy, an API Gateway resource policy, or the policy a
/// Lambda authorizer returns — parsed once and evaluated per request, per AWS's
/// [policy evaluation logic](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
/// an explicit deny wins over any allow, and without an allow the request is implicitly denied.
/// Statements are described in `PolicyStatement`, conditions in `PolicyCondition`.
///
/// What the engine cannot judge (an unknown condition operator or key, a policy variable, a
/// value AWS would know and this gateway cannot) never lets a request through: a statement
/// depending on it is taken as not matching when it allows and as matching when it denies, so
/// such a policy can only refuse more than AWS would, never less. `unsupported` lists it, so a
/// gateway can refuse to serve such a policy at all.
public struct PolicyDocument: Sendable {
    public let statements: [PolicyStatement]

    /// Why a text is not a policy.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let description: String

        public init(_ description: String) {
            self.description = description
        }
    }

    /// The longest policy text accepted (API Gateway's resource policy quota is 8,192 characters;
    /// identity policies are shorter still).
    public static let maximumLength = 65_536

    public init(statements: [PolicyStatement]) {
        self.statements = statements
    }

    /// Parses the JSON text of a policy document.
    public init(parsing text: String) throws(ParseError) {
        guard text.utf8.count <= Self.maximumLength else { throw ParseError("the policy is longer than \(Self.maximumLength) bytes") }
        let value: JSONValue
        do {
            value = try JSONValueParser(maxDepth: 16, rejectsDuplicateKeys: true).parse(text)
        } catch {
            throw ParseError("the policy is not JSON: \(error)")
        }
        try self.init(value)
    }

    public init(_ value: JSONValue) throws(ParseError) {
        guard let object = value.objectValue else { throw ParseError("a policy is a JSON object") }
        for key in object.keys where !["Version", "Id", "Statement"].contains(key) { throw ParseError("a policy has no element \(key)") }
        if let version = object["Version"], !["2012-10-17", "2008-10-17"].contains(version.stringValue ?? "") {
            throw ParseError("a policy's Version is 2012-10-17 or 2008-10-17")
        }
        if let id = object["Id"], id.stringValue == nil { throw ParseError("a policy's Id is a string") }
        let values: [JSONValue]
        switch object["Statement"] {
        case .array(let array) where !array.isEmpty: values = array
        case .object(let single): values = [.object(single)]
        default: throw ParseError("a policy needs a Statement")
        }
        var statements: [PolicyStatement] = []
        for value in values { statements.append(try PolicyStatement(value)) }
        self.statements = statements
    }

    /// What in the policy this engine cannot judge; empty when it judges everything.
    public var unsupported: [String] {
        var reasons: [String] = []
        for statement in statements {
            for reason in statement.unsupported where !reasons.contains(reason) { reasons.append(reason) }
        }
        return reasons
    }

    /// Whether a statement lacks a `Principal` (required in a resource policy).
    public var hasStatementWithoutPrincipal: Bool { statements.contains { $0.principals == nil } }

    /// Whether who calls (not only from where and when) can change the decision: a named
    /// principal, `NotPrincipal`, or a condition on an `aws:Principal…`/`aws:userid`/`aws:username` key.
    public var dependsOnPrincipal: Bool { statements.contains { $0.dependsOnPrincipal } }

    /// The decision of an identity policy (or a Lambda authorizer's policy) for `action`
    /// (`execute-api:Invoke`) on `resource` (an ARN), with the conditions evaluated in `context`.
    public func evaluate(action: String, resource: String, context: ConditionContext = ConditionContext()) -> PolicyDecision {
        switch evaluateAsResourcePolicy(action: action, resource: resource, context: context) {
        case .allow, .allowForAccount: .allow
        case .explicitDeny: .explicitDeny
        case .implicitDeny: .implicitDeny
        }
    }

    /// The decision of a resource policy for the caller `context.principal`; combine it with the
    /// caller's own with `PolicyDecision.combining(identity:resource:sameAccount:)`.
    public func evaluateAsResourcePolicy(action: String, resource: String, context: ConditionContext) -> ResourcePolicyDecision {
        var decision = ResourcePolicyDecision.implicitDeny
        for statement in statements {
            let (applies, match) = statement.applies(action: action, resource: resource, context: context)
            switch (statement.effect, applies) {
            case (.deny, .yes), (.deny, .unknown): return .explicitDeny
            case (.allow, .yes): if match == .caller { decision = .allow } else if decision != .allow { decision = .allowForAccount }
            default: break
            }
        }
        return decision
    }
}

extension JSONValue {
    /// A policy element that is a string or a non-empty list of strings, as a list; else nil.
    var policyStrings: [String]? {
        if let text = stringValue { return [text] }
        guard let array = arrayValue, !array.isEmpty, array.allSatisfy({ $0.stringValue != nil }) else { return nil }
        return array.compactMap(\.stringValue)
    }
}
