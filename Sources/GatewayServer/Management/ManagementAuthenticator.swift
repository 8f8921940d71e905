import AWSSignatureV4
import ControlPlane
import HTTPTypes

/// The management API's SigV4 check, in two steps so that the listener can refuse a request from
/// its head alone, before it reads a byte of the body:
///
/// 1. ``checkHead(_:)``: a signature is present and well-formed (`Authorization` header or
///    presigned query), its credential is scoped to service `apigateway` (the signing name of both
///    `apigateway` and `apigatewayv2` in botocore's models) and the configured region, its date is
///    within 15 minutes of the clock (a presigned URL: within its `X-Amz-Expires`, at most a
///    week), and its access key is an admin key.
/// 2. ``verify(_:body:)``: the signature itself, over the head and the body.
///
/// Failures are AWS's answers: 403 `MissingAuthenticationTokenException`,
/// `IncompleteSignatureException`, `InvalidSignatureException` ("Credential should be scoped to
/// a valid region, not 'eu-west-1'. ", "Credential should be scoped to correct service:
/// 'apigateway'. ") or `UnrecognizedClientException`.
struct ManagementAuthenticator: Sendable {
    /// The signing name every management request must be scoped to.
    static let service = "apigateway"

    let verifier: Verifier
    private let lookup: @Sendable (String) -> AWSCredentials?

    init(credentials: ManagementCredentials, region: String, now: @escaping @Sendable () -> AmzDate = { AmzDate.now() }) {
        let admin = credentials.awsCredentials
        let lookup: @Sendable (String) -> AWSCredentials? = { accessKeyId in
            accessKeyId == admin.accessKeyID ? admin : nil
        }
        self.lookup = lookup
        self.verifier = Verifier(configuration: .init(region: region, service: Self.service), now: now, lookup: lookup)
    }

    /// Step 1: everything that needs no body. `nil` when the request may go on.
    func checkHead(_ head: HTTPRequest) -> ManagementError? {
        do {
            let request = Self.signableRequest(head, payload: .empty)
            let signature = try verifier.parseSignature(of: request)
            if lookup(signature.accessKeyID) == nil {
                // The verifier's own answer for an unknown key; it throws before it hashes anything.
                _ = try verifier.verify(request, signature: signature, credentials: nil)
            }
            return nil
        } catch {
            return Self.managementError(error)
        }
    }

    /// Step 2: the whole signature, with the body: the access key that signed, or AWS's refusal.
    func verify(_ head: HTTPRequest, body: [UInt8]) -> Result<String, ManagementError> {
        do {
            return .success(try verifier.verify(Self.signableRequest(head, payload: .bytes(body))).accessKeyID)
        } catch {
            return .failure(Self.managementError(error))
        }
    }

    /// The header fields as the wire had them, with HTTPTypes' `:authority` back as `Host` (SigV4
    /// signs it as `host`).
    static func headers(of head: HTTPRequest) -> [(String, String)] {
        var headers: [(String, String)] = []
        if let authority = head.authority { headers.append(("Host", authority)) }
        for field in head.headerFields { headers.append((field.name.rawName, field.value)) }
        return headers
    }

    private static func signableRequest(_ head: HTTPRequest, payload: Payload) -> SignableRequest {
        SignableRequest(
            method: head.method.rawValue, target: head.path ?? "/",
            headers: headers(of: head).map { SignableRequest.Header($0.0, $0.1) }, payload: payload)
    }

    private static func managementError(_ error: SignatureV4Error) -> ManagementError {
        ManagementError(code: error.exceptionName, status: error.httpStatus, message: error.responseMessage)
    }
}
