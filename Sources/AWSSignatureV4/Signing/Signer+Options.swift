extension Signer {
    /// What the signer signs and adds, beyond the algorithm itself.
    public struct Options: Sendable {
        /// How the path becomes the canonical URI. Default ``PathEncoding/standard``; S3 needs
        /// ``PathEncoding/s3``.
        public var pathEncoding: PathEncoding
        /// Whether the payload hash is the body's SHA-256 (`true`, the default) or
        /// `UNSIGNED-PAYLOAD` (S3 streaming uploads, presigned S3 URLs).
        public var signsPayload: Bool
        /// Whether to send the payload hash in `X-Amz-Content-Sha256` (and sign it). S3 requires
        /// it; other services ignore it. Default `false`.
        public var addsContentSHA256Header: Bool
        /// Whether `X-Amz-Security-Token` is signed (`true`, the default, as botocore does) or
        /// added after the signature is computed (some services require that; the AWS test
        /// suite's `post-sts-header-after`).
        public var signsSecurityToken: Bool
        /// Lower-case names of headers never signed. Defaults to ``defaultUnsignedHeaders``.
        public var unsignedHeaders: Set<String>

        /// Headers that proxies and HTTP clients add, drop or rewrite, so that signing them would
        /// break the signature in transit: botocore's `SIGNED_HEADERS_BLACKLIST` joined with the
        /// AWS SDK for JavaScript's `ALWAYS_UNSIGNABLE_HEADERS`.
        public static let defaultUnsignedHeaders: Set<String> = [
            "authorization", "cache-control", "connection", "expect", "from", "keep-alive", "max-forwards",
            "pragma", "proxy-authenticate", "proxy-authorization", "referer", "te", "trailer",
            "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
        ]

        public init(
            pathEncoding: PathEncoding = .standard,
            signsPayload: Bool = true,
            addsContentSHA256Header: Bool = false,
            signsSecurityToken: Bool = true,
            unsignedHeaders: Set<String> = Options.defaultUnsignedHeaders
        ) {
            self.pathEncoding = pathEncoding
            self.signsPayload = signsPayload
            self.addsContentSHA256Header = addsContentSHA256Header
            self.signsSecurityToken = signsSecurityToken
            self.unsignedHeaders = unsignedHeaders
        }

        /// S3's rules: no path normalisation, single encoding, payload hash sent in
        /// `X-Amz-Content-Sha256`.
        public static var s3: Options {
            Options(pathEncoding: .s3, addsContentSHA256Header: true)
        }
    }
}
