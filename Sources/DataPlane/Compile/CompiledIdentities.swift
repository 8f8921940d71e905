public import AWSSignatureV4
public import IAMPolicy

/// Who may sign requests to `AWS_IAM` methods and routes, and the SigV4 verifier that checks
/// them (service `execute-api`, the gateway's region, AWS's 15-minute clock skew), built once per
/// process configuration and shared by every event loop; with the VPC endpoints clients may come
/// through (`PrivateEndpoints`), the other half of who a caller is for a resource policy.
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
        /// The caller as policies see it (its account is the one its ARN names).
        public let caller: IAMCaller
        /// The root of the gateway's account: its own policies allow everything (a resource
        /// policy may still deny it).
        public let isRoot: Bool
        public let policies: [PolicyDocument]
        public var accountId: String { caller.accountId }
        public var userArn: String { caller.arn }
    }

    /// An IAM identity of the process configuration.
    public struct Declared: Sendable {
        public var accessKeyId: String
        public var secretAccessKey: String
        public var arn: String
        public var policies: [PolicyDocument]
        /// `aws:userid` (the unique id AWS would have given it), if known.
        public var userId: String?
        /// `aws:PrincipalOrgID`: the organization of its account, if any.
        public var organizationId: String?
        /// Temporary credentials (STS): the session token every signed request must carry in
        /// `X-Amz-Security-Token` (header or presigned query), as AWS requires.
        public var sessionToken: String?

        public init(
            accessKeyId: String, secretAccessKey: String, arn: String, policies: [PolicyDocument], userId: String? = nil,
            organizationId: String? = nil, sessionToken: String? = nil
        ) {
            self.sessionToken = sessionToken
            self.accessKeyId = accessKeyId
            self.secretAccessKey = secretAccessKey
            self.arn = arn
            self.policies = policies
            self.userId = userId
            self.organizationId = organizationId
        }
    }

    let accountId: String
    let region: String

    let verifier: Verifier?
    private let identities: [String: Identity]
    /// The VPC endpoints clients may come through.
    public let privateEndpoints: PrivateEndpoints

    /// `root`: the account root's credentials (the management API's admin key). A declared
    /// identity's account is the one its ARN names (another account's identities are
    /// cross-account callers); an ARN that names none is taken as a user of this account.
    public init(
        accountId: String, region: String, root: AWSCredentials?, declared: [Declared] = [], privateEndpoints: PrivateEndpoints = .none
    ) {
        self.accountId = accountId
        self.region = region
        self.privateEndpoints = privateEndpoints
        var identities: [String: Identity] = [:]
        var secrets: [String: AWSCredentials] = [:]
        for identity in declared {
            let caller =
                IAMCaller(arn: identity.arn, userId: identity.userId, organizationId: identity.organizationId)
                ?? IAMCaller.unparsed(arn: identity.arn, accountId: accountId)
            identities[identity.accessKeyId] = Identity(
                accessKey: identity.accessKeyId, caller: caller, isRoot: false, policies: identity.policies)
            secrets[identity.accessKeyId] = AWSCredentials(
                accessKeyID: identity.accessKeyId, secretAccessKey: identity.secretAccessKey, sessionToken: identity.sessionToken)
        }
        if let root {
            identities[root.accessKeyID] = Identity(
                accessKey: root.accessKeyID, caller: .accountRoot(accountId), isRoot: true, policies: [])
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
