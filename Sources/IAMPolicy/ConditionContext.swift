#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The request facts a policy condition can test, gathered once per request.
///
/// As on AWS, a request that arrives through a VPC endpoint (`sourceVpce` set) has no
/// `aws:SourceIp`; its client address is `aws:VpcSourceIp` instead
/// ([aws:SourceIp](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip)).
public struct ConditionContext: Sendable {
    /// The client address (`$context.identity.sourceIp`).
    public var sourceIp: String?
    /// The VPC endpoint the request came through (`aws:SourceVpce`), and its VPC (`aws:SourceVpc`).
    public var sourceVpce: String?
    public var sourceVpc: String?
    /// The request time, in seconds since 1970 (`aws:CurrentTime`, `aws:EpochTime`).
    public var epochSeconds: Int64?
    /// Whether the request came over TLS (`aws:SecureTransport`).
    public var secureTransport: Bool?
    /// The `Referer` and `User-Agent` headers, when sent.
    public var referer: String?
    public var userAgent: String?
    /// The region the request is for (`aws:RequestedRegion`).
    public var requestedRegion: String?
    /// Who calls: the `aws:Principal…`, `aws:userid`, `aws:username` keys, and what `Principal`
    /// elements are matched against.
    public var principal: PolicyPrincipal

    public init(
        sourceIp: String? = nil, sourceVpce: String? = nil, sourceVpc: String? = nil, epochSeconds: Int64? = nil,
        secureTransport: Bool? = nil, referer: String? = nil, userAgent: String? = nil, requestedRegion: String? = nil,
        principal: PolicyPrincipal = .anonymous
    ) {
        self.sourceIp = sourceIp
        self.sourceVpce = sourceVpce
        self.sourceVpc = sourceVpc
        self.epochSeconds = epochSeconds
        self.secureTransport = secureTransport
        self.referer = referer
        self.userAgent = userAgent
        self.requestedRegion = requestedRegion
        self.principal = principal
    }

    func lookup(_ key: ConditionKey) -> ConditionLookup {
        switch key {
        case .sourceIp: return sourceVpce == nil ? present(sourceIp) : .absent
        case .vpcSourceIp: return sourceVpce == nil ? .absent : present(sourceIp)
        case .sourceVpce: return present(sourceVpce)
        case .sourceVpc: return present(sourceVpc)
        case .currentTime: return epochSeconds.map { .value(Self.iso8601($0)) } ?? .absent
        case .epochTime: return epochSeconds.map { .value(String($0)) } ?? .absent
        case .secureTransport: return secureTransport.map { .value($0 ? "true" : "false") } ?? .absent
        case .referer: return present(referer)
        case .userAgent: return present(userAgent)
        case .requestedRegion: return present(requestedRegion)
        case .unknown: return .unknown
        case .principalArn, .principalAccount, .principalOrgId, .principalType, .userId, .username:
            return principalLookup(key)
        }
    }

    private func principalLookup(_ key: ConditionKey) -> ConditionLookup {
        guard case .iam(let caller) = principal else {
            // AWS's context for an anonymous request: type Anonymous, user id "anonymous", nothing else.
            switch key {
            case .principalType: return .value("Anonymous")
            case .userId: return .value("anonymous")
            default: return .absent
            }
        }
        switch key {
        case .principalArn: return .value(caller.principalArn)
        case .principalAccount: return .value(caller.accountId)
        case .principalOrgId: return present(caller.organizationId)
        case .principalType: return .value(caller.principalType)
        case .username: return present(caller.username)
        case .userId: return caller.userId.map { .value($0) } ?? .unknown
        default: return .unknown
        }
    }

    private func present(_ value: String?) -> ConditionLookup {
        value.map { .value($0) } ?? .absent
    }

    /// `2026-12-07T04:51:57Z`.
    static func iso8601(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
