public import JSON

/// An IAM policy document (identity policy, or the policy a Lambda authorizer returns), parsed
/// once and evaluated per request: `Allow`/`Deny` statements with `Action`/`NotAction` and
/// `Resource`/`NotResource`, `*` and `?` wildcards (actions case-insensitive, resources
/// case-sensitive), explicit deny winning over allow, no allow meaning an implicit deny
/// ([AWS's evaluation logic](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)).
///
/// Conditions: `IpAddress`/`NotIpAddress` on `aws:SourceIp` are evaluated (`PolicyCondition`).
/// So that any other condition can never let a request through, a statement with one is taken
/// as not matching when it allows and as matching when it denies: such a policy can only refuse
/// more than AWS would, never less.
public struct PolicyDocument: Sendable {
    public let statements: [PolicyStatement]

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(statements: [PolicyStatement]) {
        self.statements = statements
    }

    /// Parses the JSON text of a policy document.
    public init(parsing text: String) throws(ParseError) {
        let value: JSONValue
        do {
            value = try JSONValueParser(maxDepth: 32).parse(text)
        } catch {
            throw ParseError(description: "the policy is not JSON: \(error)")
        }
        try self.init(value)
    }

    public init(_ value: JSONValue) throws(ParseError) {
        guard let object = value.objectValue else { throw ParseError(description: "a policy is a JSON object") }
        let statementValue = object["Statement"]
        let values: [JSONValue]
        if let array = statementValue?.arrayValue {
            values = array
        } else if let single = statementValue, single.objectValue != nil {
            values = [single]
        } else {
            throw ParseError(description: "a policy needs a Statement")
        }
        var statements: [PolicyStatement] = []
        for value in values { statements.append(try PolicyStatement(value)) }
        self.statements = statements
    }

    /// Whether every statement can be evaluated for an anonymous caller: its principal is
    /// everyone (`"*"`, `{"AWS": "*"}`) and its conditions are ones the engine knows. Only such a
    /// resource policy is evaluated; any other is refused by the caller.
    public var isEvaluableForAnyone: Bool {
        statements.allSatisfy { $0.principalIsEveryone && !$0.conditions.contains { if case .unsupported = $0 { true } else { false } } }
    }

    /// The decision for `action` (`execute-api:Invoke`) on `resource` (an ARN), with the
    /// conditions evaluated in `context`.
    public func evaluate(action: String, resource: String, context: ConditionContext? = nil) -> PolicyDecision {
        var allowed = false
        for statement in statements where statement.matches(action: action, resource: resource, context: context) {
            if statement.effect == .deny { return .explicitDeny }
            allowed = true
        }
        return allowed ? .allow : .implicitDeny
    }
}

/// What a set of statements decided.
public enum PolicyDecision: Sendable, Equatable {
    case allow
    case explicitDeny
    case implicitDeny
}

/// One statement of a policy document.
public struct PolicyStatement: Sendable {
    public enum Effect: String, Sendable {
        case allow = "Allow"
        case deny = "Deny"
    }

    public let effect: Effect
    let actions: [WildcardPattern]
    let actionsNegated: Bool
    let resources: [WildcardPattern]
    let resourcesNegated: Bool
    /// Whether the statement has a `Condition` block.
    public let hasCondition: Bool
    let conditions: [PolicyCondition]
    /// `Principal` is `"*"` or `{"AWS": "*"}` (or absent, as in identity policies).
    let principalIsEveryone: Bool

    init(_ value: JSONValue) throws(PolicyDocument.ParseError) {
        guard let object = value.objectValue else { throw PolicyDocument.ParseError(description: "a statement is a JSON object") }
        guard let effectText = object["Effect"]?.stringValue, let effect = Effect(rawValue: effectText) else {
            throw PolicyDocument.ParseError(description: "a statement's Effect is Allow or Deny")
        }
        self.effect = effect
        (actions, actionsNegated) = try Self.patterns(object, "Action", "NotAction", caseInsensitive: true)
        (resources, resourcesNegated) = try Self.patterns(object, "Resource", "NotResource", caseInsensitive: false)
        hasCondition = object["Condition"] != nil
        conditions = object["Condition"].map(PolicyCondition.parse) ?? []
        if let principal = object["Principal"] {
            principalIsEveryone = principal.stringValue == "*" || principal.objectValue?["AWS"]?.stringValue == "*"
        } else {
            principalIsEveryone = object["NotPrincipal"] == nil
        }
    }

    private static func patterns(_ object: JSONObject, _ name: String, _ negatedName: String, caseInsensitive: Bool)
        throws(PolicyDocument.ParseError) -> ([WildcardPattern], Bool)
    {
        let negated = object[name] == nil && object[negatedName] != nil
        guard let value = object[negated ? negatedName : name] else {
            throw PolicyDocument.ParseError(description: "a statement needs \(name) or \(negatedName)")
        }
        let texts: [String]
        if let text = value.stringValue {
            texts = [text]
        } else if let array = value.arrayValue, array.allSatisfy({ $0.stringValue != nil }) {
            texts = array.compactMap(\.stringValue)
        } else {
            throw PolicyDocument.ParseError(description: "\(name) is a string or a list of strings")
        }
        return (texts.map { WildcardPattern($0, caseInsensitive: caseInsensitive) }, negated)
    }

    func matches(action: String, resource: String, context: ConditionContext?) -> Bool {
        let actionMatches = actions.contains { $0.matches(action) } != actionsNegated
        let resourceMatches = resources.contains { $0.matches(resource) } != resourcesNegated
        guard actionMatches, resourceMatches else { return false }
        guard hasCondition else { return true }
        // Conditions must all hold; one that cannot be evaluated is never an allow, always a deny.
        for condition in conditions {
            guard let context, let holds = condition.holds(in: context) else { return effect == .deny }
            if !holds { return false }
        }
        return true
    }
}
