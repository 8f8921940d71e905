import Foundation
import GatewayModel

/// An `x-amazon-apigateway-integration` object, read and checked once for both API types, then
/// turned into a REST `Integration` or an HTTP API `ApiGatewayV2.Integration` by the builders.
///
/// Values are normalised as API Gateway stores them: `type`, `passthroughBehavior`,
/// `connectionType`, `contentHandling` and `httpMethod` upper-case.
struct IntegrationExtension: Hashable {
    /// One entry of `responses`: the key is the selection pattern (`default` for none).
    struct Response: Hashable {
        var key: String
        var path: JSONPath
        var statusCode: String
        var responseParameters: [String: String]?
        var responseTemplates: [String: String]?
        var contentHandling: String?

        var selectionPattern: String? { key == "default" ? nil : key }
    }

    var path: JSONPath
    var type: String
    var uri: String?
    var httpMethod: String?
    var connectionType: String?
    var connectionId: String?
    var credentials: String?
    var requestParameters: [String: String]?
    var requestTemplates: [String: String]?
    var passthroughBehavior: String?
    var contentHandling: String?
    var timeoutInMillis: Int?
    var cacheNamespace: String?
    var cacheKeyParameters: [String]?
    var responses: [Response]?
    var payloadFormatVersion: String?
    var integrationSubtype: String?
    /// HTTP APIs: status code → (`overwrite:header.X` … → value).
    var responseParameters: [String: [String: String]]?
    var description: String?
    var insecureSkipVerification: Bool?
    var serverNameToVerify: String?

    static let restTypes = ["HTTP", "HTTP_PROXY", "AWS", "AWS_PROXY", "MOCK"]
    static let httpApiTypes = ["AWS_PROXY", "HTTP_PROXY"]
    static let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"]
    private static let restOnly = ["requestTemplates", "responses", "passthroughBehavior", "contentHandling", "cacheKeyParameters", "cacheNamespace"]
    private static let httpApiOnly = ["payloadFormatVersion", "integrationSubtype", "responseParameters"]
    /// Every property of `x-amazon-apigateway-integration` in AWS's extension reference and
    /// botocore's `Integration` shapes, so that no real field is called unknown.
    private static let known = Set(
        [
            "type", "uri", "httpMethod", "connectionType", "connectionId", "credentials", "requestParameters", "timeoutInMillis", "tlsConfig",
            "description", "integrationTarget", "responseTransferMode",
        ]
            + restOnly + httpApiOnly)

