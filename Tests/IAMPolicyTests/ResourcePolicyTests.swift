import IAMPolicy
import Testing

/// Principals of resource policies and AWS's tables for an IAM caller, from
/// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
/// (tables A and B) and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
@Suite struct ResourcePolicyTests {
    static let arn = "arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/pets"
    static let alice = PolicyPrincipal.iam(IAMCaller(arn: "arn:aws:iam::111111111111:user/alice")!)
    static let root = PolicyPrincipal.iam(.accountRoot("111111111111"))
    static let stranger = PolicyPrincipal.iam(IAMCaller(arn: "arn:aws:iam::999999999999:user/User1")!)
    static let session = PolicyPrincipal.iam(IAMCaller(arn: "arn:aws:sts::999999999999:assumed-role/Dev/s1")!)

    static func decision(_ principal: String, _ effect: String = "Allow", for caller: PolicyPrincipal, not: Bool = false) throws
        -> ResourcePolicyDecision
    {
        let element = not ? "NotPrincipal" : "Principal"
        let policy = try PolicyDocument(
            parsing: #"{"Version":"2012-10-17","Statement":[{"Effect":"\#(effect)","\#(element)":\#(principal),"Action":"execute-api:Invoke","Resource":"*"}]}"#)
        return policy.evaluateAsResourcePolicy(action: "execute-api:Invoke", resource: arn, context: ConditionContext(principal: caller))
    }

    @Test func principals() throws {
        #expect(try Self.decision(#""*""#, for: .anonymous) == .allow)
        #expect(try Self.decision(#"{"AWS":"*"}"#, for: Self.alice) == .allow)
        // A named user: that user only (the knowledge-center cross-account example).
        #expect(try Self.decision(#"{"AWS":"arn:aws:iam::999999999999:user/User1"}"#, for: Self.stranger) == .allow)
        #expect(try Self.decision(#"{"AWS":"arn:aws:iam::999999999999:user/User1"}"#, for: Self.alice) == .implicitDeny)
        #expect(try Self.decision(#"{"AWS":"arn:aws:iam::999999999999:user/User1"}"#, for: .anonymous) == .implicitDeny)
        // An account id or its root ARN: the account, delegated; the root itself outright.
        #expect(try Self.decision(#"{"AWS":"999999999999"}"#, for: Self.stranger) == .allowForAccount)
        #expect(try Self.decision(#"{"AWS":["arn:aws:iam::999999999999:root"]}"#, for: Self.session) == .allowForAccount)
        #expect(try Self.decision(#"{"AWS":"111111111111"}"#, for: Self.root) == .allow)
        #expect(try Self.decision(#"{"AWS":"111111111111"}"#, for: .anonymous) == .implicitDeny)
        // A role names its sessions.
        #expect(try Self.decision(#"{"AWS":"arn:aws:iam::999999999999:role/Dev"}"#, for: Self.session) == .allow)
        // A deny on an account denies everyone in it.
        #expect(try Self.decision(#"{"AWS":"999999999999"}"#, "Deny", for: Self.session) == .explicitDeny)
        // NotPrincipal: everyone but those named, anonymous included.
        #expect(try Self.decision(#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#, "Deny", for: .anonymous, not: true) == .explicitDeny)
        #expect(try Self.decision(#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#, "Deny", for: Self.alice, not: true) == .implicitDeny)
        // Service principals are never a caller of the gateway.
        #expect(try Self.decision(#"{"Service":"lambda.amazonaws.com"}"#, for: Self.alice) == .implicitDeny)
    }

    @Test(arguments: [
        #"{"AWS":"arn:aws:iam::111111111111:user/*"}"#, #"{"AWS":"alice"}"#, #"{"AWS":"12345"}"#, #"{"AWS":[]}"#, #"{"AWS":7}"#,
        #"{"Nobody":"x"}"#, #"{}"#, #""everyone""#,
    ])
    func invalidPrincipalsAreErrors(_ principal: String) {
        #expect(throws: PolicyDocument.ParseError.self) { try Self.decision(principal, for: .anonymous) }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let identity: PolicyDecision
        let resource: ResourcePolicyDecision
        let sameAccount: PolicyDecision
        let crossAccount: PolicyDecision
        var testDescription: String { "\(identity) + \(resource)" }
    }

    /// Tables A (account A calls an API of account A) and B (account B calls it), row by row.
    static let tables: [Row] = [
        Row(identity: .allow, resource: .allow, sameAccount: .allow, crossAccount: .allow),
        Row(identity: .allow, resource: .implicitDeny, sameAccount: .allow, crossAccount: .implicitDeny),
        Row(identity: .allow, resource: .explicitDeny, sameAccount: .explicitDeny, crossAccount: .explicitDeny),
        Row(identity: .implicitDeny, resource: .allow, sameAccount: .allow, crossAccount: .implicitDeny),
        Row(identity: .implicitDeny, resource: .implicitDeny, sameAccount: .implicitDeny, crossAccount: .implicitDeny),
        Row(identity: .implicitDeny, resource: .explicitDeny, sameAccount: .explicitDeny, crossAccount: .explicitDeny),
        Row(identity: .explicitDeny, resource: .allow, sameAccount: .explicitDeny, crossAccount: .explicitDeny),
        Row(identity: .explicitDeny, resource: .implicitDeny, sameAccount: .explicitDeny, crossAccount: .explicitDeny),
        Row(identity: .explicitDeny, resource: .explicitDeny, sameAccount: .explicitDeny, crossAccount: .explicitDeny),
        // An allow for the account delegates: the identity's own allow decides.
        Row(identity: .allow, resource: .allowForAccount, sameAccount: .allow, crossAccount: .allow),
        Row(identity: .implicitDeny, resource: .allowForAccount, sameAccount: .implicitDeny, crossAccount: .implicitDeny),
    ]

    @Test(arguments: tables)
    func authorizationTables(_ row: Row) {
        #expect(PolicyDecision.combining(identity: row.identity, resource: row.resource, sameAccount: true) == row.sameAccount)
        #expect(PolicyDecision.combining(identity: row.identity, resource: row.resource, sameAccount: false) == row.crossAccount)
    }

    @Test func withoutAResourcePolicyAnotherAccountIsRefused() {
        #expect(PolicyDecision.combining(identity: .allow, resource: nil, sameAccount: true) == .allow)
        #expect(PolicyDecision.combining(identity: .allow, resource: nil, sameAccount: false) == .implicitDeny)
    }

    /// Hostile documents are refused, never crash.
    @Test func hostileDocumentsAreErrors() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let huge = #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":""# + String(repeating: "a", count: 70_000) + #""}]}"#
        let duplicate = #"{"Statement":[{"Effect":"Allow","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#
        for text in [deep, huge, duplicate, #"{"Statement":[]}"#, #"{"Version":"2099-01-01","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
                     #"{"Statement":{"Effect":"Allow","Action":"*","NotAction":"x","Resource":"*"}}"#,
                     #"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Extra":1}}"#, "\u{0}", ""] {
            #expect(throws: PolicyDocument.ParseError.self) { try PolicyDocument(parsing: text) }
        }
    }
}
