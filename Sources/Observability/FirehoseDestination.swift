/// An Amazon Data Firehose delivery stream an access log destination ARN names
/// (`arn:aws:firehose:{region}:{account}:deliverystream/{name}`). As on AWS, the stream's name
/// must begin with `amazon-apigateway-`.
public struct FirehoseDestination: Sendable, Hashable {
    public static let requiredPrefix = "amazon-apigateway-"

    public var region: String
    public var streamName: String

    /// nil when `arn` is not a Firehose delivery stream's, or names one API Gateway may not write to.
    public init?(arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "firehose", parts[5].hasPrefix("deliverystream/") else { return nil }
        let name = parts[5].dropFirst("deliverystream/".count)
        guard name.hasPrefix(Self.requiredPrefix), !name.contains("/"), name.count <= 64 else { return nil }
        region = String(parts[3])
        streamName = String(name)
    }
}
