public import JSON

/// One statement of a policy document: `Effect`, `Action`/`NotAction`, `Resource`/`NotResource`
/// (with `*` and `?` wildcards; actions case-insensitive, resources case-sensitive), the
/// `Principal`/`NotPrincipal` of a resource policy, and its `Condition`s.
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
    /// nil: no `Principal` element (an identity policy: the identity it is attached to).
    let principals: PrincipalSet?
    let principalsNegated: Bool
    let conditions: [PolicyCondition]
    /// What in the statement this engine cannot judge (evaluated conservatively).
    let unsupported: [String]

    /// Whether the statement has a `Condition` block.
    public var hasCondition: Bool { !conditions.isEmpty }

    static let elements: Set<String> = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]

    init(_ value: JSONValue) throws(PolicyDocument.ParseError) {
        guard let object = value.objectValue else { throw .init("a statement is a JSON object") }
        for key in object.keys where !Self.elements.contains(key) { throw .init("a statement has no element \(key)") }
        if let sid = object["Sid"], sid.stringValue == nil { throw .init("a statement's Sid is a string") }
        guard let effectText = object["Effect"]?.stringValue, let effect = Effect(rawValue: effectText) else {
            throw .init("a statement's Effect is Allow or Deny")
        }
        self.effect = effect
        (actions, actionsNegated) = try Self.patterns(object, "Action", "NotAction", caseInsensitive: true)
        (resources, resourcesNegated) = try Self.patterns(object, "Resource", "NotResource", caseInsensitive: false)
        if object["Principal"] != nil, object["NotPrincipal"] != nil { throw .init("a statement has Principal or NotPrincipal, not both") }
        principalsNegated = object["NotPrincipal"] != nil
        principals = try (object["Principal"] ?? object["NotPrincipal"]).map { (value) throws(PolicyDocument.ParseError) in try PrincipalSet(value) }
        conditions = try object["Condition"].map { (value) throws(PolicyDocument.ParseError) in try PolicyCondition.parse(value) } ?? []
        var unsupported: [String] = []
        for condition in conditions where !condition.isSupported {
            unsupported.append("a condition on \(condition.key) that this engine does not evaluate")
        }
        let resourceTexts = [object["Resource"], object["NotResource"]].compactMap { $0?.policyStrings }.joined()
        if resourceTexts.contains(where: { $0.contains("${") }) {
            unsupported.append("policy variables in Resource")
        }
        self.unsupported = unsupported
    }

    private static func patterns(_ object: JSONObject, _ name: String, _ negatedName: String, caseInsensitive: Bool)
        throws(PolicyDocument.ParseError) -> ([WildcardPattern], Bool)
    {
        if object[name] != nil, object[negatedName] != nil { throw .init("a statement has \(name) or \(negatedName), not both") }
        let negated = object[name] == nil
        guard let value = object[negated ? negatedName : name] else { throw .init("a statement needs \(name) or \(negatedName)") }
        guard let texts = value.policyStrings else { throw .init("\(name) is a string or a list of strings") }
        return (texts.map { WildcardPattern($0, caseInsensitive: caseInsensitive) }, negated)
    }

    /// Whether the statement applies to `action` on `resource` for the caller in `context`, and
    /// how its principal names the caller.
    func applies(action: String, resource: String, context: ConditionContext) -> (Tristate, PrincipalSet.Match) {
        guard actions.contains(where: { $0.matches(action) }) != actionsNegated,
            resources.contains(where: { $0.matches(resource) }) != resourcesNegated
        else { return (.no, .none) }
        var match = PrincipalSet.Match.caller
        if let principals {
            let found = principals.match(context.principal)
            match = principalsNegated ? (found == .none ? .caller : .none) : found
            if match == .none { return (.no, .none) }
        }
        var result = Tristate.yes
        for condition in conditions {
            result = result && condition.evaluate(in: context)
            if result == .no { return (.no, .none) }
        }
        if !unsupported.isEmpty { result = result && .unknown }
        return (result, match)
    }

    /// Whether who calls can change what the statement decides.
    var dependsOnPrincipal: Bool {
        (principals?.namesPrincipals ?? false) || conditions.contains { $0.key.describesPrincipal }
    }
}
