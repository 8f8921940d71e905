/// A fixed set of credentials, looked up by access key id: the configured admin keys of the
/// management API, or test keys.
public struct StaticCredentialProvider: CredentialProvider {
    private let credentialsByAccessKeyID: [String: AWSCredentials]

    /// A provider of `credentials`. When two share an access key id, the last one wins.
    public init(_ credentials: [AWSCredentials]) {
        var byID: [String: AWSCredentials] = [:]
        for credential in credentials { byID[credential.accessKeyID] = credential }
        credentialsByAccessKeyID = byID
    }

    public func credentials(forAccessKeyID accessKeyID: String) -> AWSCredentials? {
        credentialsByAccessKeyID[accessKeyID]
    }
}
