/// AWS's request quotas, enforced before anything else looks at a request.
public struct RequestLimits: Sendable, Hashable {
    /// Request line plus headers, in bytes (AWS: 10,240).
    public var maximumHeaderBytes: Int
    /// Payload, in bytes (AWS: 10 MB).
    public var maximumBodyBytes: Int

    public init(maximumHeaderBytes: Int = 10_240, maximumBodyBytes: Int = 10 * 1024 * 1024) {
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumBodyBytes = maximumBodyBytes
    }

    public static let aws = RequestLimits()
}
