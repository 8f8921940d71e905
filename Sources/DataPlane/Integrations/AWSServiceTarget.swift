import AWSClients
import AWSSignatureV4
import NIOCore
import NIOHTTP1

/// Where an AWS integration's calls go and how they are signed, resolved once per deployment:
/// the service's endpoint (`AWSService.endpoint`) as an upstream of the loop's connection pool
/// (so the call never leaves the request's thread), the SigV4 signing name and region, and a
/// signing-key cache of its own (a key is derived once a day per credentials; a signature then
/// costs one HMAC of the string to sign).
struct AWSServiceTarget: Sendable {
    let service: AWSService
    let region: String
    let endpoint: UpstreamEndpoint
    private let keyCache = SigningKeyCache(capacity: 8)

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// The target of `service` in `region` under `environment`'s endpoints; `hostPrefix`
    /// replaces the service name in AWS's host name (`sync-states`).
    init(service: AWSService, region: String, environment: AWSEnvironment, hostPrefix: String? = nil) throws(Problem) {
        let base = service.endpoint(in: environment, region: region, hostPrefix: hostPrefix)
        if let problem = ColdPathURL.check(base, allowPlainHTTPEverywhere: environment.isOverridden(serviceId: service.sdkId)) {
            throw Problem(description: "the \(service) endpoint \(base): \(problem)")
        }
        do {
            endpoint = try IntegrationURI(parsing: base, stageVariables: [:]).endpoint
        } catch {
            throw Problem(description: "the \(service) endpoint \(base): \(error)")
        }
        self.service = service
        self.region = region
    }

    /// The signed request: `path` and `query` as sent on the wire (percent-encoded), `headers`
    /// without `Host` (added here), the body signed as it is.
    func signedRequest(
        method: HTTPMethod, path: String, query: String, headers: HTTPHeaders, body: ByteBuffer?, credentials: AWSCredentials,
        timeoutMilliseconds: Int64
    ) -> UpstreamRequest {
        var headers = headers
        headers.replaceOrAdd(name: "Host", value: endpoint.authority)
        if let body, body.readableBytes > 0 {
            headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        } else if method == .POST || method == .PUT || method == .PATCH {
            headers.replaceOrAdd(name: "Content-Length", value: "0")
        }
        var signable = SignableRequest(
            method: method.rawValue, path: path, query: query,
            headers: headers.map { SignableRequest.Header($0.name, $0.value) },
            payload: body.map { .bytes($0.readableBytesView) } ?? .empty)
        let signer = Signer(
            credentials: credentials, region: region, service: service.signingName,
            options: service.signingName == "s3" ? .s3 : Signer.Options(), keyCache: keyCache)
        signer.sign(&signable)
        for name in [SignatureV4.Name.amzDate, SignatureV4.Name.securityToken, SignatureV4.Name.contentSHA256, SignatureV4.Name.authorization] {
            if let value = signable.firstHeaderValue(name) { headers.replaceOrAdd(name: name, value: value) }
        }
        let target = query.isEmpty ? path : path + "?" + query
        return UpstreamRequest(
            endpoint: endpoint, head: HTTPRequestHead(version: .http1_1, method: method, uri: target, headers: headers), body: body,
            timeoutMilliseconds: timeoutMilliseconds)
    }

    /// The integration call of a signed request, with the credentials of `source` (now, or once
    /// a role's session is there).
    func call(
        _ source: AWSCredentialSource, loop: any EventLoop, dialect: ApiDialect, method: HTTPMethod, path: String, query: String,
        headers: HTTPHeaders, body: ByteBuffer?, timeoutMilliseconds: Int64
    ) -> Result<IntegrationCall, GatewayError> {
        source.call(on: loop, dialect: dialect) { credentials in
            .success(
                .upstream(
                    signedRequest(
                        method: method, path: path, query: query, headers: headers, body: body, credentials: credentials,
                        timeoutMilliseconds: timeoutMilliseconds)))
        }
    }
}
