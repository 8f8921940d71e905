import Foundation
import JSON

/// The AWS variables API Gateway resolves when it imports a document: `${AWS::AccountId}`,
/// `${AWS::Region}` and `${AWS::Partition}`, wherever they appear in a string value of the
/// document (the developer guide's "AWS variables for OpenAPI import": integration URIs,
/// credentials, authorizer URIs, provider ARNs, policies). Keys are left as written.
public struct AWSImportVariables: Sendable, Hashable {
    /// The account that imports the API, e.g. `123456789012`.
    public var accountId: String
    /// The Region the API is imported into, e.g. `us-east-1`.
    public var region: String
    /// The partition, `aws` for the standard Regions.
    public var partition: String

    public init(accountId: String, region: String, partition: String = "aws") {
        self.accountId = accountId
        self.region = region
        self.partition = partition
    }

    /// `value` with every variable replaced; values without `${AWS::` are returned unchanged.
    func resolve(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text) where text.contains("${AWS::"):
            return .string(
                text.replacingOccurrences(of: "${AWS::AccountId}", with: accountId)
                    .replacingOccurrences(of: "${AWS::Region}", with: region)
                    .replacingOccurrences(of: "${AWS::Partition}", with: partition))
        case .array(let elements):
            return .array(elements.map(resolve))
        case .object(let object):
            return .object(JSONObject(object.map { ($0.key, resolve($0.value)) }))
        default:
            return value
        }
    }
}