    /// Reads the integration at `node` (already `$ref`-resolved). `nil` when it has errors.
    static func read(_ node: DocumentNode, apiType: ApiType, _ log: DiagnosticCollector) -> IntegrationExtension? {
        guard let members = node.members(log) else { return nil }
        let errorsBefore = log.diagnostics.count { $0.severity == .error }

        for (key, member) in members where !known.contains(key) {
            log.warning(member.path, "unknown property '\(key)' of x-amazon-apigateway-integration is ignored")
        }
        let ignored = apiType == .http ? restOnly : httpApiOnly
        let family = apiType == .http ? "HTTP APIs" : "REST APIs"
        for key in ignored where node[key] != nil {
            log.info(node.path.key(key), "ignored: \(family) do not use '\(key)'")
        }

        var integration = IntegrationExtension(path: node.path, type: "")
        guard let rawType = node.requiredString("type", log) else { return nil }
        let type = rawType.uppercased()
        let allTypes = restTypes
        guard allTypes.contains(type) else {
            log.error(node.path.key("type"), "unknown integration type '\(rawType)': expected one of \(allTypes.map { $0.lowercased() }.joined(separator: ", "))")
            return nil
        }
        integration.type = type
        integration.uri = node.string("uri", log)
        integration.description = node.string("description", log)
        integration.connectionId = node.string("connectionId", log)
        integration.credentials = node.string("credentials", log)
        integration.integrationSubtype = apiType == .http ? node.string("integrationSubtype", log) : nil
        integration.requestParameters = requestParameters(node, log)
        if let mode = enumeration(node, "responseTransferMode", ["BUFFERED", "STREAM"], log), mode == "STREAM" {
            log.warning(
                node.path.key("responseTransferMode"),
                "response streaming is not supported yet (docs/aws-compatibility.md A6): the response is buffered")
        }
        if let target = node["integrationTarget"] {
            _ = node.string("integrationTarget", log)
            log.info(target.path, "private integrations (VPC links) are stored but not served by this build")
        }

        if let method = node.string("httpMethod", log) {
            integration.httpMethod = method.uppercased()
            if !methods.contains(method.uppercased()) {
                log.error(node.path.key("httpMethod"), "invalid HTTP method '\(method)': expected one of \(methods.joined(separator: ", "))")
            }
        }
        integration.connectionType = enumeration(node, "connectionType", ["INTERNET", "VPC_LINK"], log)
        if integration.connectionType == "VPC_LINK", integration.connectionId == nil {
            log.error(node.path.key("connectionId"), "is required when connectionType is VPC_LINK")
        }

        if let timeout = node.integer("timeoutInMillis", log) {
            let maximum = apiType == .http ? ApiGatewayV2.Integration.defaultTimeoutInMillis : Integration.defaultTimeoutInMillis
            if (50...maximum).contains(timeout) {
                integration.timeoutInMillis = timeout
            } else {
                log.error(node.path.key("timeoutInMillis"), "\(timeout) is out of range: \(family) accept 50 to \(maximum) ms")
            }
        }

        if let tls = node.object("tlsConfig", log) {
            for (key, member) in tls.members(log) ?? [] where key != "insecureSkipVerification" && key != "serverNameToVerify" {
                log.warning(member.path, "unknown property '\(key)' of tlsConfig is ignored")
            }
            integration.insecureSkipVerification = tls.bool("insecureSkipVerification", log)
            integration.serverNameToVerify = tls.string("serverNameToVerify", log)
        }

        switch apiType {
        case .rest:
            integration.requestTemplates = node.stringMap("requestTemplates", log)
            integration.passthroughBehavior = enumeration(node, "passthroughBehavior", ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"], log)
            integration.contentHandling = enumeration(node, "contentHandling", ["CONVERT_TO_TEXT", "CONVERT_TO_BINARY"], log)
            integration.cacheNamespace = node.string("cacheNamespace", log)
            integration.cacheKeyParameters = node.stringArray("cacheKeyParameters", log)
            integration.responses = readResponses(node, log)
        case .http:
            integration.payloadFormatVersion = readPayloadFormatVersion(node, log)
            integration.responseParameters = readResponseParameters(node, log)
        }

        checkTarget(&integration, node: node, apiType: apiType, log)
        let errorsAfter = log.diagnostics.count { $0.severity == .error }
        return errorsAfter == errorsBefore ? integration : nil
    }

    /// `uri` and `httpMethod` as each type needs them.
    private static func checkTarget(_ integration: inout IntegrationExtension, node: DocumentNode, apiType: ApiType, _ log: DiagnosticCollector) {
        let uriPath = node.path.key("uri")
        switch integration.type {
        case "MOCK":
            return
        case "HTTP", "HTTP_PROXY":
            guard let uri = integration.uri else {
                log.error(uriPath, "is required for \(integration.type.lowercased()) integrations")
                return
            }
            let lowered = uri.lowercased()
            // A VPC link integration may name its target by a stage variable or an ARN.
            if integration.connectionType != "VPC_LINK", !lowered.hasPrefix("http://"), !lowered.hasPrefix("https://") {
                log.error(uriPath, "'\(uri)' is not an http:// or https:// URL")
            }
        default:  // AWS, AWS_PROXY
            if integration.uri == nil {
                if apiType == .http, integration.integrationSubtype != nil { break }
                log.error(uriPath, "is required for \(integration.type.lowercased()) integrations")
            } else if let uri = integration.uri, !uri.hasPrefix("arn:") {
                log.error(uriPath, "'\(uri)' is not an ARN (arn:aws:apigateway:{region}:{service}:…)")
            }
        }
        if integration.httpMethod == nil {
            if integration.type == "AWS_PROXY" && apiType == .http {
                integration.httpMethod = "POST"
            } else {
                log.error(node.path.key("httpMethod"), "is required for \(integration.type.lowercased()) integrations")
            }
        }
    }

    /// `requestParameters`, whose values AWS requires to be strings: another value is dropped with
    /// AWS's warning ("Invalid format for 'requestParameters'. Expected type string …").
    private static func requestParameters(_ node: DocumentNode, _ log: DiagnosticCollector) -> [String: String]? {
        guard let member = node.object("requestParameters", log), let members = member.members(log) else { return nil }
        var map: [String: String] = [:]
        for (name, value) in members {
            if let text = value.value.stringValue {
                map[name] = text
            } else {
                let shown = value.value.boolValue.map { String($0) } ?? value.value.numberValue.map(DocumentNode.format) ?? value.value.typeName
                log.warning(
                    value.path, "Invalid format for 'requestParameters'. Expected type string for property '\(name)' but got '\(shown)': the mapping is dropped")
            }
        }
        return map
    }

    private static func readResponses(_ node: DocumentNode, _ log: DiagnosticCollector) -> [Response]? {
        guard let responsesNode = node.object("responses", log), let members = responsesNode.members(log) else { return nil }
        var responses: [Response] = []
        for (key, member) in members {
            guard member.value.objectValue != nil else {
                log.wrongType(member, expected: "an object")
                continue
            }
            if key != "default", (try? NSRegularExpression(pattern: key)) == nil {
                log.error(member.path, "the selection pattern '\(key)' is not a valid regular expression")
            }
            guard let statusCode = member.scalarString("statusCode", log) else {
                if member["statusCode"] == nil { log.error(member.path.key("statusCode"), "is required") }
                continue
            }
            guard isStatusCode(statusCode) else {
                log.error(member.path.key("statusCode"), "'\(statusCode)' is not an HTTP status code (100-599)")
                continue
            }
            var response = Response(key: key, path: member.path, statusCode: statusCode)
            response.responseParameters = member.stringMap("responseParameters", log)
            response.responseTemplates = member.stringMap("responseTemplates", log)
            response.contentHandling = enumeration(member, "contentHandling", ["CONVERT_TO_TEXT", "CONVERT_TO_BINARY"], log)
            for (name, parameter) in member.object("responseParameters", log)?.members(log) ?? [] where !name.hasPrefix("method.response.header.") {
                log.error(parameter.path, "invalid response parameter '\(name)': expected method.response.header.NAME")
            }
            responses.append(response)
        }
        return responses
    }

    private static func readPayloadFormatVersion(_ node: DocumentNode, _ log: DiagnosticCollector) -> String? {
        guard let member = node["payloadFormatVersion"] else { return nil }
        let text: String
        switch member.value {
        case .string(let string): text = string
        // `payloadFormatVersion: 2.0` in YAML (or `1.0` in AWS's own JSON examples) is a number.
        case .number(let number): text = String(format: "%.1f", number)
        default:
            log.wrongType(member, expected: "\"1.0\" or \"2.0\"")
            return nil
        }
        guard text == "1.0" || text == "2.0" else {
            log.error(member.path, "unsupported payload format version '\(text)': expected 1.0 or 2.0")
            return nil
        }
        return text
    }

    private static func readResponseParameters(_ node: DocumentNode, _ log: DiagnosticCollector) -> [String: [String: String]]? {
        guard let parameters = node.object("responseParameters", log), let members = parameters.members(log) else { return nil }
        var result: [String: [String: String]] = [:]
        for (statusCode, member) in members {
            guard isStatusCode(statusCode) else {
                log.error(member.path, "'\(statusCode)' is not an HTTP status code (200-599)")
                continue
            }
            result[statusCode] = parameters.stringMap(statusCode, log)
        }
        return result
    }

    /// A string member restricted to `allowed` (compared case-insensitively, stored upper-case).
    private static func enumeration(_ node: DocumentNode, _ key: String, _ allowed: [String], _ log: DiagnosticCollector) -> String? {
        guard let text = node.string(key, log) else { return nil }
        let upper = text.uppercased()
        guard allowed.contains(upper) else {
            log.error(node.path.key(key), "invalid value '\(text)': expected one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return upper
    }

    static func isStatusCode(_ text: String) -> Bool {
        guard text.count == 3, let code = Int(text) else { return false }
        return (100...599).contains(code)
    }
}
