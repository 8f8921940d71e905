public import AWSSignatureV4
public import AsyncHTTPClient
public import Foundation
public import NIOCore
import NIOHTTP1

/// STS `AssumeRole` (query protocol, SigV4 for the service `sts`, signed with the process's
/// credentials), at `AWS_ENDPOINT_URL_STS`, else `AWS_ENDPOINT_URL`, else
/// `https://sts.{region}.amazonaws.com`: what an integration's `credentials` role needs.
public struct STSClient: Sendable {
    /// Temporary credentials and when they stop working.
    public struct Session: Sendable {
        public var credentials: AWSCredentials
        public var expiration: Date
    }

    /// Why no session was issued (never carries a secret: safe to log).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The largest answer read (an `AssumeRoleResponse` is about 2 KB).
    static let maxResponseBytes = 64 * 1024

    let http: HTTPClient
    let environment: AWSEnvironment
    let timeout: TimeAmount
    private let keyCache = SigningKeyCache(capacity: 4)

    public init(http: HTTPClient, environment: AWSEnvironment, timeout: TimeAmount = .seconds(5)) {
        self.http = http
        self.environment = environment
        self.timeout = timeout
    }

    /// Assumes `roleArn` for `durationSeconds` (900–43,200; AWS's default is 3,600).
    public func assumeRole(_ roleArn: String, sessionName: String, durationSeconds: Int = 3600) async throws(Failure) -> Session {
        guard let credentials = environment.credentials else {
            throw Failure(description: "no AWS credentials to call STS AssumeRole with")
        }
        let service = AWSService(named: "sts")
        let base = service.endpoint(in: environment, region: environment.region)
        if let problem = ColdPathURL.check(base, allowPlainHTTPEverywhere: environment.isOverridden(serviceId: service.sdkId)) {
            throw Failure(description: "STS endpoint \(base): \(problem)")
        }
        let form = [
            ("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", roleArn), ("RoleSessionName", sessionName),
            ("DurationSeconds", String(durationSeconds)),
        ]
        let body = ByteBuffer(string: form.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&"))
        let signer = Signer(credentials: credentials, region: environment.region, service: "sts", keyCache: keyCache)
        let response: BoundedResponse
        do {
            response = try await http.signedPOST(
                base: base, path: "/", headers: [.init("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: body,
                signer: signer, maxBytes: Self.maxResponseBytes, timeout: timeout, on: http.eventLoopGroup.any()
            ).get()
        } catch {
            throw Failure(description: "STS AssumeRole \(roleArn): \(error)")
        }
        let text = String(decoding: response.body.readableBytesView, as: UTF8.self)
        guard response.status == 200 else {
            let code = Self.element("Code", in: text) ?? "HTTP \(response.status)"
            throw Failure(description: "STS refused AssumeRole \(roleArn): \(code) \(Self.element("Message", in: text) ?? "")")
        }
        return try Self.session(fromAssumeRoleResponse: text)
    }

    /// The credentials of an `AssumeRoleResponse` document.
    static func session(fromAssumeRoleResponse text: String) throws(Failure) -> Session {
        guard let id = element("AccessKeyId", in: text), let secret = element("SecretAccessKey", in: text),
            let expirationText = element("Expiration", in: text), let expiration = parseTimestamp(expirationText)
        else { throw Failure(description: "STS answered no usable credentials") }
        return Session(
            credentials: AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: element("SessionToken", in: text)),
            expiration: expiration)
    }

    /// The text of the first `<name>…</name>` element, entities decoded.
    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[open.upperBound..<close.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// ISO 8601 with or without fractional seconds (`2026-12-07T09:00:00Z`, `…00.123Z`).
    static func parseTimestamp(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// `application/x-www-form-urlencoded` as the SDKs write it: unreserved characters kept,
    /// everything else `%XY`.
    static func formEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
