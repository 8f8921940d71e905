public import IAMPolicy
import NIOHTTP1

/// The VPC endpoints of the process configuration: which clients reach the gateway through which
/// interface VPC endpoint (and VPC). On AWS the network says it; here the configuration does, by
/// client address (`sourceCidrs`), by a header a trusted proxy in front sets to the endpoint id
/// (e.g. `x-amzn-vpce-id`, the header AWS itself passes on), or both.
///
/// A request that comes through an endpoint has `aws:SourceVpce` and `aws:SourceVpc` (and no
/// `aws:SourceIp`, as on AWS) for resource policies; a private API (`PRIVATE` endpoint type)
/// answers only such requests.
public struct PrivateEndpoints: Sendable {
    public struct Endpoint: Sendable {
        public let vpceId: String
        public let vpcId: String?
        let blocks: [CIDRBlock]
        /// The header whose value must be `vpceId`, lowercased.
        let header: String?

        /// nil when a CIDR block is invalid or neither blocks nor a header are given.
        public init?(vpceId: String, vpcId: String?, sourceCidrs: [String], header: String?) {
            let blocks = sourceCidrs.compactMap(CIDRBlock.init)
            guard !vpceId.isEmpty, blocks.count == sourceCidrs.count, !blocks.isEmpty || header != nil else { return nil }
            self.vpceId = vpceId
            self.vpcId = vpcId
            self.blocks = blocks
            self.header = header?.lowercased()
        }

        func admits(sourceIp: String, headers: HTTPHeaders) -> Bool {
            if !blocks.isEmpty, !blocks.contains(where: { $0.contains(address: sourceIp) }) { return false }
            if let header, headers.first(name: header) != vpceId { return false }
            return true
        }
    }

    public let endpoints: [Endpoint]

    public init(_ endpoints: [Endpoint]) {
        self.endpoints = endpoints
    }

    public static let none = PrivateEndpoints([])

    /// The first endpoint that admits the request, in configuration order.
    func endpoint(sourceIp: String, headers: HTTPHeaders) -> Endpoint? {
        endpoints.first { $0.admits(sourceIp: sourceIp, headers: headers) }
    }
}
