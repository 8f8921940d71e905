import IAMPolicy
import Testing

/// The condition operators, table by table, from AWS's documentation:
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
/// and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
/// Each case is one `Allow` statement with the condition; `true` means it allows.
@Suite struct ConditionOperatorTests {
    static let arn = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"
    static let alice = IAMCaller(arn: "arn:aws:iam::123456789012:user/division/alice")
    static let session = IAMCaller(arn: "arn:aws:sts::123456789012:assumed-role/Admin/build-42")

    struct Case: Sendable, CustomTestStringConvertible {
        let condition: String
        let context: ConditionContext
        let allows: Bool
        var testDescription: String { condition }
    }

    /// 2026-12-07T04:51:57Z.
    static let now: Int64 = 1_796_619_117

    static let table: [Case] = [
        // IP address operators: the doc's 203.0.113.0/24 example, IPv6 blocks, a bare address is /32.
        Case(condition: #"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#, context: .init(sourceIp: "203.0.113.9"), allows: true),
        Case(condition: #"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#, context: .init(sourceIp: "203.0.114.9"), allows: false),
        Case(condition: #"{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}"#,
             context: .init(sourceIp: "2001:db8:1234:5678::1"), allows: true),
        Case(condition: #"{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}"#, context: .init(sourceIp: "203.0.113.8"), allows: false),
        Case(condition: #"{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}"#, context: .init(sourceIp: "192.168.1.1"),
             allows: false),
        Case(condition: #"{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}"#, context: .init(sourceIp: "8.8.8.8"),
             allows: true),
        // Through a VPC endpoint there is no aws:SourceIp (the doc's note): IpAddress is false.
        Case(condition: #"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#, context: .init(sourceIp: "10.0.0.1", sourceVpce: "vpce-1"),
             allows: false),
        Case(condition: #"{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}"#, context: .init(sourceIp: "10.0.0.1", sourceVpce: "vpce-1"),
             allows: true),
        // String operators; the flowchart examples of the API Gateway guide (aws:SourceVpce, aws:SourceVpc).
        Case(condition: #"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#, context: .init(sourceVpce: "vpce-1a2b3c4d"), allows: true),
        Case(condition: #"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#, context: .init(sourceVpce: "VPCE-1A2B3C4D"), allows: false),
        Case(condition: #"{"StringEqualsIgnoreCase":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#, context: .init(sourceVpce: "VPCE-1A2B3C4D"),
             allows: true),
        Case(condition: #"{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#, context: .init(sourceVpce: "vpce-other"), allows: true),
        Case(condition: #"{"StringNotEquals":{"aws:SourceVpce":["vpce-1","vpce-2"]}}"#, context: .init(sourceVpce: "vpce-2"), allows: false),
        Case(condition: #"{"StringNotEqualsIgnoreCase":{"aws:SourceVpc":"VPC-2F09A348"}}"#, context: .init(sourceVpc: "vpc-2f09a348"),
             allows: false),
        Case(condition: #"{"StringEquals":{"aws:SourceVpc":"vpc-2f09a348"}}"#, context: .init(sourceVpc: "vpc-2f09a348"), allows: true),
        Case(condition: #"{"StringLike":{"aws:SourceVpce":"vpce-1a*"}}"#, context: .init(sourceVpce: "vpce-1a2b3c4d"), allows: true),
        Case(condition: #"{"StringLike":{"aws:SourceVpce":"vpce-1a?"}}"#, context: .init(sourceVpce: "vpce-1a2b"), allows: false),
        Case(condition: #"{"StringNotLike":{"aws:UserAgent":"*curl*"}}"#, context: .init(userAgent: "curl/8.0"), allows: false),
        // A missing key: false, except negated operators (true), IfExists (true) and Null.
        Case(condition: #"{"StringEquals":{"aws:SourceVpce":"vpce-1"}}"#, context: .init(), allows: false),
        Case(condition: #"{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}"#, context: .init(), allows: true),
        Case(condition: #"{"StringNotLike":{"aws:Referer":"https://bad.example.com/*"}}"#, context: .init(), allows: true),
        Case(condition: #"{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}"#, context: .init(), allows: true),
        Case(condition: #"{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}"#, context: .init(sourceVpce: "vpce-2"), allows: false),
        Case(condition: #"{"Null":{"aws:SourceVpce":"true"}}"#, context: .init(), allows: true),
        Case(condition: #"{"Null":{"aws:SourceVpce":"false"}}"#, context: .init(), allows: false),
        Case(condition: #"{"Null":{"aws:SourceVpce":"false"}}"#, context: .init(sourceVpce: "vpce-1"), allows: true),
        // Set qualifiers on a single-valued key: an absent key is false for ForAnyValue, true for ForAllValues.
        Case(condition: #"{"ForAnyValue:StringEquals":{"aws:SourceVpce":["vpce-1","vpce-2"]}}"#, context: .init(sourceVpce: "vpce-2"),
             allows: true),
        Case(condition: #"{"ForAnyValue:StringEquals":{"aws:SourceVpce":["vpce-1"]}}"#, context: .init(), allows: false),
        Case(condition: #"{"ForAllValues:StringEquals":{"aws:SourceVpce":["vpce-1"]}}"#, context: .init(), allows: true),
        Case(condition: #"{"ForAllValues:StringLike":{"aws:SourceVpce":["vpce-1*"]}}"#, context: .init(sourceVpce: "vpce-9"), allows: false),
        // Several keys are AND'ed, several values OR'ed.
        Case(condition: #"{"StringEquals":{"aws:SourceVpce":["vpce-1","vpce-2"],"aws:SourceVpc":"vpc-1"}}"#,
             context: .init(sourceVpce: "vpce-2", sourceVpc: "vpc-1"), allows: true),
        Case(condition: #"{"StringEquals":{"aws:SourceVpce":"vpce-2"},"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}"#,
             context: .init(sourceIp: "11.0.0.1", sourceVpce: "vpce-2"), allows: false),
        // Date operators on aws:CurrentTime and aws:EpochTime (ISO 8601 or epoch values).
        Case(condition: #"{"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:01Z"}}"#, context: .init(epochSeconds: now), allows: true),
        Case(condition: #"{"DateLessThan":{"aws:CurrentTime":"2026-12-07T04:51:57Z"}}"#, context: .init(epochSeconds: now), allows: false),
        Case(condition: #"{"DateLessThanEquals":{"aws:CurrentTime":"2026-12-07T05:51:57+01:00"}}"#, context: .init(epochSeconds: now),
             allows: true),
        Case(condition: #"{"DateGreaterThanEquals":{"aws:CurrentTime":"2026-12-08"}}"#, context: .init(epochSeconds: now), allows: false),
        Case(condition: #"{"DateEquals":{"aws:EpochTime":"1796619117"}}"#, context: .init(epochSeconds: now), allows: true),
        Case(condition: #"{"DateNotEquals":{"aws:EpochTime":1796619117}}"#, context: .init(epochSeconds: now), allows: false),
        Case(condition: #"{"NumericLessThan":{"aws:EpochTime":1796619118}}"#, context: .init(epochSeconds: now), allows: true),
        Case(condition: #"{"StringLike":{"aws:CurrentTime":"2026-12-07T*"}}"#, context: .init(epochSeconds: now), allows: true),
        // Bool: the doc's aws:SecureTransport example.
        Case(condition: #"{"Bool":{"aws:SecureTransport":"false"}}"#, context: .init(secureTransport: false), allows: true),
        Case(condition: #"{"Bool":{"aws:SecureTransport":true}}"#, context: .init(secureTransport: false), allows: false),
        // ARN operators: each of the six parts matched on its own (the doc's StringLike/ArnLike example).
        Case(condition: #"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/division/*"}}"#, context: .init(principal: .iam(alice!)),
             allows: true),
        Case(condition: #"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/Admin"}}"#, context: .init(principal: .iam(session!)),
             allows: true),
        Case(condition: #"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/*"}}"#, context: .init(principal: .iam(session!)),
             allows: false),
        Case(condition: #"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:finance/*"}}"#,
             context: .init(principal: .iam(IAMCaller(arn: "arn:aws:iam::999999999999:user/store/abc:123456789012:finance/x")!)),
             allows: false),
        Case(condition: #"{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:finance/*"}}"#,
             context: .init(principal: .iam(IAMCaller(arn: "arn:aws:iam::999999999999:user/store/abc:123456789012:finance/x")!)),
             allows: true),
        // Principal keys: account, type, username; anonymous callers have type Anonymous and user id "anonymous".
        Case(condition: #"{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}"#, context: .init(principal: .iam(alice!)), allows: true),
        Case(condition: #"{"StringEquals":{"aws:username":"alice"}}"#, context: .init(principal: .iam(alice!)), allows: true),
        Case(condition: #"{"StringEquals":{"aws:PrincipalType":"Anonymous","aws:userid":"anonymous"}}"#, context: .init(), allows: true),
        Case(condition: #"{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}"#, context: .init(principal: .iam(alice!)), allows: false),
        Case(condition: #"{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}"#,
             context: .init(principal: .iam(IAMCaller(arn: "arn:aws:iam::123456789012:user/bob", organizationId: "o-1")!)), allows: true),
        Case(condition: #"{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}"#, context: .init(requestedRegion: "eu-west-1"), allows: true),
    ]

    static func statement(_ effect: String, _ condition: String) throws -> PolicyDocument {
        try PolicyDocument(
            parsing: #"{"Version":"2012-10-17","Statement":[{"Effect":"\#(effect)","Action":"execute-api:Invoke","Resource":"*","Condition":\#(condition)}]}"#)
    }

    @Test(arguments: table)
    func allowStatement(_ testCase: Case) throws {
        let decision = try Self.statement("Allow", testCase.condition).evaluate(
            action: "execute-api:Invoke", resource: Self.arn, context: testCase.context)
        #expect(decision == (testCase.allows ? .allow : .implicitDeny))
        // The same condition in a Deny statement denies exactly when it would have allowed.
        let denied = try Self.statement("Deny", testCase.condition).evaluate(
            action: "execute-api:Invoke", resource: Self.arn, context: testCase.context)
        #expect(denied == (testCase.allows ? .explicitDeny : .implicitDeny))
    }

    /// What the engine cannot judge never lets a request through: an allow does not match, a
    /// deny does; the document names it.
    @Test(arguments: [
        #"{"BinaryEquals":{"aws:SourceVpce":"QmluYXJ5"}}"#,
        #"{"StringEquals":{"aws:PrincipalTag/team":"blue"}}"#,
        #"{"StringNotEquals":{"aws:PrincipalTag/team":"blue"}}"#,
        #"{"StringEquals":{"aws:SourceVpce":"${aws:username}"}}"#,
        #"{"NullIfExists":{"aws:SourceVpce":"true"}}"#,
    ])
    func unjudgedConditionsNeverAllow(_ condition: String) throws {
        let allow = try Self.statement("Allow", condition)
        #expect(!allow.unsupported.isEmpty)
        #expect(allow.evaluate(action: "execute-api:Invoke", resource: Self.arn, context: .init(sourceVpce: "vpce-1")) == .implicitDeny)
        let deny = try Self.statement("Deny", condition)
        #expect(deny.evaluate(action: "execute-api:Invoke", resource: Self.arn, context: .init(sourceVpce: "vpce-1")) == .explicitDeny)
    }

    /// aws:userid of an identity whose unique id the configuration does not give: unknown.
    @Test func anUnknownUserIdNeverAllows() throws {
        let allow = try Self.statement("Allow", #"{"StringNotEquals":{"aws:userid":"AIDAX"}}"#)
        #expect(allow.evaluate(action: "execute-api:Invoke", resource: Self.arn, context: .init(principal: .iam(Self.alice!))) == .implicitDeny)
    }

    @Test(arguments: [
        #"{"IpAddress":{"aws:SourceIp":"10.0.0.300/8"}}"#, #"{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}"#,
        #"{"DateLessThan":{"aws:CurrentTime":"yesterday"}}"#, #"{"Bool":{"aws:SecureTransport":"maybe"}}"#,
        #"{"NumericLessThan":{"aws:EpochTime":"soon"}}"#, #"{"StringEquals":{"aws:SourceVpce":[]}}"#,
        #"{"StringEquals":{"aws:SourceVpce":{"a":1}}}"#, #"{"StringEquals":[]}"#, #"{"StringEquals":{}}"#, #""StringEquals""#,
        #"{"ArnLike":{"aws:PrincipalArn":"not-an-arn"}}"#, #"{"Null":{"aws:SourceVpce":["true","false"]}}"#,
    ])
    func malformedConditionsAreErrors(_ condition: String) {
        #expect(throws: PolicyDocument.ParseError.self) { try Self.statement("Allow", condition) }
    }
}
