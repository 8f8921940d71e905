public import AWSSignatureV4
import Foundation

/// Where Portcullis calls AWS (Lambda, Cognito's key sets, service integrations), found the way
/// the AWS SDKs find it, so that the settings that point an SDK at real AWS, LocalStack or a local
/// emulator point Portcullis there too:
///
/// - Credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`), else
///   the profile `AWS_PROFILE` (or `default`) of the shared credentials file
///   (`AWS_SHARED_CREDENTIALS_FILE`, `~/.aws/credentials`), else of the config file
///   (`AWS_CONFIG_FILE`, `~/.aws/config`, section `[profile name]`).
/// - Region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else the gateway's.
/// - Endpoints: `AWS_ENDPOINT_URL_<SERVICE>` (the SDK's service id in upper case with `_` for
///   spaces and dashes: `AWS_ENDPOINT_URL_LAMBDA`, `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`),
///   else `AWS_ENDPOINT_URL`, else the profile's `endpoint_url`, else AWS's regional endpoint.
///
/// Read once at start; `description` never shows a secret.
public struct AWSEnvironment: Sendable, CustomStringConvertible {
    public var region: String
    public var credentials: AWSCredentials?
    /// `AWS_ENDPOINT_URL_<SERVICE>` values by their `<SERVICE>` part.
    public var serviceEndpoints: [String: String]
    /// `AWS_ENDPOINT_URL`, or the profile's `endpoint_url`.
    public var endpoint: String?

    public init(region: String, credentials: AWSCredentials? = nil, serviceEndpoints: [String: String] = [:], endpoint: String? = nil) {
        self.region = region
        self.credentials = credentials
        self.serviceEndpoints = serviceEndpoints
        self.endpoint = endpoint
    }

    /// The environment of this process (`environment`) and the shared files it names, with
    /// `defaultRegion` (the gateway's) when nothing names a region.
    public static func resolve(environment: [String: String], defaultRegion: String, home: String? = nil) -> AWSEnvironment {
        let home = home ?? environment["HOME"] ?? NSHomeDirectory()
        let profileName = nonEmpty(environment["AWS_PROFILE"]) ?? "default"
        let credentialsFile = nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"]) ?? "\(home)/.aws/credentials"
        let configFile = nonEmpty(environment["AWS_CONFIG_FILE"]) ?? "\(home)/.aws/config"
        let sharedCredentials = SharedConfigFile.read(credentialsFile)?[profileName] ?? [:]
        let config = SharedConfigFile.read(configFile)?[profileName == "default" ? "default" : "profile \(profileName)"] ?? [:]

        var credentials: AWSCredentials?
        if let id = nonEmpty(environment["AWS_ACCESS_KEY_ID"]), let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"]) {
            credentials = AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"]))
        } else {
            for section in [sharedCredentials, config] {
                if let id = nonEmpty(section["aws_access_key_id"]), let secret = nonEmpty(section["aws_secret_access_key"]) {
                    credentials = AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: nonEmpty(section["aws_session_token"]))
                    break
                }
            }
        }
        let region =
            nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"]) ?? nonEmpty(config["region"]) ?? defaultRegion
        var serviceEndpoints: [String: String] = [:]
        let prefix = "AWS_ENDPOINT_URL_"
        for (name, value) in environment where name.hasPrefix(prefix) && !value.isEmpty {
            serviceEndpoints[String(name.dropFirst(prefix.count))] = value
        }
        return AWSEnvironment(
            region: region, credentials: credentials, serviceEndpoints: serviceEndpoints,
            endpoint: nonEmpty(environment["AWS_ENDPOINT_URL"]) ?? nonEmpty(config["endpoint_url"]))
    }

    /// The base URL (scheme, host, port, no trailing slash) of a service: `serviceId` is the
    /// SDK's (`Lambda`, `Cognito Identity Provider`), `hostPrefix` AWS's (`lambda`, `cognito-idp`).
    public func endpoint(serviceId: String, hostPrefix: String) -> String {
        let key = serviceId.uppercased().map { $0 == " " || $0 == "-" ? "_" : $0 }
        let chosen = serviceEndpoints[String(key)] ?? endpoint ?? "https://\(hostPrefix).\(region).amazonaws.com"
        return chosen.hasSuffix("/") ? String(chosen.dropLast()) : chosen
    }

    /// Whether the service's endpoint was overridden (an emulator, not AWS).
    public func isOverridden(serviceId: String) -> Bool {
        let key = serviceId.uppercased().map { $0 == " " || $0 == "-" ? "_" : $0 }
        return serviceEndpoints[String(key)] != nil || endpoint != nil
    }

    public var description: String {
        "AWSEnvironment(region: \(region), credentials: \(credentials.map { $0.description } ?? "none"), endpoints: \(serviceEndpoints.keys.sorted()))"
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}

/// The AWS shared config and credentials files: INI sections of `key = value` lines.
enum SharedConfigFile {
    /// Sections by name, or nil when the file cannot be read. Files over 1 MiB are ignored.
    static func read(_ path: String) -> [String: [String: String]]? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20,
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        return parse(text)
    }

    static func parse(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[current, default: [:]][key] = value
        }
        return sections
    }
}
