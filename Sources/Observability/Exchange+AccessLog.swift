public import DataPlane
import JSON

/// A `$context` variable of an access log format, resolved once when the format is parsed, so
/// that rendering a line switches on a small enum instead of comparing names.
enum AccessLogVariable: Sendable, Equatable {
    case status, responseLength, responseLatency, integrationLatency, integrationStatus
    case errorMessage, errorMessageString, errorResponseType, dataProcessed
    case requestId, extendedRequestId, sourceIp, userAgent, requestTime, requestTimeEpoch, httpMethod, resourcePath, routeKey
    case `protocol`, path, stage, apiId
    /// `$context.xrayTraceId` (`1-5759e988-bd862e3fe1be46a994272793`) and Portcullis'
    /// `$context.traceId` (the same id in W3C form), on traced stages.
    case xrayTraceId, traceId
    /// `identity.caller`, `identity.user` (the account root's are its account id) and
    /// `identity.accountId`: in AWS's CLF and JSON examples, so resolved here rather than by name.
    case identityAccountId
    /// Any other name the request context knows (`RequestContext.value(named:)`), or none.
    case context(String)

    init(name: String) {
        switch name {
        case "status": self = .status
        case "responseLength": self = .responseLength
        case "responseLatency": self = .responseLatency
        case "integrationLatency", "integration.latency": self = .integrationLatency
        case "integrationStatus", "integration.status", "integration.integrationStatus": self = .integrationStatus
        case "error.message": self = .errorMessage
        case "error.messageString": self = .errorMessageString
        case "error.responseType": self = .errorResponseType
        case "dataProcessed": self = .dataProcessed
        case "requestId": self = .requestId
        case "extendedRequestId": self = .extendedRequestId
        case "identity.sourceIp": self = .sourceIp
        case "identity.userAgent": self = .userAgent
        case "requestTime": self = .requestTime
        case "requestTimeEpoch": self = .requestTimeEpoch
        case "httpMethod": self = .httpMethod
        case "resourcePath": self = .resourcePath
        case "routeKey": self = .routeKey
        case "protocol": self = .protocol
        case "path": self = .path
        case "stage": self = .stage
        case "apiId": self = .apiId
        case "xrayTraceId": self = .xrayTraceId
        case "traceId": self = .traceId
        case "identity.caller", "identity.user", "identity.accountId": self = .identityAccountId
        default: self = .context(name)
        }
    }
}

extension Exchange {
    /// `$context.NAME` as an access log shows it, for the names known only after the write
    /// (`status`, `responseLength`, `responseLatency`, `integrationLatency`, `integrationStatus`,
    /// `error.*`, `dataProcessed`) and every name the request context knows.
    public func accessLogValue(named name: String, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64) -> String? {
        accessLogValue(AccessLogVariable(name: name), response: response, writtenAtMilliseconds: writtenAtMilliseconds)
    }

    func accessLogValue(_ variable: AccessLogVariable, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64) -> String? {
        switch variable {
        case .status: return String(response.status.code)
        case .responseLength: return String(response.body?.readableBytes ?? 0)
        case .responseLatency: return String(max(0, writtenAtMilliseconds - context.requestTimeEpoch))
        case .integrationLatency: return integrationLatency.map(String.init)
        case .integrationStatus: return integrationStatus.map(String.init)
        case .errorMessage: return error?.message
        case .errorMessageString: return error.map { JSONWriter.compact(.string($0.message)) }
        case .errorResponseType: return error?.type.rawValue
        case .dataProcessed: return String((body?.readableBytes ?? 0) + (response.body?.readableBytes ?? 0))
        case .requestId: return context.requestId
        case .extendedRequestId: return context.extendedRequestId
        case .sourceIp: return context.sourceIp
        case .userAgent: return context.userAgent
        case .requestTime: return context.requestTime
        case .requestTimeEpoch: return String(context.requestTimeEpoch)
        case .httpMethod: return context.httpMethod
        case .resourcePath: return context.resourcePath
        case .routeKey: return context.routeKey
        case .protocol: return context.protocol
        case .path: return context.path
        case .stage: return context.stage
        case .apiId: return context.apiId
        case .xrayTraceId: return traceContext?.xrayTraceId
        case .traceId: return traceContext?.traceIdHex
        case .identityAccountId: return context.identityAccountId
        case .context(let name): return context.value(named: name)
        }
    }

    /// The access log line of this exchange in `format`.
    func accessLogLine(_ format: AccessLogFormat, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64) -> String {
        var line = ""
        line.reserveCapacity(format.estimatedBytes)
        for segment in format.segments {
            switch segment {
            case .literal(let text): line += text
            case .variable(let variable):
                if let text = accessLogValue(variable, response: response, writtenAtMilliseconds: writtenAtMilliseconds), !text.isEmpty {
                    line += text
                } else {
                    line += "-"
                }
            }
        }
        return line
    }
}
