public import AWSSignatureV4
public import AsyncHTTPClient
public import NIOCore
import NIOHTTP1

extension HTTPClient {
    /// POSTs `body` to `base` + `path`, signed by `signer` (`headers` without `Host`, which is
    /// added and signed here) and `unsignedHeaders` (sent outside the signature, as the SDKs send
    /// `X-Amzn-Trace-Id`), bounded as `boundedExecute` is: the shape of every cold-path call
    /// to AWS (Lambda Invoke, CloudWatch Logs, STS). An invalid `base` fails with `badURL`.
    public func signedPOST(
        base: String, path: String, headers: [SignableRequest.Header], body: ByteBuffer, signer: Signer, maxBytes: Int,
        timeout: TimeAmount, unsignedHeaders: [(String, String)] = [], on loop: any EventLoop
    ) -> EventLoopFuture<BoundedResponse> {
        var signable = SignableRequest(
            method: "POST", path: path, headers: [.init("Host", LambdaClient.authority(of: base))] + headers,
            payload: .bytes(body.readableBytesView))
        signer.sign(&signable)
        let request: HTTPClient.Request
        do {
            var wire = HTTPHeaders()
            for header in signable.headers where header.name.lowercased() != "host" { wire.add(name: header.name, value: header.value) }
            for (name, value) in unsignedHeaders { wire.add(name: name, value: value) }
            request = try HTTPClient.Request(url: base + path, method: .POST, headers: wire, body: .byteBuffer(body))
        } catch {
            return loop.makeFailedFuture(BoundedFetchError.badURL("the endpoint URL \(base) is not valid"))
        }
        return boundedExecute(request, maxBytes: maxBytes, timeout: timeout, on: loop)
    }
}
