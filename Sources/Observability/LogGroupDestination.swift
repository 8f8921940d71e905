/// A CloudWatch Logs log group an access log destination ARN names
/// (`arn:aws:logs:{region}:{account}:log-group:{name}`, with or without a trailing `:*`).
public struct LogGroupDestination: Sendable, Hashable {
    public var region: String
    public var groupName: String
    /// The log stream this process writes the stage's lines to.
    public var streamName: String

    /// nil when `arn` is not a CloudWatch Logs log group's (a Firehose stream's, or malformed).
    public init?(arn: String, streamName: String) {
        let parts = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "logs", parts[5] == "log-group" else { return nil }
        var name = parts[6]
        if name.hasSuffix(":*") { name = name.dropLast(2) }
        guard !name.isEmpty, !name.contains(":") else { return nil }
        region = String(parts[3])
        groupName = String(name)
        self.streamName = streamName
    }
}
