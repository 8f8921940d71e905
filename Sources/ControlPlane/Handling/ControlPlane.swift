import Foundation
public import GatewayStore
import JSON
public import Logging

/// A management operation's behaviour.
public typealias OperationHandler = @Sendable (OperationContext) async throws -> ManagementResponse

/// Handlers by operation, filled by each service's `register(into:)`.
public struct HandlerRegistry: Sendable {
    private(set) var handlers: [String: OperationHandler] = [:]

    public init() {}

    public mutating func on(_ service: OperationDescriptor.Service, _ name: String, _ handler: @escaping OperationHandler) {
        handlers["\(service.rawValue):\(name)"] = handler
    }

    func handler(for operation: OperationDescriptor) -> OperationHandler? {
        handlers["\(operation.service.rawValue):\(operation.name)"]
    }

    /// The operations with a handler (for `docs/aws-compatibility.md` and tests).
    public var implemented: Set<String> { Set(handlers.keys) }
}

/// The AWS-compatible management API (`apigateway` and `apigatewayv2`), independent of the HTTP
/// server: it routes a request to its operation, runs the handler against the store, and renders
/// every failure as AWS does (`{"message": …}` with `x-amzn-ErrorType`).
public final class ControlPlane: Sendable {
    public let store: any GatewayStore
    public let configuration: ControlPlaneConfiguration
    public let registry: HandlerRegistry
    private let router: OperationRouter
    private let logger: Logger
    /// Sees every call that matched an operation (the audit trail).
    private let callObserver: (any ManagementCallObserver)?

    public init(
        store: any GatewayStore, configuration: ControlPlaneConfiguration = .init(), logger: Logger = Logger(label: "portcullis.management"),
        callObserver: (any ManagementCallObserver)? = nil
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.callObserver = callObserver
        router = OperationRouter(operations: OperationDescriptor.apigateway + OperationDescriptor.apigatewayv2)
        var registry = HandlerRegistry()
        ApiGatewayHandlers.register(into: &registry)
        ApiGatewayV2Handlers.register(into: &registry)
        self.registry = registry
    }

    public func handle(_ request: ManagementRequest) async -> ManagementResponse {
        guard let match = router.match(method: request.method, path: request.path, query: request.query) else {
            return Self.render(
                ManagementError(code: "UnknownOperationException", status: 404, message: "No operation matches \(request.method) \(request.path)"))
        }
        let receivedAt = Date()
        let context = OperationContext(
            request: request, operation: match.operation, pathParameters: match.pathParameters, store: store,
            configuration: configuration)
        // Every answer to an operation carries a request id, as AWS's do (`x-amzn-RequestId`).
        let requestId = UUID().uuidString.lowercased()
        var response: ManagementResponse
        if let handler = registry.handler(for: match.operation) {
            response = await run(handler, context)
        } else {
            response = Self.render(.notImplemented(match.operation.name))
        }
        response.headers.append(("x-amzn-RequestId", requestId))
        callObserver?.completed(
            ManagementCall(
                operation: match.operation, pathParameters: match.pathParameters, request: request, response: response, receivedAt: receivedAt,
                requestId: requestId))
        return response
    }

    private func run(_ handler: OperationHandler, _ context: OperationContext) async -> ManagementResponse {
        let name = context.operation.name
        do {
            return try await handler(context)
        } catch let error as ManagementError {
            return Self.render(error)
        } catch let error as GatewayStoreError {
            return Self.render(Self.translate(error, logger: logger, operation: name))
        } catch {
            logger.error("\(name) failed: \(String(reflecting: error))")
            return Self.render(.internalFailure())
        }
    }

    static func translate(_ error: GatewayStoreError, logger: Logger, operation: String) -> ManagementError {
        switch error.code {
        case .notFound: return .notFound(error.message)
        case .alreadyExists, .versionConflict: return .conflict(error.message)
        case .invalidArgument: return .badRequest(error.message)
        default:
            logger.error("\(operation): store failure \(String(reflecting: error))")
            return .internalFailure()
        }
    }

    /// `{"message": …}` with `x-amzn-ErrorType`, as AWS answers.
    /// Control characters in the message other than a line feed become spaces.
    public static func render(_ error: ManagementError) -> ManagementResponse {
        var message = ""
        message.unicodeScalars.append(
            contentsOf: error.message.unicodeScalars.map { $0.value < 0x20 && $0 != "\n" ? " " : $0 })
        return ManagementResponse(
            status: error.status,
            headers: [("Content-Type", "application/json"), ("x-amzn-ErrorType", error.code)],
            body: Array(JSONWriter.compact(["message": .string(message)]).utf8))
    }
}
