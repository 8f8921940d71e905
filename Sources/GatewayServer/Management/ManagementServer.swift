import AWSSignatureV4
import Foundation
public import ControlPlane
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle

/// The management listener (loopback by default): Hummingbird, separate from the data plane.
/// Every request must carry a valid SigV4 signature by the admin credentials; then the
/// `ControlPlane` answers it.
public struct ManagementServer: Service {
    public let host: String
    public let port: Int
    let controlPlane: ControlPlane
    let credentials: ManagementCredentials
    let logger: Logger
    let onRunning: @Sendable (Int) async -> Void

    /// Largest management request body accepted (ImportRestApi documents included).
    public static let maximumBodyBytes = 6 * 1024 * 1024

    public init(
        host: String, port: Int, controlPlane: ControlPlane, credentials: ManagementCredentials, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.controlPlane = controlPlane
        self.credentials = credentials
        self.logger = logger
        self.onRunning = onRunning
    }

    public func run() async throws {
        let credentials = self.credentials.awsCredentials
        let verifier = Verifier(lookup: { accessKeyId in
            accessKeyId == credentials.accessKeyID ? credentials : nil
        })
        let responder = ManagementResponder(controlPlane: controlPlane, verifier: verifier, logger: logger)
        let logger = self.logger
        let onRunning = self.onRunning
        let application = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("management API listening", metadata: ["port": "\(port)"])
                await onRunning(port)
            },
            logger: logger)
        try await application.runService()
    }
}

/// Verifies the signature, hands the request to the control plane, renders the answer.
struct ManagementResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let controlPlane: ControlPlane
    let verifier: Verifier
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: ManagementServer.maximumBodyBytes)
        } catch {
            return Self.response(
                ControlPlane.render(ManagementError(code: "RequestEntityTooLargeException", status: 413, message: "Request Too Long")))
        }
        let target = request.head.path ?? "/"
        let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
        let rawPath = String(target[..<pathEnd])
        let rawQuery = pathEnd < target.endIndex ? String(target[target.index(after: pathEnd)...]) : ""
        var headers: [(String, String)] = []
        // HTTPTypes keeps `Host` as the `:authority` pseudo-header; SigV4 signs it as `host`.
        if let authority = request.head.authority { headers.append(("Host", authority)) }
        for field in request.headers { headers.append((field.name.rawName, field.value)) }
        let bytes = Array(buffer: body)

        let signable = SignableRequest(
            method: request.method.rawValue, path: rawPath, query: rawQuery,
            headers: headers.map { SignableRequest.Header($0.0, $0.1) }, payload: .bytes(bytes))
        do {
            _ = try verifier.verify(signable)
        } catch {
            logger.debug("rejected management request: \(error.exceptionName)")
            return Self.response(
                ControlPlane.render(ManagementError(code: error.exceptionName, status: error.httpStatus, message: error.responseMessage)))
        }
        let query = rawQuery.split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
        let answer = await controlPlane.handle(
            ManagementRequest(method: request.method.rawValue, path: rawPath, query: query, headers: headers, body: bytes))
        return Self.response(answer)
    }

    static func response(_ answer: ManagementResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
