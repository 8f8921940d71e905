/// Who makes a request, as policies see it: anonymous (no IAM authentication: `NONE`, Cognito and
/// Lambda authorizers), or an IAM identity whose SigV4 signature was verified.
public enum PolicyPrincipal: Sendable, Equatable {
    case anonymous
    case iam(IAMCaller)
}

/// A verified IAM caller, from its ARN: an IAM user (`arn:aws:iam::123456789012:user/path/alice`),
/// an account root (`arn:aws:iam::123456789012:root`), an assumed-role session
/// (`arn:aws:sts::123456789012:assumed-role/Admin/session`), a role (`…:role/Admin`) or a
/// federated user (`arn:aws:sts::123456789012:federated-user/bob`).
///
/// The values follow the request context of AWS's global condition keys
/// ([aws:PrincipalArn, aws:PrincipalType, aws:userid, aws:username](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)):
/// a session's `aws:PrincipalArn` is its role's ARN; `aws:username` exists for IAM users only;
/// `aws:userid` is the account id for the root, and otherwise the unique id AWS assigned, which
/// only the configuration can give (`userId`); `aws:PrincipalOrgID` exists when the configuration
/// puts the identity's account in an organization.
public struct IAMCaller: Sendable, Equatable {
    public let arn: String
    public let accountId: String
    /// `aws:PrincipalArn`: the role's ARN for a role session, else `arn`.
    public let principalArn: String
    /// `aws:PrincipalType`: `Account` (root), `User`, `AssumedRole`, `FederatedUser`.
    public let principalType: String
    public let username: String?
    public let userId: String?
    public let organizationId: String?
    public var isRoot: Bool { principalType == "Account" }

    /// The root of `accountId` (`arn:aws:iam::{accountId}:root`).
    public static func accountRoot(_ accountId: String) -> IAMCaller {
        IAMCaller(
            arn: "arn:aws:iam::\(accountId):root", accountId: accountId, principalArn: "arn:aws:iam::\(accountId):root",
            principalType: "Account", username: nil, userId: accountId, organizationId: nil)
    }

    /// A caller whose ARN names no IAM principal: a user of `accountId` without a user name.
    public static func unparsed(arn: String, accountId: String) -> IAMCaller {
        IAMCaller(arn: arn, accountId: accountId, principalArn: arn, principalType: "User", username: nil, userId: nil, organizationId: nil)
    }

    private init(
        arn: String, accountId: String, principalArn: String, principalType: String, username: String?, userId: String?,
        organizationId: String?
    ) {
        self.arn = arn
        self.accountId = accountId
        self.principalArn = principalArn
        self.principalType = principalType
        self.username = username
        self.userId = userId
        self.organizationId = organizationId
    }

    /// nil when `arn` is not an IAM or STS principal ARN with a 12-digit account.
    public init?(arn: String, userId: String? = nil, organizationId: String? = nil) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "iam" || parts[2] == "sts",
            parts[4].count == 12, parts[4].allSatisfy(\.isASCII), parts[4].allSatisfy(\.isNumber)
        else { return nil }
        let account = String(parts[4])
        let resource = parts[5]
        self.arn = arn
        accountId = account
        self.organizationId = organizationId
        let path = resource.split(separator: "/", omittingEmptySubsequences: false)
        var userId = userId
        switch (parts[2], path.first ?? "") {
        case ("iam", "root") where path.count == 1:
            principalType = "Account"
            principalArn = arn
            username = nil
            userId = userId ?? account
        case ("iam", "user") where path.count >= 2:
            principalType = "User"
            principalArn = arn
            username = path.last.map(String.init)
        case ("iam", "role") where path.count >= 2:
            principalType = "AssumedRole"
            principalArn = arn
            username = nil
        case ("sts", "assumed-role") where path.count == 3:
            principalType = "AssumedRole"
            principalArn = "arn:\(parts[1]):iam::\(account):role/\(path[1])"
            username = nil
        case ("sts", "federated-user") where path.count == 2:
            principalType = "FederatedUser"
            principalArn = arn
            username = nil
        default:
            return nil
        }
        self.userId = userId
    }
}
