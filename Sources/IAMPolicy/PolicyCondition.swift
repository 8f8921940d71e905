#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import JSON

/// The request facts a policy condition can test. Only `aws:SourceIp` is known yet.
public struct ConditionContext: Sendable {
    public var sourceIp: String?

    public init(sourceIp: String? = nil) {
        self.sourceIp = sourceIp
    }
}

/// One condition of a statement: `IpAddress` / `NotIpAddress` on `aws:SourceIp` (IPv4 and IPv6
/// CIDR blocks), the operators AWS's resource-policy examples for API Gateway use. Anything else
/// is `unsupported`, and the statement is then handled conservatively (see `PolicyDocument`).
enum PolicyCondition: Sendable {
    case sourceIp(blocks: [CIDRBlock], negated: Bool)
    case unsupported

    /// Every condition of a `Condition` block (operator → key → values).
    static func parse(_ value: JSONValue) -> [PolicyCondition] {
        guard let operators = value.objectValue else { return [.unsupported] }
        var conditions: [PolicyCondition] = []
        for (name, keys) in operators {
            guard name == "IpAddress" || name == "NotIpAddress", let keys = keys.objectValue else {
                conditions.append(.unsupported)
                continue
            }
            for (key, values) in keys {
                let texts = values.stringValue.map { [$0] } ?? values.arrayValue?.compactMap(\.stringValue) ?? []
                let blocks = texts.compactMap(CIDRBlock.init)
                guard key.lowercased() == "aws:sourceip", !texts.isEmpty, blocks.count == texts.count else {
                    conditions.append(.unsupported)
                    continue
                }
                conditions.append(.sourceIp(blocks: blocks, negated: name == "NotIpAddress"))
            }
        }
        return conditions
    }

    /// Whether the condition holds; nil when it cannot be evaluated.
    func holds(in context: ConditionContext) -> Bool? {
        switch self {
        case .unsupported: return nil
        case .sourceIp(let blocks, let negated):
            guard let ip = context.sourceIp.flatMap(CIDRBlock.address) else { return negated ? true : false }
            let inside = blocks.contains { $0.contains(ip) }
            return negated ? !inside : inside
        }
    }
}

/// An IPv4 or IPv6 block (`10.0.0.0/8`, `2001:db8::/32`, or a single address).
struct CIDRBlock: Sendable {
    let network: [UInt8]
    let prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let address = Self.address(String(parts[0])) else { return nil }
        let bits = address.count * 8
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), (0...bits).contains(prefix) else { return nil }
            self.prefix = prefix
        } else {
            prefix = bits
        }
        network = address
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address; IPv4-mapped IPv6 addresses become IPv4.
    static func address(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }

    func contains(_ address: [UInt8]) -> Bool {
        guard address.count == network.count else { return false }
        var remaining = prefix
        for index in 0..<network.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address[index] & mask != network[index] & mask { return false }
            remaining -= bits
        }
        return true
    }
}
