public import AWSSignatureV4
public import IAMPolicy

/// Who may sign requests to `AWS_IAM` methods and routes, and the SigV4 verifier that checks
/// them (service `execute-api`, the gateway's region, AWS's 15-minute clock skew), built once per
/// process configuration and shared by every event loop.
///
/// The identities are the account root (the management API's admin credentials: as on AWS, the
/// root user may invoke every API of its account) and the IAM identities of the process
/// configuration, each with its identity policies, evaluated per request for
/// `execute-api:Invoke` on the method's ARN. An unknown key answers `UnrecognizedClientException`,
/// as AWS answers one.
public struct CompiledIdentities: Sendable {
    /// A verified caller, as `$context.identity` names it.
    public struct Identity: Sendable {
        public let accessKey: String
        public let accountId: String
        public let userArn: String
        /// The account root: allowed everything, no policy evaluated.
        public let isRoot: Bool
        public let policies: [PolicyDocument]
    }

    /// An IAM identity of the process configuration.
    public struct Declared: Sendable {
        public var accessKeyId: String
        public var secretAccessKey: String
        public var arn: String
        public var policies: [PolicyDocument]

        public init(accessKeyId: String, secretAccessKey: String, arn: String, policies: [PolicyDocument]) {
            self.accessKeyId = accessKeyId
            self.secretAccessKey = secretAccessKey
            self.arn = arn
            self.policies = policies
        }
    }

    let accountId: String
    let region: String

    let verifier: Verifier?
    private let identities: [String: Identity]

    /// `root`: the account root's credentials (the management API's admin key).
    public init(accountId: String, region: String, root: AWSCredentials?, declared: [Declared] = []) {
        self.accountId = accountId
        self.region = region
        var identities: [String: Identity] = [:]
        var secrets: [String: AWSCredentials] = [:]
        for identity in declared {
            identities[identity.accessKeyId] = Identity(
                accessKey: identity.accessKeyId, accountId: accountId, userArn: identity.arn, isRoot: false, policies: identity.policies)
            secrets[identity.accessKeyId] = AWSCredentials(accessKeyID: identity.accessKeyId, secretAccessKey: identity.secretAccessKey)
        }
        if let root {
            identities[root.accessKeyID] = Identity(
                accessKey: root.accessKeyID, accountId: accountId, userArn: "arn:aws:iam::\(accountId):root", isRoot: true, policies: [])
            secrets[root.accessKeyID] = root
        }
        self.identities = identities
        let known = secrets
        verifier = Verifier(configuration: .init(region: region, service: "execute-api"), lookup: { known[$0] })
    }

    /// No identity at all: every signed request is refused as unknown.
    public static let none = CompiledIdentities(accountId: "000000000000", region: "us-east-1", root: nil)

    func identity(accessKey: String) -> Identity? { identities[accessKey] }

    /// The ARN a request invokes: `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`.
    func methodArn(apiId: String, stage: String, verb: String, path: Substring) -> String {
        "arn:aws:execute-api:\(region):\(accountId):\(apiId)/\(stage)/\(verb)/" + path.drop { $0 == "/" }
    }
}
