extension Verifier {
    /// What the verifier accepts. Every default is AWS's.
    public struct Configuration: Sendable {
        /// Where the payload hash of the canonical request comes from.
        public enum PayloadHashSource: Sendable, Hashable {
            /// The hash of the body the server received (``SignableRequest/payload``), whatever
            /// `X-Amz-Content-Sha256` says: what API Gateway and the other non-S3 services do.
            case requestPayload
            /// S3's rule: the value of `X-Amz-Content-Sha256` when present (it must then match the
            /// body, unless it is `UNSIGNED-PAYLOAD` and `allowsUnsignedPayload`);
            /// `UNSIGNED-PAYLOAD` for presigned URLs without it; the body's hash otherwise.
            case contentSHA256Header(allowsUnsignedPayload: Bool)
        }

        /// The region credentials must be scoped to, or `nil` to accept any region (the key is
        /// then derived for the region the request names). Default `nil`.
        public var region: String?
        /// The service signing name credentials must be scoped to (`execute-api` for the data
        /// plane, `apigateway` for the management API), or `nil` to accept any. Default `nil`.
        public var service: String?
        /// How far the signing time may be from the server's clock, either way, in seconds.
        /// Default 900 (15 minutes), AWS's.
        public var allowedClockSkew: Int64
        /// The longest `X-Amz-Expires` of a presigned URL, in seconds. Default 604 800 (a week).
        public var maximumPresignedExpiry: Int64
        /// How the path becomes the canonical URI. Default ``PathEncoding/standard``.
        public var pathEncoding: PathEncoding
        /// Where the payload hash comes from. Default ``PayloadHashSource/requestPayload``.
        public var payloadHashSource: PayloadHashSource

        public init(
            region: String? = nil,
            service: String? = nil,
            allowedClockSkew: Int64 = 900,
            maximumPresignedExpiry: Int64 = 604_800,
            pathEncoding: PathEncoding = .standard,
            payloadHashSource: PayloadHashSource = .requestPayload
        ) {
            self.region = region
            self.service = service
            self.allowedClockSkew = allowedClockSkew
            self.maximumPresignedExpiry = maximumPresignedExpiry
            self.pathEncoding = pathEncoding
            self.payloadHashSource = payloadHashSource
        }
    }
}
