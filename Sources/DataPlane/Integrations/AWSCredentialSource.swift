import AWSClients
import AWSSignatureV4
import NIOCore

/// Whose credentials sign an integration's calls to AWS, chosen when compiled from its
/// `credentials` (REST) or `credentialsArn` (HTTP APIs):
///
/// - none: the process's (the AWS SDK conventions: `AWS_ACCESS_KEY_ID`, profiles);
/// - an IAM role ARN: the role's temporary credentials, assumed through STS
///   (`AssumedRoleCredentials`: cached until they expire, renewed in the background).
///
/// `arn:aws:iam::*:user/*` (call with the caller's own credentials) is not built: the compiler
/// refuses it.
enum AWSCredentialSource: Sendable {
    case process(AWSCredentials?)
    case role(AssumedRoleCredentials)

    /// The credentials now, or what the call must wait for. `make` builds the call from them.
    func call(
        on loop: any EventLoop, dialect: ApiDialect, _ make: @escaping (AWSCredentials) -> Result<IntegrationCall, GatewayError>
    ) -> Result<IntegrationCall, GatewayError> {
        switch self {
        case .process(let credentials):
            guard let credentials else {
                return .failure(dialect.internalError(cause: "no AWS credentials to sign the integration's call (set AWS_ACCESS_KEY_ID or a profile)"))
            }
            return make(credentials)
        case .role(let role):
            switch role.credentials(on: loop) {
            case .ready(let credentials):
                return make(credentials)
            case .unavailable(let why):
                return .failure(dialect.internalError(cause: "the integration role \(role.roleArn) cannot be assumed: \(why)"))
            case .loading(let future):
                let arn = role.roleArn
                // The promise was made on this loop (the exchange's), where `prepare` runs.
                let made = future.assumeIsolated().map { make($0) }.recover { error in
                    .failure(dialect.internalError(cause: "the integration role \(arn) cannot be assumed: \(error)"))
                }
                return .success(.pending(made.nonisolated()))
            }
        }
    }
}
