import DataPlane
import Foundation

/// An interface VPC endpoint of the process configuration: which clients come through it, for
/// private APIs and the `aws:SourceVpce` / `aws:SourceVpc` keys of resource policies.
///
/// ```yaml
/// privateEndpoints:
///   - vpceId: vpce-0123456789abcdef0
///     vpcId: vpc-0a1b2c3d               # optional
///     sourceCidrs: [10.0.0.0/16]        # client addresses of this endpoint
///     header: x-amzn-vpce-id            # optional: a header a trusted proxy sets to the vpceId
/// ```
/// or, in the environment, `PORTCULLIS_PRIVATE_ENDPOINTS` as the same list in JSON. A request
/// comes through the first endpoint whose blocks hold its client address (when it has blocks) and
/// whose header carries its id (when it names one); an endpoint needs blocks, a header or both.
public struct PrivateEndpointSettings: Sendable, Equatable {
    public var vpceId: String
    public var vpcId: String?
    public var sourceCidrs: [String]
    public var header: String?

    /// The compiled endpoint (the settings were checked when read).
    var endpoint: PrivateEndpoints.Endpoint? {
        PrivateEndpoints.Endpoint(vpceId: vpceId, vpcId: vpcId, sourceCidrs: sourceCidrs, header: header)
    }

    /// Reads the list (from YAML or JSON), checking every field.
    static func list(_ value: Any, source: String) throws(GatewayConfiguration.Error) -> [PrivateEndpointSettings] {
        guard let entries = value as? [Any] else { throw GatewayConfiguration.Error("\(source) must be a list of endpoints") }
        var endpoints: [PrivateEndpointSettings] = []
        for (index, entry) in entries.enumerated() {
            let place = "\(source)[\(index)]"
            guard let map = entry as? [String: Any] else { throw GatewayConfiguration.Error("\(place) must be a mapping") }
            for key in map.keys where !["vpceId", "vpcId", "sourceCidrs", "header"].contains(key) {
                throw GatewayConfiguration.Error("\(place): unknown key '\(key)'")
            }
            guard let vpceId = map["vpceId"] as? String, vpceId.hasPrefix("vpce-") else {
                throw GatewayConfiguration.Error("\(place) needs a vpceId (vpce-…)")
            }
            if let vpcId = map["vpcId"], (vpcId as? String)?.hasPrefix("vpc-") != true {
                throw GatewayConfiguration.Error("\(place): vpcId is a VPC id (vpc-…)")
            }
            let cidrs: [String]
            switch map["sourceCidrs"] {
            case nil: cidrs = []
            case let list as [Any]: cidrs = list.map { "\($0)" }
            default: throw GatewayConfiguration.Error("\(place): sourceCidrs is a list of CIDR blocks")
            }
            if let header = map["header"], (header as? String)?.isEmpty != false {
                throw GatewayConfiguration.Error("\(place): header is a header name")
            }
            let settings = PrivateEndpointSettings(
                vpceId: vpceId, vpcId: map["vpcId"] as? String, sourceCidrs: cidrs, header: map["header"] as? String)
            guard settings.endpoint != nil else {
                throw GatewayConfiguration.Error("\(place) needs valid sourceCidrs (e.g. 10.0.0.0/16), a header, or both")
            }
            endpoints.append(settings)
        }
        return endpoints
    }

    /// The endpoints from the JSON text of `PORTCULLIS_PRIVATE_ENDPOINTS`.
    static func list(json text: String, source: String) throws(GatewayConfiguration.Error) -> [PrivateEndpointSettings] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
            throw GatewayConfiguration.Error("\(source) is not JSON")
        }
        return try list(value, source: source)
    }
}
