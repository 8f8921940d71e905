import AWSSignatureV4
import Foundation
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// A call to an AWS service refused by it or that did not reach it (never carries a secret: safe
/// to log).
public struct AWSServiceFailure: Error, Sendable, CustomStringConvertible {
    /// AWS's error code (`ResourceNotFoundException`, `Throttling`, …), `transport`, or `HTTP{status}`.
    public var code: String
    public var message: String
    /// Whether trying again may succeed (throttling, 5xx, transport).
    public var retryable: Bool
    public var description: String { "\(code): \(message)" }

    public init(code: String, message: String, retryable: Bool) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }

    /// The error codes of AWS's protocols that mean "slow down", whatever the service.
    static let throttlingCodes: Set<String> = [
        "ThrottlingException", "Throttling", "ServiceUnavailableException", "ServiceUnavailable", "RequestLimitExceeded",
    ]
}

/// One SigV4-signed `POST /` to an AWS service (the JSON and query protocols both use it),
/// bounded in time and answer size: what the cold-path sinks (CloudWatch Logs, CloudWatch)
/// share. The endpoint follows ``AWSEnvironment``; a plain `http://` endpoint is allowed only
/// when it was set explicitly (an emulator) or is on loopback.
struct SignedServiceCall: Sendable {
    let http: HTTPClient
    let environment: AWSEnvironment
    /// The SDK's service id (`CloudWatch`, `CloudWatch Logs`) and AWS's host prefix.
    let serviceId: String
    let hostPrefix: String
    /// The SigV4 signing name (`monitoring`, `logs`).
    let signingName: String
    /// Extra `AWS_ENDPOINT_URL_<KEY>` names the SDKs also read for this service.
    let endpointAliases: [String]
    let timeout: TimeAmount
    let keyCache = SigningKeyCache(capacity: 8)

    /// The base URL calls go to (no trailing slash).
    var endpoint: String {
        for alias in endpointAliases {
            if let chosen = environment.serviceEndpoints[alias] { return chosen.hasSuffix("/") ? String(chosen.dropLast()) : chosen }
        }
        return environment.endpoint(serviceId: serviceId, hostPrefix: hostPrefix)
    }

    /// Signs and sends `payload` with `headers` (`Host` and the signature are added here); the
    /// answer, whatever its status, or a `transport` failure.
    func post(headers: [(String, String)], payload: [UInt8], region: String?) async throws(AWSServiceFailure) -> BoundedResponse {
        guard let credentials = environment.credentials else {
            throw AWSServiceFailure(code: "NoCredentials", message: "no AWS credentials to sign the \(serviceId) call", retryable: false)
        }
        let base = endpoint
        let explicit = endpointAliases.contains { environment.serviceEndpoints[$0] != nil } || environment.isOverridden(serviceId: serviceId)
        if let problem = ColdPathURL.check(base, allowPlainHTTPEverywhere: explicit) {
            throw AWSServiceFailure(code: "transport", message: "\(problem)", retryable: false)
        }
        let signer = Signer(credentials: credentials, region: region ?? environment.region, service: signingName, keyCache: keyCache)
        do {
            return try await http.signedPOST(
                base: base, path: "/", headers: headers.map { SignableRequest.Header($0.0, $0.1) }, body: ByteBuffer(bytes: payload),
                signer: signer, maxBytes: 64 * 1024, timeout: timeout, on: http.eventLoopGroup.any()
            ).get()
        } catch BoundedFetchError.badURL(let why) {
            throw AWSServiceFailure(code: "transport", message: why, retryable: false)
        } catch {
            throw AWSServiceFailure(code: "transport", message: "\(error)", retryable: true)
        }
    }

    /// One call of an AWS JSON 1.1 protocol (`X-Amz-Target: {target}`): `body` sent, the answer
    /// decoded; a refusal thrown with AWS's error code (`__type`) and message, retryable for
    /// throttling and 5xx.
    @discardableResult
    func jsonCall(target: String, body: [String: Any], region: String?) async throws(AWSServiceFailure) -> [String: Any] {
        let payload: [UInt8]
        do {
            payload = Array(try JSONSerialization.data(withJSONObject: body, options: []))
        } catch {
            throw AWSServiceFailure(code: "SerializationError", message: "\(error)", retryable: false)
        }
        let response = try await post(
            headers: [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", target)], payload: payload, region: region)
        let answer = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
        guard (200..<300).contains(response.status) else {
            let type = (answer?["__type"] as? String).map { $0.split(separator: "#").last.map(String.init) ?? $0 } ?? "HTTP\(response.status)"
            let message = (answer?["message"] as? String) ?? (answer?["Message"] as? String) ?? ""
            throw AWSServiceFailure(
                code: type, message: message,
                retryable: response.status >= 500 || AWSServiceFailure.throttlingCodes.contains(type))
        }
        return answer ?? [:]
    }
}
