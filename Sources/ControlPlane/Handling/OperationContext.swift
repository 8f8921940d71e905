public import Foundation
public import GatewayStore
public import JSON

/// Everything a handler gets: the request, the matched operation and its path parameters, the
/// store and the configuration, with helpers for AWS's body and error conventions.
public struct OperationContext: Sendable {
    public let request: ManagementRequest
    public let operation: OperationDescriptor
    public let pathParameters: [String: String]
    public let store: any GatewayStore
    public let configuration: ControlPlaneConfiguration

    /// A path parameter by its botocore location name (`restapi_id`, `apiId`, …).
    public func path(_ name: String) throws(ManagementError) -> String {
        guard let value = pathParameters[name], !value.isEmpty else {
            throw .badRequest("Missing required path parameter \(name)")
        }
        return value
    }

    /// The body as JSON (`{}` when empty). Invalid JSON is AWS's 400.
    public func bodyJSON() throws(ManagementError) -> JSONValue {
        guard !request.body.isEmpty else { return .object(JSONObject()) }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(request.body))
        } catch {
            throw .badRequest("Invalid JSON in request body")
        }
    }

    /// Decodes the body into `T` with the service's date convention.
    public func decodeBody<T: Decodable>(_ type: T.Type) throws(ManagementError) -> T {
        var data = request.body.isEmpty ? Data("{}".utf8) : Data(request.body)
        // A body is read by our strict, depth-limited parser first, where a repeated key replaces
        // the earlier one in place (last wins, as JSON.parse does): a body of a million duplicate
        // keys costs one key, not the million entries Foundation's decoder would build. The
        // decoder then reads the canonical text. (What our parser refuses goes to the decoder as
        // it is, for its usual error message.)
        if !request.body.isEmpty, let value = try? Self.bodyParser.parse(request.body) {
            data = Data(JSONWriter.compact(value).utf8)
        }
        do {
            return try ManagementCoding.decoder(for: operation.service).decode(T.self, from: data)
        } catch let error as DecodingError {
            throw .badRequest(ManagementCoding.describe(error))
        } catch {
            throw .badRequest("Invalid request body")
        }
    }

    private static let bodyParser = JSONValueParser(maxDepth: 64)

    /// A JSON answer with the operation's success status.
    public func respond<T: Encodable>(_ value: T, status: Int? = nil) throws(ManagementError) -> ManagementResponse {
        do {
            let body = try ManagementCoding.encoder(for: operation.service).encode(value)
            return ManagementResponse(
                status: status ?? operation.successStatus, headers: [("Content-Type", "application/json")], body: Array(body))
        } catch {
            throw .internalFailure()
        }
    }

    /// An empty answer with the operation's success status (deletes).
    public func respondEmpty(status: Int? = nil) -> ManagementResponse {
        ManagementResponse(status: status ?? operation.successStatus, headers: [("Content-Type", "application/json")], body: [])
    }
}

/// JSON conventions of the two services: `apigateway` sends dates as epoch seconds,
/// `apigatewayv2` as ISO 8601.
public enum ManagementCoding {
    public static func encoder(for service: OperationDescriptor.Service) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        switch service {
        case .apigateway: encoder.dateEncodingStrategy = .secondsSince1970
        case .apigatewayv2: encoder.dateEncodingStrategy = .iso8601
        }
        return encoder
    }

    public static func decoder(for service: OperationDescriptor.Service) -> JSONDecoder {
        let decoder = JSONDecoder()
        switch service {
        case .apigateway: decoder.dateDecodingStrategy = .secondsSince1970
        case .apigatewayv2: decoder.dateDecodingStrategy = .iso8601
        }
        return decoder
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "Invalid request body" : "Invalid value for \(path)"
        @unknown default:
            return "Invalid request body"
        }
    }
}
