public import JSON

/// What an audit event must never show, removed the way CloudTrail removes it: the value is
/// replaced by `HIDDEN_DUE_TO_SECURITY_REASONS`, the key stays (so a reader sees that it was set).
///
/// Removed, at any depth of request parameters and response elements:
/// - an API key's `value` (`CreateApiKey`, `ImportApiKeys`' document, an `UpdateApiKey` patch
///   of `/value`, the key a `CreateApiKey` answer returns);
/// - authorizer credentials (`authorizerCredentials`) and integration `credentials`;
/// - any member whose name says secret: `secret`, `password`, `passwd`, `token`, `credential`,
///   `privateKey` (a domain name's `certificatePrivateKey` among them), `x-api-key`;
/// - parameter mappings that send a literal to an `Authorization` or API key header
///   (`integration.request.header.Authorization: "'Bearer …'"`);
/// - in `patchOperations`, the `value` (and `from`) of an operation whose `path` names one of the above.
public enum AuditRedaction {
    public static let hidden = "HIDDEN_DUE_TO_SECURITY_REASONS"

    /// Whether a member name says its value is secret.
    public static func isSecretName(_ name: String, apiKeyOperation: Bool) -> Bool {
        let normalized = name.lowercased().filter { $0 != "-" && $0 != "_" }
        if apiKeyOperation, normalized == "value" { return true }
        if normalized.hasSuffix("header.authorization") || normalized.hasSuffix("header.xapikey") { return true }
        return secretWords.contains { normalized.contains($0) }
    }

    static let secretWords = ["secret", "password", "passwd", "token", "credential", "privatekey", "apikeyvalue", "xapikey"]

    /// `value` with every secret removed. `apiKeyOperation`: the event is about API keys
    /// (their `value` is the secret).
    public static func redact(_ value: JSONValue, apiKeyOperation: Bool) -> JSONValue {
        switch value {
        case .object(let object):
            var redacted = JSONObject()
            let patchPath = object["path"]?.stringValue
            let isSecretPatch =
                object["op"] != nil && patchPath.map { path in
                    path.split(separator: "/").contains { isSecretName(String($0), apiKeyOperation: apiKeyOperation) }
                } == true
            for (key, member) in object {
                if isSecretName(key, apiKeyOperation: apiKeyOperation) || (isSecretPatch && (key == "value" || key == "from")) {
                    redacted[key] = member == .null ? .null : .string(hidden)
                } else {
                    redacted[key] = redact(member, apiKeyOperation: apiKeyOperation)
                }
            }
            return .object(redacted)
        case .array(let items):
            return .array(items.map { redact($0, apiKeyOperation: apiKeyOperation) })
        default:
            return value
        }
    }
}
