import ControlPlane
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Reads the body of a request whose head ``ManagementAuthenticationHandler`` let through,
/// verifies the whole signature, hands the request to the control plane, renders the answer.
struct ManagementResponder: HTTPResponder {
    typealias Context = ManagementRequestContext

    let controlPlane: ControlPlane
    let authenticator: ManagementAuthenticator
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: ManagementServer.maximumBodyBytes)
        } catch {
            return Self.response(ControlPlane.render(ManagementServer.requestTooLong))
        }
        let bytes = Array(buffer: body)
        let accessKeyId: String
        switch authenticator.verify(request.head, body: bytes) {
        case .success(let key): accessKeyId = key
        case .failure(let failure):
            logger.debug("rejected management request: \(failure.code)")
            return Self.response(ControlPlane.render(failure))
        }
        let target = request.head.path ?? "/"
        let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
        let rawPath = String(target[..<pathEnd])
        let rawQuery = pathEnd < target.endIndex ? String(target[target.index(after: pathEnd)...]) : ""
        let query = rawQuery.split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
        let answer = await controlPlane.handle(
            ManagementRequest(
                method: request.method.rawValue, path: rawPath, query: query,
                headers: ManagementAuthenticator.headers(of: request.head), body: bytes,
                caller: .root(accessKeyId: accessKeyId, accountId: controlPlane.configuration.accountId),
                sourceAddress: context.remoteAddress?.ipAddress))
        return Self.response(answer)
    }

    static func response(_ answer: ManagementResponse) -> Response {
        Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields(answer.headers),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// The control plane's header pairs as HTTP fields (a name HTTP does not allow is dropped).
    static func fields(_ headers: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return fields
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
