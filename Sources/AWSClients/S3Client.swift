public import AsyncHTTPClient
import AWSSignatureV4
public import NIOCore
import NIOHTTP1

/// Amazon S3, as far as the gateway needs it: `GetObject` of a mutual TLS truststore
/// (`s3://bucket/key`, optionally one `versionId`), SigV4-signed for the service `s3` with S3's
/// rules (no path normalisation, `X-Amz-Content-Sha256`), bounded in time and size.
///
/// The endpoint follows the SDK conventions: `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`
/// (addressed path-style, `{endpoint}/{bucket}/{key}`, as SDKs do for custom endpoints and as
/// emulators expect), else `https://{bucket}.s3.{region}.amazonaws.com/{key}` (virtual-hosted).
public struct S3Client: Sendable {
    /// A `GetObject` that did not return the object.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// S3's error code (`NoSuchKey`, `NoSuchVersion`, `AccessDenied`, …), `HTTP{status}`, or `transport`.
        public var code: String
        public var message: String
        public var description: String { message.isEmpty ? code : "\(code): \(message)" }
    }

    let http: HTTPClient
    let environment: AWSEnvironment
    let timeout: TimeAmount
    private let keyCache = SigningKeyCache(capacity: 4)

    public init(http: HTTPClient, environment: AWSEnvironment, timeout: TimeAmount = .seconds(10)) {
        self.http = http
        self.environment = environment
        self.timeout = timeout
    }

    /// The object's bytes, at most `maxBytes` (a larger object is a failure, never truncated).
    public func getObject(bucket: String, key: String, versionId: String? = nil, maxBytes: Int) async throws(Failure) -> ByteBuffer {
        guard let credentials = environment.credentials else {
            throw Failure(code: "NoCredentials", message: "no AWS credentials to sign the S3 call")
        }
        let overridden = environment.isOverridden(serviceId: "S3")
        let base: String
        let path: String
        if overridden {
            base = environment.endpoint(serviceId: "S3", hostPrefix: "s3")
            path = "/" + Self.encode(bucket) + "/" + Self.encode(key)
        } else {
            base = "https://\(bucket).s3.\(environment.region).amazonaws.com"
            path = "/" + Self.encode(key)
        }
        if let problem = ColdPathURL.check(base, allowPlainHTTPEverywhere: overridden) {
            throw Failure(code: "transport", message: "\(problem)")
        }
        let query = versionId.map { "versionId=" + Self.encode($0) } ?? ""
        var signable = SignableRequest(
            method: "GET", path: path, query: query, headers: [.init("Host", LambdaClient.authority(of: base))], payload: .empty)
        Signer(credentials: credentials, region: environment.region, service: "s3", options: .s3, keyCache: keyCache).sign(&signable)
        let request: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            for header in signable.headers where header.name.lowercased() != "host" { headers.add(name: header.name, value: header.value) }
            request = try HTTPClient.Request(url: base + path + (query.isEmpty ? "" : "?" + query), method: .GET, headers: headers)
        } catch {
            throw Failure(code: "transport", message: "the endpoint URL \(base) is not valid")
        }
        let response: BoundedResponse
        do {
            response = try await http.boundedExecute(request, maxBytes: maxBytes, timeout: timeout, on: http.eventLoopGroup.any()).get()
        } catch {
            throw Failure(code: "transport", message: "\(error)")
        }
        guard response.status == 200 else {
            let text = String(buffer: response.body)
            throw Failure(code: Self.element("Code", in: text) ?? "HTTP\(response.status)", message: Self.element("Message", in: text) ?? "")
        }
        return response.body
    }

    /// RFC 3986 unreserved bytes kept, every other byte escaped; `/` kept (S3 keys are paths).
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// The text of the first `<name>…</name>` of an S3 error document.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else {
            return nil
        }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
