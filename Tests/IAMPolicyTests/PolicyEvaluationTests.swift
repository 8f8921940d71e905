import IAMPolicy
import Testing

/// AWS's evaluation logic on execute-api policies: an explicit deny wins over any allow, no allow
/// is an implicit deny, `NotAction`/`NotResource` invert, wildcards follow IAM's rules, and an
/// unevaluated condition can only refuse.
@Suite struct PolicyEvaluationTests {
    static let arn = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/7"

    static func policy(_ statements: String) throws -> PolicyDocument {
        try PolicyDocument(parsing: #"{"Version":"2012-10-17","Statement":\#(statements)}"#)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let statements: String
        let resource: String
        let expected: PolicyDecision
        var testDescription: String { name }
    }

    static let table: [Case] = [
        Case(name: "allow all", statements: #"[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]"#,
             resource: arn, expected: .allow),
        Case(name: "no statement matches: implicit deny",
             statements: #"[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:other/*"}]"#,
             resource: arn, expected: .implicitDeny),
        Case(name: "explicit deny wins over allow",
             statements: #"[{"Effect":"Allow","Action":"execute-api:*","Resource":"*"},{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:abc123/prod/GET/*"}]"#,
             resource: arn, expected: .explicitDeny),
        Case(name: "stage and method wildcards",
             statements: #"[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/pets/*"}]"#,
             resource: arn, expected: .allow),
        Case(name: "? matches one character",
             statements: #"[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/?"}]"#,
             resource: arn, expected: .allow),
        Case(name: "actions are case-insensitive",
             statements: #"[{"Effect":"Allow","Action":"EXECUTE-API:invoke","Resource":"*"}]"#, resource: arn, expected: .allow),
        Case(name: "resources are case-sensitive",
             statements: #"[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:ABC123/*"}]"#,
             resource: arn, expected: .implicitDeny),
        Case(name: "another action does not allow Invoke",
             statements: #"[{"Effect":"Allow","Action":"execute-api:ManageConnections","Resource":"*"}]"#, resource: arn,
             expected: .implicitDeny),
        Case(name: "NotAction allows everything else",
             statements: #"[{"Effect":"Allow","NotAction":"execute-api:ManageConnections","Resource":"*"}]"#, resource: arn,
             expected: .allow),
        Case(name: "NotResource denies everything but one API",
             statements: #"[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","NotResource":"arn:aws:execute-api:*:*:other/*"}]"#,
             resource: arn, expected: .explicitDeny),
        Case(name: "a list of actions and resources",
             statements: #"[{"Effect":"Allow","Action":["s3:GetObject","execute-api:Invoke"],"Resource":["arn:aws:s3:::b/*","arn:aws:execute-api:*:*:abc123/*"]}]"#,
             resource: arn, expected: .allow),
        Case(name: "an allow on aws:SourceIp with no source address does not allow",
             statements: #"[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]"#,
             resource: arn, expected: .implicitDeny),
        Case(name: "a NotIpAddress deny with no source address denies",
             statements: #"[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"},{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]"#,
             resource: arn, expected: .explicitDeny),
    ]

    @Test(arguments: table)
    func evaluation(_ testCase: Case) throws {
        #expect(try Self.policy(testCase.statements).evaluate(action: "execute-api:Invoke", resource: testCase.resource) == testCase.expected)
    }

    @Test(arguments: [
        "not json", #"[]"#, #"{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}"#,
        #"{"Statement":[{"Effect":"Allow","Resource":"*"}]}"#, #"{"Statement":[{"Effect":"Allow","Action":7,"Resource":"*"}]}"#,
        #"{"Version":"2012-10-17"}"#,
    ])
    func malformedPoliciesAreErrors(_ text: String) {
        #expect(throws: PolicyDocument.ParseError.self) { try PolicyDocument(parsing: text) }
    }

    @Test func aSingleStatementObjectIsAccepted() throws {
        let policy = try PolicyDocument(parsing: #"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#)
        #expect(policy.evaluate(action: "execute-api:Invoke", resource: Self.arn) == .allow)
    }

    @Test func hostileWildcardsStayLinear() throws {
        let resource = String(repeating: "a", count: 10_000) + "b"
        let policy = try PolicyDocument(parsing: #"{"Statement":{"Effect":"Allow","Action":"*","Resource":"\#(String(repeating: "*a", count: 200))*c"}}"#)
        #expect(policy.evaluate(action: "x:y", resource: resource) == .implicitDeny)
    }
}
