public import DataPlane
import JSON

extension Exchange {
    /// `$context.NAME` as an access log shows it, for the names known only after the write
    /// (`status`, `responseLength`, `responseLatency`, `integrationLatency`, `integrationStatus`,
    /// `error.*`, `dataProcessed`) and every name the request context knows.
    public func accessLogValue(named name: String, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64) -> String? {
        switch name {
        case "status": return String(response.status.code)
        case "responseLength": return String(response.body?.readableBytes ?? 0)
        case "responseLatency": return String(max(0, writtenAtMilliseconds - context.requestTimeEpoch))
        case "integrationLatency", "integration.latency": return integrationLatency.map(String.init)
        case "integrationStatus", "integration.status", "integration.integrationStatus": return integrationStatus.map(String.init)
        case "error.message": return error?.message
        case "error.messageString": return error.map { JSONWriter.compact(.string($0.message)) }
        case "error.responseType": return error?.type.rawValue
        case "dataProcessed": return String((body?.readableBytes ?? 0) + (response.body?.readableBytes ?? 0))
        default: return context.value(named: name)
        }
    }
}
