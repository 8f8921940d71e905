import NIOHTTP1

/// The endpoint phase's TLS checks: a request must be for the custom domain its connection's
/// handshake was made for, and a domain with mutual TLS needs a verified client certificate.
///
/// - A connection whose SNI named custom domain A (A's certificate, security policy and
///   truststore) serves requests for A only. A `Host` naming anything else — another domain, an
///   `execute-api` host, the short address — is answered 421 `Misdirected Request` (RFC 9110
///   §15.5.20): that is what HTTP/2 clients that coalesce connections for names one certificate
///   covers expect, and it keeps a client from reaching a domain under another domain's policy
///   or truststore. AWS publishes no answer for the mismatch.
/// - A custom domain with `mutualTlsAuthentication` answers 403 `{"message":"Forbidden"}`
///   (AWS's answer for a missing, untrusted, self-signed or insecurely signed client
///   certificate) unless the handshake verified one for it. The reason goes to the log and
///   `$context.error.message` stays AWS's `Forbidden`.
/// - On success the certificate becomes `$context.identity.clientCert`.
enum ConnectionDomainCheck {
    static let misdirected = GatewayError(
        type: .default4XX, status: .misdirectedRequest, message: "Misdirected Request", errorType: nil, source: .client)

    /// Success: the request may proceed, with the client certificate for its context (nil when
    /// the domain has no mutual TLS); failure: the answer.
    static func check(
        customDomain: String?, session: TLSSession?, mutualTLS: MutualTLSDomains
    ) -> Result<ClientCertificateIdentity?, GatewayError> {
        if let negotiated = session?.domain, negotiated != customDomain {
            return .failure(misdirected)
        }
        guard let customDomain, mutualTLS.requires(customDomain) else { return .success(nil) }
        guard let session, session.mutualTLS, let certificate = session.clientCertificate else {
            var error = GatewayError.endpointForbidden
            error.cause = "mutual TLS: \(session?.clientCertificateFailure ?? "no client certificate presented") (domain \(customDomain))"
            return .failure(error)
        }
        return .success(certificate)
    }
}
