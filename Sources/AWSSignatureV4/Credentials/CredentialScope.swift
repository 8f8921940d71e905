/// The scope a signature is valid for: `date/region/service/aws4_request`.
///
/// The signing key is derived from the secret for exactly this scope, so a signature made for
/// one day, region or service is worthless for another.
public struct CredentialScope: Sendable, Hashable, CustomStringConvertible {
    /// The UTC day, `yyyyMMdd`.
    public var dateStamp: String
    /// The region, e.g. `us-east-1`.
    public var region: String
    /// The signing name of the service, e.g. `execute-api`, `apigateway`, `lambda`, `s3`.
    public var service: String

    public init(dateStamp: String, region: String, service: String) {
        self.dateStamp = dateStamp
        self.region = region
        self.service = service
    }

    /// The scope of a request signed at `date`.
    public init(date: AmzDate, region: String, service: String) {
        self.init(dateStamp: date.dateStamp, region: region, service: service)
    }

    /// `date/region/service/aws4_request`, as written in the string to sign and (after the access
    /// key id) in the `Credential` of the `Authorization` header.
    public var string: String {
        "\(dateStamp)/\(region)/\(service)/\(SignatureV4.scopeTerminator)"
    }

    public var description: String { string }
}
