import AWSClients
import Foundation
import JSON
import NIOCore
import NIOHTTP1

/// HTTP APIs' first-class AWS service integrations (`AWS_PROXY` with an `integrationSubtype`:
/// `SQS-SendMessage`, `EventBridge-PutEvents`, `Kinesis-PutRecord`,
/// `StepFunctions-StartExecution`, `AppConfig-GetConfiguration`, …; `AWSIntegrationSubtype`
/// lists them): the request parameters, rendered per request from `$request.header.x`,
/// `$request.querystring.x`, `$request.path.x`, `$request.body.x`, `$context.x` and
/// `$stageVariables.x`, become one SigV4-signed call of the subtype's action, sent on the loop's
/// upstream pool; the service's answer (status, `Content-Type`, body) is the client's.
///
/// - SQS: the query protocol (`Action`, `Version`, the parameters form-encoded; JSON lists and
///   maps of `AttributeNames`, `MessageAttributeNames`, `MessageAttributes`,
///   `MessageSystemAttributes` flattened as the query protocol writes them), `Accept:
///   application/json`.
/// - EventBridge, Kinesis, Step Functions: the JSON protocol; EventBridge's parameters make the
///   one entry of `Entries`, `Resources` a list.
/// - AppConfig: `GET /applications/{Application}/environments/{Environment}/configurations/
///   {Configuration}?client_id=…`.
///
/// A parameter whose variables have no value in the request is left out (the service then
/// answers what it answers to a missing parameter). `Region` (a literal) moves the call to that
/// region. Credentials: the integration's `credentialsArn` role, else the process's.
///
/// Gateway responses: 503 `Service Unavailable` when the service does not answer within
/// `timeoutInMillis`; 500 `Internal Server Error` when the call cannot be made.
struct AWSSubtypeIntegration: IntegrationHandler {
    let subtype: AWSIntegrationSubtype
    /// The parameters but `Region`, in a stable order.
    let parameters: [(name: String, value: ValueTemplate)]
    let target: AWSServiceTarget
    let credentials: AWSCredentialSource
    let timeoutMilliseconds: Int64

    func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError> {
        var values: [(name: String, value: String)] = []
        for (name, template) in parameters {
            if let value = template.render(exchange) { values.append((name, value)) }
        }
        var headers = HTTPHeaders()
        let method: HTTPMethod
        var path = "/"
        var query = ""
        var body: ByteBuffer?
        switch subtype.encoding {
        case .query:
            method = .POST
            guard case .query(let version) = subtype.service.actionProtocol else {
                return .failure(.httpApiInternalError(cause: "\(subtype.name) has no query API version"))
            }
            let pairs = [("Action", subtype.action), ("Version", version)] + values.flatMap(Self.queryPairs)
            body = ByteBuffer(string: pairs.map { QueryString.encode($0.0) + "=" + QueryString.encode($0.1) }.joined(separator: "&"))
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")
            headers.add(name: "Accept", value: "application/json")
        case .json(let listMembers, let wrapsInEntries):
            method = .POST
            guard case .json(let prefix, let version) = subtype.service.actionProtocol else {
                return .failure(.httpApiInternalError(cause: "\(subtype.name) has no JSON target"))
            }
            var document = JSONObject()
            for (name, value) in values {
                document[name] = Self.jsonMember(name, value, isList: listMembers.contains(name))
            }
            let payload: JSONValue = wrapsInEntries ? .object(["Entries": .array([.object(document)])]) : .object(document)
            body = ByteBuffer(string: JSONWriter.compact(payload))
            headers.add(name: "X-Amz-Target", value: "\(prefix).\(subtype.action)")
            headers.add(name: "Content-Type", value: "application/x-amz-json-\(version)")
        case .appConfig:
            method = .GET
            let value = { (name: String) in QueryString.encode(values.last(where: { $0.name == name })?.value ?? "") }
            path = "/applications/\(value("Application"))/environments/\(value("Environment"))/configurations/\(value("Configuration"))"
            query = "client_id=" + value("ClientId")
            if values.contains(where: { $0.name == "ClientConfigurationVersion" }) {
                query += "&client_configuration_version=" + value("ClientConfigurationVersion")
            }
        }
        return target.call(
            credentials, loop: loop.eventLoop, dialect: .http, method: method, path: path, query: query, headers: headers, body: body,
            timeoutMilliseconds: timeoutMilliseconds)
    }

    func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError> {
        guard case .upstream(let response) = outcome else {
            return .failure(.httpApiInternalError(cause: "\(subtype.name) got no service response"))
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.head.headers.first(name: "content-type") ?? "application/json")
        return .success(GatewayHTTPResponse(status: response.head.status, headers: headers, body: response.body))
    }

    func failure(for error: UpstreamError) -> GatewayError {
        let cause = "\(subtype.name) at \(target.endpoint): \(error)"
        if case .timedOut = error { return .httpApiTimeout(cause: cause) }
        return .httpApiInternalError(cause: cause)
    }

    // MARK: Encoding

    /// One parameter as query-protocol pairs: SQS's lists and maps flattened, from a JSON array
    /// or object (a list may also be comma-separated text); anything else as it is.
    static func queryPairs(_ parameter: (name: String, value: String)) -> [(String, String)] {
        let (name, value) = parameter
        switch name {
        case "AttributeNames", "MessageAttributeNames":
            let member = String(name.dropLast())  // AttributeName, MessageAttributeName
            let items: [String]
            if let array = (try? JSONValueParser(maxDepth: 8).parse(value))?.arrayValue {
                items = array.compactMap(\.stringValue)
            } else {
                items = value.split(separator: ",").map { String(String($0).trimmingWhitespace()) }
            }
            return items.enumerated().map { ("\(member).\($0.offset + 1)", $0.element) }
        case "MessageAttributes", "MessageSystemAttributes":
            guard let object = (try? JSONValueParser(maxDepth: 8).parse(value))?.objectValue else { return [(name, value)] }
            let member = name == "MessageAttributes" ? "MessageAttribute" : "MessageSystemAttribute"
            var pairs: [(String, String)] = []
            for (index, (attribute, description)) in object.enumerated() {
                let prefix = "\(member).\(index + 1)"
                pairs.append(("\(prefix).Name", attribute))
                for field in ["DataType", "StringValue", "BinaryValue"] {
                    if let text = description[field]?.stringValue { pairs.append(("\(prefix).Value.\(field)", text)) }
                }
            }
            return pairs
        default:
            return [(name, value)]
        }
    }

    /// One parameter as a JSON member: a list from a JSON array (or one item); EventBridge's
    /// `Time` as epoch seconds when it is a number or an ISO 8601 timestamp; text otherwise.
    static func jsonMember(_ name: String, _ value: String, isList: Bool) -> JSONValue {
        if isList {
            if let array = (try? JSONValueParser(maxDepth: 8).parse(value))?.arrayValue { return .array(array) }
            return .array([.string(value)])
        }
        if name == "Time" {
            if let seconds = Double(value) { return .number(seconds) }
            if let date = ISO8601DateFormatter().date(from: value) { return .number(date.timeIntervalSince1970.rounded()) }
        }
        return .string(value)
    }
}
