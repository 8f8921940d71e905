import AWSSignatureV4

/// The admin credentials the management API accepts: every request must be SigV4-signed with one
/// of them. From the configuration or `PORTCULLIS_ADMIN_ACCESS_KEY_ID` /
/// `PORTCULLIS_ADMIN_SECRET_ACCESS_KEY`; without either, the development default `test`/`test`
/// (what aws-cli users of local emulators already have configured), with a warning at start, and
/// only on a loopback listener (``GatewayConfiguration/checkServable()``).
public struct ManagementCredentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    /// Whether these are the development default.
    public var isDevelopmentDefault: Bool

    public init(accessKeyId: String, secretAccessKey: String) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.isDevelopmentDefault = false
    }

    public static let developmentDefault: ManagementCredentials = {
        var credentials = ManagementCredentials(accessKeyId: "test", secretAccessKey: "test")
        credentials.isDevelopmentDefault = true
        return credentials
    }()

    /// Whether these are `test`/`test`, however they were set: known to every aws-cli user of a
    /// local emulator, so never to be accepted from the network.
    public var isWellKnown: Bool { accessKeyId == "test" && secretAccessKey == "test" }

    /// Never shows the secret.
    public var description: String { "ManagementCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>)" }

    var awsCredentials: AWSCredentials {
        AWSCredentials(accessKeyID: accessKeyId, secretAccessKey: secretAccessKey)
    }
}
