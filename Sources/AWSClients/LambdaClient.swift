public import AWSSignatureV4
public import AsyncHTTPClient
public import NIOCore
import NIOHTTP1
import Foundation

/// Invokes Lambda functions (`POST /2015-03-31/functions/{name}/invocations`), SigV4-signed, at the
/// endpoint the AWS SDK conventions name (`AWSEnvironment`): real AWS Lambda, LocalStack,
/// `sam local start-lambda` or a test double alike.
///
/// The call completes on the caller's event loop (no thread hop), within its timeout, and reads at
/// most 6 MB of answer (Lambda's own limit for a synchronous response).
public struct LambdaClient: Sendable {
    /// What a synchronous invocation answered.
    public struct Invocation: Sendable {
        /// Lambda's HTTP status (200 for a function that ran, even when it failed).
        public var status: Int
        /// `X-Amz-Function-Error`: `Unhandled` or `Handled` when the function failed.
        public var functionError: String?
        /// The function's output (or Lambda's error document).
        public var payload: ByteBuffer

        public init(status: Int, functionError: String?, payload: ByteBuffer) {
            self.status = status
            self.functionError = functionError
            self.payload = payload
        }
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Not a function name, ARN or partial ARN.
        case badFunction(String)
        /// No credentials: nothing can sign the call.
        case noCredentials
        case transport(BoundedFetchError)

        public var description: String {
            switch self {
            case .badFunction(let why): "bad function: \(why)"
            case .noCredentials: "no AWS credentials to sign the Lambda call"
            case .transport(let error): "\(error)"
            }
        }
    }

    public static let maxResponseBytes = 6 * 1024 * 1024

    let http: HTTPClient
    let environment: AWSEnvironment
    private let keyCache = SigningKeyCache(capacity: 16)

    public init(http: HTTPClient, environment: AWSEnvironment) {
        self.http = http
        self.environment = environment
    }

    /// Invokes `function` (a name, a partial or full ARN, with an optional `:alias` or version)
    /// with `payload`: synchronously (`RequestResponse`, the default), or `Event` (Lambda answers
    /// 202 at once) or `DryRun` (204). `credentials` (an integration's role) replace the
    /// process's.
    public func invoke(
        _ function: String, payload: ByteBuffer, timeout: TimeAmount, on loop: any EventLoop, clientContext: String? = nil,
        invocationType: String = "RequestResponse", credentials: AWSCredentials? = nil, traceHeader: String? = nil
    ) -> EventLoopFuture<Invocation> {
        guard let credentials = credentials ?? environment.credentials else { return loop.makeFailedFuture(Failure.noCredentials) }
        let name: FunctionName
        do {
            name = try FunctionName(function)
        } catch {
            return loop.makeFailedFuture(error)
        }
        let base = environment.endpoint(serviceId: "Lambda", hostPrefix: "lambda")
        if let problem = ColdPathURL.check(base, allowPlainHTTPEverywhere: environment.isOverridden(serviceId: "Lambda")) {
            return loop.makeFailedFuture(Failure.transport(problem))
        }
        let path = "/2015-03-31/functions/\(name.encoded)/invocations"
        let headers: [SignableRequest.Header] =
            [.init("Content-Type", "application/json"), .init("X-Amz-Invocation-Type", invocationType)]
            + (clientContext.map { [SignableRequest.Header("X-Amz-Client-Context", $0)] } ?? [])
        let signer = Signer(credentials: credentials, region: name.region ?? environment.region, service: "lambda", keyCache: keyCache)
        return http.signedPOST(
            base: base, path: path, headers: headers, body: payload, signer: signer, maxBytes: Self.maxResponseBytes, timeout: timeout,
            // Not signed (SigV4 leaves `x-amzn-trace-id` out), as the AWS SDKs send it.
            unsignedHeaders: traceHeader.map { [("X-Amzn-Trace-Id", $0)] } ?? [], on: loop)
            .flatMapErrorThrowing { error in
                throw Failure.transport(error as? BoundedFetchError ?? .unreachable("\(error)"))
            }
            .map { response in
                Invocation(status: response.status, functionError: response.headers.first(name: "x-amz-function-error"), payload: response.body)
            }
    }

    /// Invoke's path for `function` (a name, a partial or full ARN, with an optional alias or
    /// version), and the region a full ARN names (its calls are signed for that region).
    public static func invocation(of function: String) throws(Failure) -> (path: String, region: String?) {
        let name = try FunctionName(function)
        return ("/2015-03-31/functions/\(name.encoded)/invocations", name.region)
    }

    /// Why `function` is not something Invoke takes (a name, a partial or full ARN, with an
    /// optional alias or version); nil when it is.
    public static func problem(withFunction function: String) -> String? {
        do {
            _ = try FunctionName(function)
            return nil
        } catch {
            return error.description
        }
    }

    /// `host[:port]` of a base URL.
    static func authority(of base: String) -> String {
        let rest = base.drop { $0 != "/" }.dropFirst(2)
        return String(rest.prefix { $0 != "/" })
    }
}

/// A function as Lambda's Invoke names it: `my-function`, `my-function:alias`,
/// `123456789012:function:my-function`, `arn:aws:lambda:us-east-1:123456789012:function:my-function[:alias]`.
struct FunctionName: Sendable {
    /// The name as sent, percent-encoded for the path.
    let encoded: String
    /// The region of a full ARN (its calls are signed for that region).
    let region: String?

    init(_ text: String) throws(LambdaClient.Failure) {
        guard !text.isEmpty, text.utf8.count <= 170,
            text.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "$")
                    || byte == UInt8(ascii: ".")
            })
        else { throw .badFunction("'\(text.prefix(80))' is not a Lambda function name or ARN") }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.first == "arn" {
            guard parts.count >= 7, parts[2] == "lambda", parts[5] == "function", !parts[6].isEmpty else {
                throw .badFunction("'\(text.prefix(80))' is not a Lambda function ARN")
            }
            region = String(parts[3])
        } else {
            region = nil
        }
        encoded = text.replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: "$", with: "%24")
    }
}
