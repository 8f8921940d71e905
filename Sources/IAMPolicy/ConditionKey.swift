/// The global condition keys AWS puts in the request context of an `execute-api:Invoke` call
/// ([AWS global condition context keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)).
/// Names are case-insensitive. A key outside this list cannot be judged: see `ConditionLookup.unknown`.
enum ConditionKey: Sendable, Equatable {
    case sourceIp
    case sourceVpce
    case sourceVpc
    case vpcSourceIp
    case currentTime
    case epochTime
    case secureTransport
    case principalArn
    case principalAccount
    case principalOrgId
    case principalType
    case userId
    case username
    case referer
    case userAgent
    case requestedRegion
    case unknown(String)

    init(_ name: String) {
        switch name.lowercased() {
        case "aws:sourceip": self = .sourceIp
        case "aws:sourcevpce": self = .sourceVpce
        case "aws:sourcevpc": self = .sourceVpc
        case "aws:vpcsourceip": self = .vpcSourceIp
        case "aws:currenttime": self = .currentTime
        case "aws:epochtime": self = .epochTime
        case "aws:securetransport": self = .secureTransport
        case "aws:principalarn": self = .principalArn
        case "aws:principalaccount": self = .principalAccount
        case "aws:principalorgid": self = .principalOrgId
        case "aws:principaltype": self = .principalType
        case "aws:userid": self = .userId
        case "aws:username": self = .username
        case "aws:referer": self = .referer
        case "aws:useragent": self = .userAgent
        case "aws:requestedregion": self = .requestedRegion
        default: self = .unknown(name)
        }
    }

    /// Whether the key's value depends on who the caller is.
    var describesPrincipal: Bool {
        switch self {
        case .principalArn, .principalAccount, .principalOrgId, .principalType, .userId, .username: true
        default: false
        }
    }
}

/// A key's value in a request: present, absent (AWS would not have it either), or unknown (AWS
/// would have a value this gateway cannot know). An unknown value never lets a request through.
enum ConditionLookup {
    case value(String)
    case absent
    case unknown
}
