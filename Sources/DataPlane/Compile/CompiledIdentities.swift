public import AWSSignatureV4

/// Who may sign requests to `AWS_IAM` methods and routes, and the SigV4 verifier that checks
/// them (service `execute-api`, the gateway's region, AWS's 15-minute clock skew), built once per
/// process configuration and shared by every event loop.
///
/// The identities are the account root: the management (admin) credentials, as on AWS, where
/// the root user may invoke every API of its account. Other identities need identity policies,
/// which the IAM policy engine evaluates; until it exists they are not accepted (an unknown key
/// answers `UnrecognizedClientException`, as AWS answers one).
public struct CompiledIdentities: Sendable {
    /// A verified caller, as `$context.identity` names it.
    public struct Identity: Sendable {
        public let accessKey: String
        public let accountId: String
        public let userArn: String
    }

    let verifier: Verifier?
    private let identities: [String: Identity]

    /// `root`: the account root's credentials (the management API's admin key).
    public init(accountId: String, region: String, root: AWSCredentials?) {
        var identities: [String: Identity] = [:]
        var secrets: [String: AWSCredentials] = [:]
        if let root {
            identities[root.accessKeyID] = Identity(
                accessKey: root.accessKeyID, accountId: accountId, userArn: "arn:aws:iam::\(accountId):root")
            secrets[root.accessKeyID] = root
        }
        self.identities = identities
        let known = secrets
        verifier = Verifier(configuration: .init(region: region, service: "execute-api"), lookup: { known[$0] })
    }

    /// No identity at all: every signed request is refused as unknown.
    public static let none = CompiledIdentities(accountId: "000000000000", region: "us-east-1", root: nil)

    func identity(accessKey: String) -> Identity? { identities[accessKey] }
}
