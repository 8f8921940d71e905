import Foundation
import IAMPolicy

/// An IAM identity of the process configuration: who may sign `AWS_IAM` requests besides the
/// account root (the admin credentials), with the identity policies that say what it may invoke.
///
/// ```yaml
/// iam:
///   identities:
///     - accessKeyId: AKIDEXAMPLE
///       secretAccessKey: wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
///       arn: arn:aws:iam::000000000000:user/alice   # another account's ARN: a cross-account caller
///       userId: AIDAEXAMPLE                        # optional: aws:userid
///       organizationId: o-example                  # optional: aws:PrincipalOrgID
///       sessionToken: FwoGZXIvYXdzE...             # optional: temporary credentials (STS)
///       policies:
///         - {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "execute-api:Invoke", Resource: "*"}]}
/// ```
/// or, in the environment, `PORTCULLIS_IAM_IDENTITIES` as the same list in JSON. A policy may be
/// a mapping or its JSON text. Every policy is parsed when the configuration is read, so a broken
/// one stops the start with its identity named.
public struct IamIdentitySettings: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var arn: String
    /// The policy documents, as JSON text.
    public var policies: [String]
    /// `aws:userid` and `aws:PrincipalOrgID`, when known.
    public var userId: String?
    public var organizationId: String?
    /// The session token of temporary credentials: requests must carry it (`X-Amz-Security-Token`).
    public var sessionToken: String?

    /// Reads the list (from YAML or JSON), checking every field and policy.
    static func list(_ value: Any, source: String) throws(GatewayConfiguration.Error) -> [IamIdentitySettings] {
        guard let entries = value as? [Any] else { throw GatewayConfiguration.Error("\(source) must be a list of identities") }
        var identities: [IamIdentitySettings] = []
        for (index, entry) in entries.enumerated() {
            let place = "\(source)[\(index)]"
            guard let map = entry as? [String: Any] else { throw GatewayConfiguration.Error("\(place) must be a mapping") }
            for key in map.keys where !["accessKeyId", "secretAccessKey", "arn", "policies", "userId", "organizationId", "sessionToken"].contains(key) {
                throw GatewayConfiguration.Error("\(place): unknown key '\(key)'")
            }
            guard let accessKeyId = map["accessKeyId"] as? String, !accessKeyId.isEmpty,
                let secretAccessKey = map["secretAccessKey"] as? String, !secretAccessKey.isEmpty,
                let arn = map["arn"] as? String, arn.hasPrefix("arn:")
            else {
                throw GatewayConfiguration.Error("\(place) needs accessKeyId, secretAccessKey and an arn")
            }
            var policies: [String] = []
            for policy in (map["policies"] as? [Any]) ?? [] {
                let text: String
                if let string = policy as? String {
                    text = string
                } else if JSONSerialization.isValidJSONObject(policy), let data = try? JSONSerialization.data(withJSONObject: policy) {
                    text = String(decoding: data, as: UTF8.self)
                } else {
                    throw GatewayConfiguration.Error("\(place): a policy is a mapping or its JSON text")
                }
                do {
                    _ = try PolicyDocument(parsing: text)
                } catch {
                    throw GatewayConfiguration.Error("\(place) (\(arn)): \(error)")
                }
                policies.append(text)
            }
            guard IAMCaller(arn: arn) != nil else {
                throw GatewayConfiguration.Error(
                    "\(place): \(arn) is not an IAM user, role, root or STS session ARN with a 12-digit account")
            }
            for key in ["userId", "organizationId", "sessionToken"] where map[key] != nil && (map[key] as? String)?.isEmpty != false {
                throw GatewayConfiguration.Error("\(place): \(key) is a string")
            }
            identities.append(
                IamIdentitySettings(
                    accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, arn: arn, policies: policies,
                    userId: map["userId"] as? String, organizationId: map["organizationId"] as? String,
                    sessionToken: map["sessionToken"] as? String))
        }
        return identities
    }

    /// The identities from the JSON text of `PORTCULLIS_IAM_IDENTITIES`.
    static func list(json text: String, source: String) throws(GatewayConfiguration.Error) -> [IamIdentitySettings] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
            throw GatewayConfiguration.Error("\(source) is not JSON")
        }
        return try list(value, source: source)
    }
}
