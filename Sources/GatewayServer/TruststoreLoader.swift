import AWSClients
import Foundation
import NIOCore

/// Fetches mutual TLS truststores: `s3://bucket/key` through S3 (`GetObject`, the domain's
/// `truststoreVersion` as the object's `versionId`), and — a Portcullis extension for local
/// setups — a file named by `file:///path` or an absolute path. At most 1 MiB, AWS's limit.
struct TruststoreLoader: Sendable {
    let s3: S3Client?

    static let maximumBytes = 1_048_576

    /// A local truststore file, if `uri` names one (its changes are watched like certificate files).
    static func localPath(_ uri: String) -> String? {
        if uri.hasPrefix("file://") { return String(uri.dropFirst("file://".count)) }
        return uri.hasPrefix("/") ? uri : nil
    }

    func load(uri: String, version: String?) async -> Result<TLSTruststore, TruststoreLoadError> {
        let text: String
        if let path = Self.localPath(uri) {
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(TruststoreLoadError("cannot read \(path)"))
            }
            guard data.count <= Self.maximumBytes else { return .failure(TruststoreLoadError("\(path) is over 1 MiB")) }
            text = String(decoding: data, as: UTF8.self)
        } else if uri.hasPrefix("s3://") {
            let rest = uri.dropFirst("s3://".count)
            guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex, rest.index(after: slash) != rest.endIndex else {
                return .failure(TruststoreLoadError("\(uri) is not s3://bucket/key"))
            }
            guard let s3 else { return .failure(TruststoreLoadError("no S3 client")) }
            do {
                let body = try await s3.getObject(
                    bucket: String(rest[..<slash]), key: String(rest[rest.index(after: slash)...]), versionId: version,
                    maxBytes: Self.maximumBytes)
                text = String(buffer: body)
            } catch {
                return .failure(TruststoreLoadError("cannot get \(uri)\(version.map { " version \($0)" } ?? ""): \(error)"))
            }
        } else {
            return .failure(TruststoreLoadError("\(uri) is neither s3://bucket/key nor a file"))
        }
        do {
            return .success(try TLSTruststore(pem: text))
        } catch {
            return .failure(TruststoreLoadError("\(uri): \(error)"))
        }
    }
}

/// Why a truststore could not be loaded, for the log.
struct TruststoreLoadError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
