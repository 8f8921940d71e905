/// One management operation as botocore's service model defines it: the wire contract the
/// router matches and the handlers answer. The tables are generated
/// (`scripts/generate-management-operations.py`); behaviour is hand-written.
public struct OperationDescriptor: Sendable, Hashable {
    public enum Service: String, Sendable, Hashable {
        case apigateway
        case apigatewayv2
    }

    public let service: Service
    public let name: String
    public let method: String
    /// e.g. `/restapis/{restapi_id}/resources/{resource_id}` or `/restapis?mode=import`.
    public let requestURI: String
    /// The status of a successful answer (201 on create, 202 or 204 on some deletes).
    public let successStatus: Int

    public init(service: Service, name: String, method: String, requestURI: String, successStatus: Int) {
        self.service = service
        self.name = name
        self.method = method
        self.requestURI = requestURI
        self.successStatus = successStatus
    }

    /// The path template's segments: literals, and `{name}` placeholders.
    var pathSegments: [Substring] {
        let path = requestURI.split(separator: "?", maxSplits: 1)[0]
        return path.split(separator: "/")
    }

    /// Literal query constraints (`mode=import`).
    var queryConstraints: [(String, String)] {
        let parts = requestURI.split(separator: "?", maxSplits: 1)
        guard parts.count == 2 else { return [] }
        return parts[1].split(separator: "&").map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1)
            return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
        }
    }
}
