/// A ``CredentialProvider`` backed by a closure, for ``Verifier/init(configuration:keyCache:now:lookup:)``.
struct ClosureCredentialProvider: CredentialProvider {
    let lookup: @Sendable (String) -> AWSCredentials?

    func credentials(forAccessKeyID accessKeyID: String) -> AWSCredentials? {
        lookup(accessKeyID)
    }
}
