import AWSClients
import NIOCore
import NIOHTTP1

/// Lambda's Invoke for one function, as integrations call it (AWS_PROXY and non-proxy AWS):
/// `POST /2015-03-31/functions/{function}/invocations` at `AWS_ENDPOINT_URL_LAMBDA` (else
/// `AWS_ENDPOINT_URL`, else `https://lambda.{region}.amazonaws.com`), SigV4-signed on the
/// request's loop and sent on its upstream pool like any backend call, so an invocation costs no
/// thread hop and no HTTP client of its own. The path, endpoint and region are resolved when
/// compiled.
struct LambdaInvokeTarget: Sendable {
    /// The function (a name or ARN, maybe with an alias), stage variables resolved.
    let function: String
    private let path: String
    private let target: AWSServiceTarget

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    init(function: String, environment: AWSEnvironment) throws(Problem) {
        let invocation: (path: String, region: String?)
        do {
            invocation = try LambdaClient.invocation(of: function)
        } catch {
            throw Problem(description: error.description)
        }
        do {
            target = try AWSServiceTarget(
                service: AWSService(named: "lambda"), region: invocation.region ?? environment.region, environment: environment)
        } catch {
            throw Problem(description: error.description)
        }
        self.function = function
        path = invocation.path
    }

    /// The invocation of `payload`: `RequestResponse`, `Event` or `DryRun`, with the client context
    /// (base64 JSON) when there is one, signed with `credentials`' credentials.
    func call(
        _ payload: ByteBuffer, invocationType: String = "RequestResponse", clientContext: String? = nil, traceId: String?,
        credentials: AWSCredentialSource, loop: any EventLoop, dialect: ApiDialect, timeoutMilliseconds: Int64
    ) -> Result<IntegrationCall, GatewayError> {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "X-Amz-Invocation-Type", value: invocationType)
        if let clientContext { headers.add(name: "X-Amz-Client-Context", value: clientContext) }
        if let traceId { headers.add(name: "X-Amzn-Trace-Id", value: traceId) }
        return target.call(
            credentials, loop: loop, dialect: dialect, method: .POST, path: path, query: "", headers: headers, body: payload,
            timeoutMilliseconds: timeoutMilliseconds)
    }

    /// What Lambda answered, from the upstream answer of the call; nil when it is larger than
    /// Lambda's 6 MB limit of a synchronous answer.
    static func invocation(_ response: UpstreamResponse) -> LambdaClient.Invocation? {
        let payload = response.body ?? ByteBuffer()
        guard payload.readableBytes <= LambdaClient.maxResponseBytes else { return nil }
        return LambdaClient.Invocation(
            status: Int(response.head.status.code), functionError: response.head.headers.first(name: "x-amz-function-error"), payload: payload)
    }
}
