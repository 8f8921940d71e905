/// Where the ``Verifier`` finds the secret of the access key id a request names.
///
/// The lookup is synchronous so that verification can run on an event loop without suspending;
/// a source that must wait (a database, a secrets service) should be loaded into memory first,
/// or use the two-step ``Verifier/parseSignature(of:)`` then
/// ``Verifier/verify(_:signature:credentials:)`` API with an asynchronous lookup in between.
public protocol CredentialProvider: Sendable {
    /// The credentials of `accessKeyID`, or `nil` when the key is unknown (the verifier then
    /// answers `UnrecognizedClientException`). When the returned credentials carry a session
    /// token, the request must present the same token in `X-Amz-Security-Token`.
    func credentials(forAccessKeyID accessKeyID: String) -> AWSCredentials?
}
