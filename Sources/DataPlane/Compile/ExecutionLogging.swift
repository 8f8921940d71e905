import GatewayModel

/// A REST stage's execution logging (`methodSettings` `*/*` and per method: `loggingLevel`
/// `INFO` | `ERROR` | `OFF`, `dataTraceEnabled`), compiled once. HTTP APIs have no execution logs
/// in AWS (access logs only), so their stages never get one.
public struct ExecutionLogging: Sendable, Equatable {
    public enum Level: String, Sendable {
        /// Every line of the request's narration.
        case info = "INFO"
        /// Only the lines that tell of a failure.
        case error = "ERROR"
    }

    /// What one method logs.
    public struct Setting: Sendable, Equatable {
        public var level: Level
        /// `dataTraceEnabled`: the request and response headers and bodies, masked and truncated.
        public var dataTrace: Bool
    }

    /// `*/*`: the methods without their own setting.
    let stageDefault: Setting?
    /// By AWS's method key: `pets/{petId}/GET` (the resource path without its first `/`).
    let byMethod: [String: Setting?]

    /// nil when no method of the stage logs.
    static func compile(_ settings: StageSettings) -> ExecutionLogging? {
        guard case .rest(let stage) = settings, let methodSettings = stage.methodSettings else { return nil }
        func setting(_ method: MethodSetting) -> Setting? {
            switch method.loggingLevel?.uppercased() {
            case "INFO": Setting(level: .info, dataTrace: method.dataTraceEnabled ?? false)
            case "ERROR": Setting(level: .error, dataTrace: method.dataTraceEnabled ?? false)
            default: nil
            }
        }
        let stageDefault = methodSettings["*/*"].flatMap(setting)
        var byMethod: [String: Setting?] = [:]
        for (key, method) in methodSettings where key != "*/*" {
            // A method entry without a level of its own inherits the stage's.
            // `updateValue`, not a subscript: a method that logs nothing (`OFF`) keeps its nil.
            byMethod.updateValue(method.loggingLevel == nil ? stageDefault : setting(method), forKey: key)
        }
        guard stageDefault != nil || byMethod.values.contains(where: { $0 != nil }) else { return nil }
        return ExecutionLogging(stageDefault: stageDefault, byMethod: byMethod)
    }

    /// The setting of the method at `resourcePath` (`/pets/{petId}`) and `httpMethod`.
    func setting(resourcePath: String, httpMethod: String) -> Setting? {
        if byMethod.isEmpty { return stageDefault }
        let key = String(resourcePath.dropFirst()) + "/" + httpMethod
        if let found = byMethod[key] { return found }
        return stageDefault
    }
}
